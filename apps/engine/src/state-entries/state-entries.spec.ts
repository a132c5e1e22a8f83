import { createLifecycleMachine } from '@heed/domain';
import { enteredStates, initialRegionStates, lifecycleStateEntries, regionStateOf } from './state-entries';

const initial = initialRegionStates(createLifecycleMachine());
const entered = (from: unknown, to: unknown): string[] =>
  enteredStates({ from, to }, lifecycleStateEntries, initial).map((e) => e.state);

describe('state entries', () => {
  it('reads the initial state of each region from the machine', () =>
    expect(initial).toMatchObject({ engagement: 'active', fraud: 'clear' }));

  it('reads a region’s top-level state, nested or not', () => {
    expect(regionStateOf({ engagement: { 'at-risk': 'flagged' } }, 'engagement')).toBe('at-risk');
    expect(regionStateOf({ fraud: 'suspicious' }, 'fraud')).toBe('suspicious');
    expect(regionStateOf(null, 'fraud')).toBeUndefined();
  });

  it('is an entry when the region was elsewhere before; a first change starts from the initial states', () => {
    expect(entered(null, { engagement: 'active', fraud: 'clear' })).toEqual([]);
    expect(entered(null, { engagement: 'active', fraud: 'suspicious' })).toEqual(['suspicious']);
    expect(
      entered({ engagement: 'active', fraud: 'clear' }, { engagement: { 'at-risk': 'flagged' }, fraud: 'clear' }),
    ).toEqual(['at-risk']);
    expect(
      entered(
        { engagement: { 'at-risk': 'flagged' }, fraud: 'clear' },
        { engagement: { 'at-risk': 'emailed' }, fraud: 'clear' },
      ),
    ).toEqual([]);
    expect(entered({ engagement: 'churning', fraud: 'clear' }, { engagement: 'active', fraud: 'suspicious' })).toEqual([
      'suspicious',
      'active',
    ]);
  });
});
