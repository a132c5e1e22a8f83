import ELK from 'elkjs/lib/elk.bundled.js';
import type { MachineTransitionView, MachineView, StateNodeView } from '../api/contract';
import { layoutStatechart, type Box, type StatechartLayout } from './statechart-layout';

const state = (
  id: string,
  type: StateNodeView['type'],
  children: StateNodeView[] = [],
  transitions: Array<Partial<MachineTransitionView> & { targets: string[] }> = [],
): StateNodeView => ({
  id,
  key: id.split('.').at(-1) ?? id,
  type,
  initial: type === 'compound' ? (children[0]?.id ?? null) : null,
  children,
  transitions: transitions.map((t, i) => ({
    id: `${id}#${i}`,
    source: id,
    kind: 'event',
    event: 'Happened',
    delay: null,
    guard: null,
    actions: [],
    reenter: false,
    ...t,
  })),
});

const machineWith = (crossing: boolean): MachineView => ({
  id: 'm',
  version: '1',
  root: state('m', 'parallel', [
    state('m.a', 'compound', [
      state('m.a.one', 'atomic', [], [{ targets: ['m.a.two'], guard: 'ready' }, { targets: [] }]),
      state('m.a.two', 'compound', [
        state(
          'm.a.two.x',
          'atomic',
          [],
          [{ kind: 'after', event: 'xstate.after.wait.m.a.two.x', delay: 'wait', targets: ['m.a.one'] }],
        ),
      ]),
    ]),
    state('m.b', 'compound', [
      state('m.b.on', 'atomic', [], [{ targets: crossing ? ['m.a.one'] : ['m.b.off'] }]),
      state('m.b.off', 'atomic', [], [{ targets: ['m.b.on'] }]),
    ]),
  ]),
});

const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width + 0.5 &&
  inner.y + inner.height <= outer.y + outer.height + 0.5;

describe('laying a statechart out with ELK', () => {
  const layout = (crossing: boolean): Promise<StatechartLayout> =>
    layoutStatechart(new ELK(), machineWith(crossing), (text) => text.length * 7);

  it.each([false, true])(
    'places every state inside its parent, and routes every arrow (crossing: %s)',
    async (crossing) => {
      const { states, transitions, initials, width, height } = await layout(crossing);
      const byId = new Map(states.map((s) => [s.state.id, s]));
      expect([...byId.keys()].sort()).toEqual([
        'm',
        'm.a',
        'm.a.one',
        'm.a.two',
        'm.a.two.x',
        'm.b',
        'm.b.off',
        'm.b.on',
      ]);
      for (const placed of states) {
        const parent = byId.get(placed.state.id.split('.').slice(0, -1).join('.'));
        if (parent !== undefined) expect(inside(placed, parent)).toBe(true);
        expect(inside(placed.name, placed)).toBe(true);
        expect(inside(placed, { x: 0, y: 0, width, height })).toBe(true);
      }
      expect(transitions).toHaveLength(4);
      for (const t of transitions) {
        expect(t.points.length).toBeGreaterThanOrEqual(2);
        expect(t.label?.lines.length).toBeGreaterThan(0);
      }
      expect(initials.map((i) => i.state).sort()).toEqual(['m.a', 'm.a.two', 'm.b']);
      expect(byId.get('m.a')?.region).toBe(true);
      expect(byId.get('m.a.two')?.region).toBe(false);
    },
  );

  it('stacks the regions of a parallel root in the machine’s order, aligned left', async () => {
    const { states } = await layout(false);
    const [a, b] = ['m.a', 'm.b'].map((id) => states.find((s) => s.state.id === id)!);
    expect(a!.y + a!.height).toBeLessThanOrEqual(b!.y);
    expect(a!.x).toBe(b!.x);
  });

  it('labels an arrow with its trigger and guard', async () => {
    const { transitions } = await layout(false);
    const labels = transitions.map((t) => t.label?.lines);
    expect(labels).toContainEqual(['Happened', '[ready]']);
    expect(labels).toContainEqual(['after wait']);
  });
});
