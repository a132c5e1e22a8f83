import type { RecordedInput } from '@heed/actors';
import type { CustomerSignal } from '@heed/domain';
import { generatePopulation } from '@heed/simulator';
import type { HistorySource } from '../src/whatif/customer-folder';

/** What the benchmark folds: customers of `eventsPerCustomer` signals each. */
export type GeneratedHistoriesOptions = Readonly<{ eventsPerCustomer: number; templates: number; seed: number }>;

/**
 * Simulated customers' first `eventsPerCustomer` signals (those with that many), in stored form:
 * each signal's data as ingest stores it, JSON round-tripped, as a read from the store gives it.
 */
export function templateHistories(options: GeneratedHistoriesOptions): {
  histories: RecordedInput[][];
  signals: CustomerSignal[][];
} {
  const population = generatePopulation({ seed: options.seed, customers: options.templates * 3, weeks: 12 });
  const byCustomer = new Map<string, CustomerSignal[]>();
  for (const signal of population.signals) {
    const list = byCustomer.get(signal.customerId);
    if (list === undefined) byCustomer.set(signal.customerId, [signal]);
    else list.push(signal);
  }
  const signals = [...byCustomer.values()]
    .filter((list) => list.length >= options.eventsPerCustomer)
    .slice(0, options.templates)
    .map((list) => list.slice(0, options.eventsPerCustomer));
  const histories = signals.map((list) =>
    list.map((signal, i): RecordedInput => ({
      id: `${signal.customerId}-${i}`,
      type: signal.type,
      revision: BigInt(i),
      data: JSON.parse(
        JSON.stringify({
          customerId: signal.customerId,
          occurredAt: signal.occurredAt,
          version: signal.version,
          properties: signal.properties,
        }),
      ) as unknown,
      metadata: {},
    })),
  );
  return { histories, signals };
}

/** The template of customer `c-<n>`: customers take turns over the templates. */
export const templateOf = (customerId: string, templates: number): number =>
  Number(customerId.slice(customerId.lastIndexOf('-') + 1)) % templates;

/**
 * A history source for the what-if pool that reads nothing: customer `c-<n>` has the n-th template's
 * history. Histories are built when the source opens (a worker's start), so a batch costs the fold
 * alone, as the pool's limit (a bare `transition()` loop) does.
 */
export function openHistorySource(options: unknown): HistorySource {
  const { histories } = templateHistories(options as GeneratedHistoriesOptions);
  return {
    read: async (customerId) => histories[templateOf(customerId, histories.length)],
    close: async () => {},
  };
}
