import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { StudioClient } from '../api/client';
import type { MachineView } from '../api/contract';

/** What every view of a signed-in Studio has: the API client and the running machine. */
export type Studio = { readonly client: StudioClient; readonly machine: MachineView };

export const StudioContext = createContext<Studio | null>(null);

export function useStudio(): Studio {
  const studio = useContext(StudioContext);
  if (studio === null) throw new Error('useStudio: outside a signed-in Studio');
  return studio;
}
