import ELK from 'elkjs/lib/elk.bundled.js';
import { useEffect, useState } from 'preact/hooks';
import type { MachineView } from '../api/contract';
import { measureText } from './measure-text';
import { layoutStatechart, type StatechartLayout } from './statechart-layout';

const elk = new ELK();
// One layout per machine version: views that show the chart share it.
const layouts = new Map<string, Promise<StatechartLayout>>();

export type LayoutState = { readonly layout: StatechartLayout | null; readonly error: Error | null };

/** The machine's chart, laid out by ELK once per machine version; `layout` is null until it is. */
export function useStatechartLayout(machine: MachineView): LayoutState {
  const [state, setState] = useState<LayoutState>({ layout: null, error: null });
  useEffect(() => {
    const key = `${machine.id}@${machine.version}`;
    let pending = layouts.get(key);
    if (pending === undefined) {
      pending = layoutStatechart(elk, machine, measureText);
      layouts.set(key, pending);
    }
    let current = true;
    pending.then(
      (layout) => current && setState({ layout, error: null }),
      (error: unknown) => {
        layouts.delete(key);
        if (current) setState({ layout: null, error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    return () => {
      current = false;
    };
  }, [machine]);
  return state;
}
