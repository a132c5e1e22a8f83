import { FORWARDS, START, StreamNotFoundError, type EventStoreDBClient } from '@eventstore/db-client';
import { isChurnFlag, regionState, type ObservedDecisions } from '@heed/simulator';

/** One output event of a customer's lifecycle stream, as the quality run needs it. */
export type LifecycleOutput = Readonly<{ id: string; type: string; revision: bigint; data: Record<string, unknown> }>;

/** Reads a customer's `lifecycle-<id>` outputs from a revision on. */
export async function readLifecycle(
  client: EventStoreDBClient,
  customerId: string,
  from: bigint | typeof START = START,
): Promise<LifecycleOutput[]> {
  const outputs: LifecycleOutput[] = [];
  try {
    for await (const { event } of client.readStream(`lifecycle-${customerId}`, {
      direction: FORWARDS,
      fromRevision: from,
    })) {
      if (event !== undefined)
        outputs.push({
          id: event.id,
          type: event.type,
          revision: event.revision,
          data: event.data as Record<string, unknown>,
        });
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return outputs;
}

/** What Heed decided about a customer, from its lifecycle outputs. */
export function decisionsOf(customerId: string, outputs: readonly LifecycleOutput[]): ObservedDecisions {
  const churnFlags: string[] = [];
  const frozenTransactions: string[] = [];
  const commands: Record<string, number> = {};
  for (const output of outputs) {
    if (output.type === 'StateChanged') {
      const { from, to, at } = output.data as { from?: unknown; to?: unknown; at?: unknown };
      const before = regionState(from, 'engagement');
      const after = regionState(to, 'engagement');
      if (isChurnFlag(after) && !isChurnFlag(before) && typeof at === 'string') churnFlags.push(at);
    } else if (output.type.endsWith('Requested')) {
      commands[output.type] = (commands[output.type] ?? 0) + 1;
      if (output.type === 'CardFreezeRequested') {
        const tx = (output.data['data'] as { transactionId?: unknown } | undefined)?.transactionId;
        if (typeof tx === 'string') frozenTransactions.push(tx);
      }
    }
  }
  return { customerId, churnFlags, frozenTransactions, commands };
}
