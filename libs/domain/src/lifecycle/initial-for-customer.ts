import { withContext } from './assign-keeps-state-value';
import type { CustomerSnapshot } from './evolve';

type AnySnapshot = Parameters<typeof withContext>[0];

/**
 * The lifecycle's initial snapshot for `customerId`, from the initial snapshot of another customer.
 * The machine's start depends on its input through the context's `customerId` alone: every other
 * field of the initial context is the same for everyone, and the start sets no timer and emits
 * nothing. So the runtime enters the six regions' initial states once (`ActorDefinition.initialFor`)
 * and each new customer starts from a copy with their own id; the rest of the context is shared,
 * as it is between a snapshot and the next (nothing in the machine mutates its context).
 */
export function initialSnapshotFor(initial: CustomerSnapshot, customerId: string): CustomerSnapshot {
  const snapshot = initial as unknown as AnySnapshot;
  return withContext(snapshot, { ...initial.context, customerId }) as unknown as CustomerSnapshot;
}
