import type { MachineView, StateNodeView } from '@heed/statechart';
import { customerKind } from '../lifecycle/customer-kind';
import { MachineController } from './machine.controller';

const ids = (node: StateNodeView): string[] => [node.id, ...node.children.flatMap(ids)];

// The layout runs on a worker thread of its own, compiled from the sources as the main thread is.
jest.setTimeout(60_000);

describe('the machine API', () => {
  const controller = new MachineController(customerKind());
  const machine: MachineView = controller.get();

  it('lays the running machine out once: every state placed, every transition with a target routed', async () => {
    const layout = await controller.getLayout();
    expect([layout.machineId, layout.machineVersion]).toEqual([machine.id, machine.version]);
    expect(layout.states.map((s) => s.id)).toEqual(ids(machine.root));
    const routed = layout.arrows.map((a) => `${a.transition}->${a.target}`);
    expect(routed).toEqual(withTargets(machine.root));
    for (const arrow of layout.arrows) expect(arrow.points.length).toBeGreaterThanOrEqual(2);
    expect(layout.width).toBeGreaterThan(0);
    // Studio's page, its first request and later ones share one layout.
    expect(controller.layOut()).toBe(controller.layOut());
    expect(await controller.getLayout()).toBe(layout);
  });
});

/** Each transition and target, in the machine's order. */
function withTargets(node: StateNodeView): string[] {
  return [
    ...node.transitions.flatMap((t) => t.targets.map((target) => `${t.id}->${target}`)),
    ...node.children.flatMap(withTargets),
  ];
}
