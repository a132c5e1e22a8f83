import { useEffect, useState } from 'preact/hooks';
import type { StudioClient } from '../api/client';
import type { ChartTextStyleView, MachineView } from '../api/contract';
import { statechartLayout, type StatechartLayout } from './statechart-layout';

// One layout per machine version: views that show the chart share it.
const layouts = new Map<string, Promise<StatechartLayout>>();

export type LayoutState = { readonly layout: StatechartLayout | null; readonly error: Error | null };

/**
 * The machine's chart as the engine laid it out (`GET /v1/machine/layout`), once its fonts are
 * loaded; `layout` is null until then.
 */
export function useStatechartLayout(client: StudioClient, machine: MachineView): LayoutState {
  const [state, setState] = useState<LayoutState>({ layout: null, error: null });
  useEffect(() => {
    const key = `${machine.id}@${machine.version}`;
    let pending = layouts.get(key);
    if (pending === undefined) {
      pending = client.machineLayout().then(async (laidOut) => {
        const layout = statechartLayout(machine, laidOut);
        await fontsOf(layout);
        return layout;
      });
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
  }, [client, machine]);
  return state;
}

/** `600 13px Inter`. */
const cssFont = (style: ChartTextStyleView): string => `${style.fontWeight} ${style.fontSize}px ${style.fontFamily}`;

/**
 * Loads the faces of the bundled font that the chart's text needs: the engine sized the boxes for
 * them, and text drawn in a fallback font first would not fit. A face that fails to load leaves
 * the fallback font: the chart is drawn all the same.
 */
async function fontsOf(layout: StatechartLayout): Promise<void> {
  const lines = [
    ...layout.states.flatMap((s) => [...s.name.lines, ...(s.inPlace?.lines ?? [])]),
    ...layout.transitions.flatMap((t) => t.label?.lines ?? []),
  ];
  const text = `${[...new Set(lines.join(''))].join('')}0123456789,×…`;
  await Promise.all(
    Object.values(layout.text).map((style) => document.fonts.load(cssFont(style), text).catch(() => [])),
  );
}
