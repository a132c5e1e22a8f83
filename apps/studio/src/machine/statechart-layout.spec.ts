import type {
  MachineLayout,
  MachineTransitionView,
  MachineView,
  PlacedStateView,
  StateNodeView,
} from '../api/contract';
import { statechartLayout } from './statechart-layout';

const state = (id: string, children: StateNodeView[] = [], targets: string[][] = []): StateNodeView => ({
  id,
  key: id.split('.').at(-1) ?? id,
  type: children.length === 0 ? 'atomic' : 'compound',
  initial: children[0]?.id ?? null,
  children,
  transitions: targets.map((to, i): MachineTransitionView => ({
    id: `${id}#${i}`,
    source: id,
    kind: 'event',
    event: 'Happened',
    delay: null,
    guard: null,
    targets: to,
    actions: [],
    reenter: false,
  })),
});

const machine: MachineView = {
  id: 'm',
  version: '3',
  root: state('m', [state('m.a', [], [['m.b', 'm.a']]), state('m.b')]),
};

const box = { x: 1, y: 2, width: 30, height: 20 };
const label = (lines: string[]) => ({ ...box, lines });
const placed = (id: string, depth: number): PlacedStateView => ({
  ...box,
  id,
  depth,
  region: false,
  name: label([id]),
  count: label(['888,888']),
  inPlace: null,
});
const text = { fontFamily: 'Inter', fontWeight: 400, fontSize: 11, lineHeight: 14, tabularNumbers: false };

const laidOut: MachineLayout = {
  machineId: 'm',
  machineVersion: '3',
  text: { state: text, count: text, label: text, traffic: text },
  width: 200,
  height: 100,
  states: [placed('m', 0), placed('m.a', 1), placed('m.b', 1)],
  arrows: [
    { transition: 'm.a#0', target: 'm.b', points: [], label: label(['Happened']) },
    { transition: 'm.a#0', target: 'm.a', points: [], label: null },
  ],
  initials: [{ state: 'm', dot: box, points: [] }],
};

describe('the engine’s layout of the chart, joined with the machine', () => {
  it('gives each box its state and each arrow its transition and target', () => {
    const layout = statechartLayout(machine, laidOut);
    expect(layout.states.map((s) => [s.state.id, s.state.key, s.depth])).toEqual([
      ['m', 'm', 0],
      ['m.a', 'a', 1],
      ['m.b', 'b', 1],
    ]);
    expect(layout.transitions.map((t) => [t.edge.id, t.edge.transition.event, t.label?.lines])).toEqual([
      ['m.a#0->m.b', 'Happened', ['Happened']],
      ['m.a#0->m.a', 'Happened', undefined],
    ]);
    expect(layout.text.label).toBe(text);
    expect([layout.width, layout.height, layout.initials]).toEqual([200, 100, laidOut.initials]);
  });

  it('refuses a layout of another version of the machine', () => {
    expect(() => statechartLayout(machine, { ...laidOut, machineVersion: '4' })).toThrow(
      'the engine laid out machine m version 4, not m version 3: reload the page',
    );
  });

  it('refuses a layout that places a state or routes a transition the machine does not have', () => {
    expect(() => statechartLayout(machine, { ...laidOut, states: [placed('m.c', 1)] })).toThrow('state m.c');
    expect(() =>
      statechartLayout(machine, {
        ...laidOut,
        arrows: [{ transition: 'm.b#0', target: 'm.a', points: [], label: null }],
      }),
    ).toThrow('transition m.b#0 to m.a');
  });
});
