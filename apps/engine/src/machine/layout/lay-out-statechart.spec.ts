import type { BoxView, MachineLayout, MachineTransitionView, MachineView, StateNodeView } from '@heed/statechart';
import ELK from 'elkjs/lib/elk.bundled.js';
import { layOutStatechart } from './lay-out-statechart';
import { TRAFFIC_GAP } from './statechart-graph';

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
      state('m.b.off', 'atomic', [], [{ targets: ['m.b.on'], kind: 'after', delay: '90000000' }]),
    ]),
  ]),
});

const inside = (inner: BoxView, outer: BoxView) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width + 0.5 &&
  inner.y + inner.height <= outer.y + outer.height + 0.5;

/** 7 px a character: the tests check where text goes, not how wide a font is. */
const measure = (text: string) => text.length * 7;

describe('laying a statechart out with ELK', () => {
  const layout = (crossing: boolean): Promise<MachineLayout> =>
    layOutStatechart(new ELK(), machineWith(crossing), measure);

  it.each([false, true])(
    'places every state inside its parent, and routes every arrow (crossing: %s)',
    async (crossing) => {
      const { states, arrows, initials, width, height, machineId, machineVersion } = await layout(crossing);
      expect([machineId, machineVersion]).toEqual(['m', '1']);
      const byId = new Map(states.map((s) => [s.id, s]));
      expect(states.map((s) => s.id)).toEqual([
        'm',
        'm.a',
        'm.a.one',
        'm.a.two',
        'm.a.two.x',
        'm.b',
        'm.b.on',
        'm.b.off',
      ]);
      for (const placed of states) {
        const parent = byId.get(placed.id.split('.').slice(0, -1).join('.'));
        if (parent !== undefined) expect(inside(placed, parent)).toBe(true);
        expect(inside(placed.name, placed)).toBe(true);
        expect(inside(placed.count, placed)).toBe(true);
        expect(inside(placed, { x: 0, y: 0, width, height })).toBe(true);
      }
      expect(arrows.map((a) => `${a.transition}->${a.target}`)).toEqual([
        'm.a.one#0->m.a.two',
        'm.a.two.x#0->m.a.one',
        `m.b.on#0->${crossing ? 'm.a.one' : 'm.b.off'}`,
        'm.b.off#0->m.b.on',
      ]);
      for (const arrow of arrows) {
        expect(arrow.points.length).toBeGreaterThanOrEqual(2);
        expect(arrow.label?.lines.length).toBeGreaterThan(0);
      }
      expect(initials.map((i) => i.state).sort()).toEqual(['m.a', 'm.a.two', 'm.b']);
      expect(byId.get('m.a')?.region).toBe(true);
      expect(byId.get('m.a.two')?.region).toBe(false);
    },
  );

  it('stacks the regions of a parallel root in the machine’s order, aligned left', async () => {
    const { states } = await layout(false);
    const [a, b] = ['m.a', 'm.b'].map((id) => states.find((s) => s.id === id)!);
    expect(a!.y + a!.height).toBeLessThanOrEqual(b!.y);
    expect(a!.x).toBe(b!.x);
  });

  it('labels an arrow with its trigger and guard, and a delay in its own words', async () => {
    const { arrows } = await layout(false);
    const labels = arrows.map((a) => a.label?.lines);
    expect(labels).toContainEqual(['Happened', '[ready]']);
    expect(labels).toContainEqual(['after wait']);
    expect(labels).toContainEqual(['after 1d 1h']);
  });

  it('sizes labels by the measured text, keeping room on an arrow for its count', async () => {
    const { states, arrows } = await layout(false);
    const one = states.find((s) => s.id === 'm.a.one')!;
    expect(one.name).toMatchObject({ lines: ['one'], width: 3 * 7 + 4, height: 16 });
    expect(one.count).toMatchObject({ lines: ['888,888'], width: 7 * 7 + 4 });
    expect(one.inPlace?.lines).toEqual(['↺ 1 event in place']);
    const guarded = arrows.find((a) => a.transition === 'm.a.one#0')!;
    expect(guarded.label?.width).toBe(Math.ceil('Happened'.length * 7 + TRAFFIC_GAP + '×8,888'.length * 7) + 4);
    expect(guarded.label?.height).toBe(2 * 14);
  });

  it('names the fonts it measured for', async () => {
    const { text } = await layout(false);
    expect(text.state).toEqual({
      fontFamily: 'Inter',
      fontWeight: 600,
      fontSize: 13,
      lineHeight: 16,
      tabularNumbers: false,
    });
    expect(text.count.tabularNumbers).toBe(true);
  });
});
