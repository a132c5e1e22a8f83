import type { MachineView, StateNodeView } from '@heed/statechart';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineConfig } from '../engine.config';
import { customerKind } from '../lifecycle/customer-kind';
import { layoutCacheFile } from './layout/layout-cache';
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

  describe('kept in the data directory', () => {
    let dataDir: string;
    beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'heed-layout-'))));
    afterEach(() => rmSync(dataDir, { recursive: true, force: true }));
    const config = () => Object.assign(new EngineConfig(), { dataDir });

    it('is laid out once per machine: a restarted engine reads it back, a changed machine gets its own', async () => {
      const first = await new MachineController(customerKind(), config()).getLayout();
      const file = layoutCacheFile(dataDir, machine)!;
      expect(readdirSync(dataDir)).toEqual([file.slice(dataDir.length + 1)]);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(first);
      // What the next engine answers is what the file holds (marked here, so that it shows).
      writeFileSync(file, JSON.stringify({ ...first, width: first.width + 1 }));
      const restarted = await new MachineController(customerKind(), config()).getLayout();
      expect(restarted).toEqual({ ...first, width: first.width + 1 });
      // Another machine (or version) is another key.
      const changed = { ...machine, version: machine.version + 1 };
      expect(layoutCacheFile(dataDir, changed)).not.toBe(file);
    });

    it('lays the chart out again over a file that cannot be read as a layout', async () => {
      const file = layoutCacheFile(dataDir, machine)!;
      writeFileSync(file, '{"machineId": ');
      const layout = await new MachineController(customerKind(), config()).getLayout();
      expect(layout.states.map((s) => s.id)).toEqual(ids(machine.root));
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(layout);
    });
  });
});

/** Each transition and target, in the machine's order. */
function withTargets(node: StateNodeView): string[] {
  return [
    ...node.transitions.flatMap((t) => t.targets.map((target) => `${t.id}->${target}`)),
    ...node.children.flatMap(withTargets),
  ];
}
