import type { MachineTransitionView } from './machine-view';
import { transitionLabel } from './transition-label';

const transition = (fields: Partial<MachineTransitionView>): MachineTransitionView => ({
  id: 'customer.active#0',
  source: 'customer.active',
  kind: 'event',
  event: 'Clicked',
  delay: null,
  guard: null,
  targets: ['customer.idle'],
  actions: [],
  reenter: false,
  ...fields,
});

describe('what an arrow says', () => {
  it('names its event, then its guard in brackets', () => {
    expect(transitionLabel(transition({}))).toEqual(['Clicked']);
    expect(transitionLabel(transition({ guard: 'churnRisky' }))).toEqual(['Clicked', '[churnRisky]']);
  });

  it('says `always` for an eventless transition', () => {
    expect(transitionLabel(transition({ kind: 'always', event: null }))).toEqual(['always']);
  });

  it('writes a delay in milliseconds as a duration, and a named delay by its name', () => {
    expect(transitionLabel(transition({ kind: 'after', delay: String(3 * 86_400_000) }))).toEqual(['after 3d']);
    expect(transitionLabel(transition({ kind: 'after', delay: 'email' }))).toEqual(['after email']);
    expect(transitionLabel(transition({ kind: 'after', delay: null }))).toEqual(['after ?']);
  });
});
