import {
  BACKWARDS,
  END,
  FORWARDS,
  StreamNotFoundError,
  type EventStoreDBClient,
  type RecordedEvent,
} from '@eventstore/db-client';
import { TIMER_FIRED, type RecordedInput } from '@heed/actors';
import { CUSTOMER_CATEGORY, customerIdOf, customerStream } from '@heed/event-store';
import { toMachineInput } from '../../../engine/src/lifecycle/customer-kind';

/**
 * The only calls a what-if makes to the store: reads. The client is narrowed to them, so that no
 * code of the tool can append, delete or change metadata by mistake.
 */
export type StoreReader = Pick<EventStoreDBClient, 'readStream'>;

/** The category stream of customers' inputs, kept by EventStoreDB's standard `$by_category` projection. */
export const CUSTOMER_CATEGORY_STREAM = `$ce-${CUSTOMER_CATEGORY}`;

const decoder = new TextDecoder();

/** A link event's target stream (`<revision>@<stream>`). */
const linkTarget = (data: unknown): string | undefined => {
  const text = data instanceof Uint8Array ? decoder.decode(data) : typeof data === 'string' ? data : undefined;
  const at = text?.indexOf('@') ?? -1;
  return at < 0 ? undefined : text!.slice(at + 1);
};

/**
 * Every customer with an input stream, from the links of `$ce-customer` (no `$streams`, no `$all`:
 * what a reader with the standard projections may read). Undefined when the category stream does
 * not exist (the projections are off).
 */
export async function listCustomers(store: StoreReader): Promise<string[] | undefined> {
  const customers = new Set<string>();
  try {
    for await (const { link, event } of store.readStream(CUSTOMER_CATEGORY_STREAM, {
      direction: FORWARDS,
      resolveLinkTos: false,
    })) {
      const record = link ?? event;
      const id = record === undefined ? undefined : customerIdOf(linkTarget(record.data) ?? '');
      if (id !== undefined) customers.add(id);
    }
  } catch (error) {
    if (error instanceof StreamNotFoundError) return undefined;
    throw error;
  }
  return [...customers];
}

/** The event time of a stored customer input, as the engine reads it (a timer's: its due time). */
export function inputTime(input: RecordedInput): number | undefined {
  if (input.type === TIMER_FIRED) {
    const dueAt = (input.data as { dueAt?: unknown } | null)?.dueAt;
    return typeof dueAt === 'string' ? Date.parse(dueAt) : undefined;
  }
  try {
    const time = toMachineInput(input)?.time;
    return time === undefined ? undefined : Date.parse(time);
  } catch {
    return undefined;
  }
}

/** How many of the last inputs the store's latest event time is taken from. */
const FRONTIER_PAGE = 500;

/**
 * The store's latest input time: the latest event time among the last inputs recorded in
 * `$ce-customer` (a page, so that a late event recorded last does not hide the latest). Undefined
 * when the category stream does not exist or holds no readable input.
 */
export async function latestInputTime(store: StoreReader): Promise<number | undefined> {
  let latest: number | undefined;
  try {
    for await (const { event } of store.readStream(CUSTOMER_CATEGORY_STREAM, {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: FRONTIER_PAGE,
      resolveLinkTos: true,
    })) {
      const at = event === undefined ? undefined : inputTime(recordedInput(event));
      if (at !== undefined && (latest === undefined || at > latest)) latest = at;
    }
  } catch (error) {
    if (error instanceof StreamNotFoundError) return undefined;
    throw error;
  }
  return latest;
}

/** The latest input time of named customers (for a store without the category projection). */
export async function latestInputTimeOf(
  store: StoreReader,
  customerIds: readonly string[],
): Promise<number | undefined> {
  let latest: number | undefined;
  for (const id of customerIds) {
    try {
      for await (const { event } of store.readStream(customerStream(id), {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      })) {
        const at = event === undefined ? undefined : inputTime(recordedInput(event));
        if (at !== undefined && (latest === undefined || at > latest)) latest = at;
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
  }
  return latest;
}

/** A stored event as the runtime's pure functions take it. */
export const recordedInput = (event: RecordedEvent): RecordedInput => ({
  id: event.id,
  type: event.type,
  revision: event.revision,
  data: event.data,
  metadata: event.metadata,
});

/** A customer's whole input stream, or undefined when it does not exist. */
export async function readHistory(store: StoreReader, customerId: string): Promise<RecordedInput[] | undefined> {
  const inputs: RecordedInput[] = [];
  try {
    for await (const { event } of store.readStream(customerStream(customerId), { direction: FORWARDS })) {
      if (event !== undefined) inputs.push(recordedInput(event));
    }
  } catch (error) {
    if (error instanceof StreamNotFoundError) return undefined;
    throw error;
  }
  return inputs;
}
