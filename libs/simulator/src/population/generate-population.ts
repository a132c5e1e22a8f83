import type { CustomerSignal } from '@heed/domain';
import { simulateCardholder } from '../personas/cardholder-persona';
import { simulateSaasCustomer } from '../personas/saas-persona';
import { simulateShopper } from '../personas/shopper-persona';
import { SeededRandom } from '../random/seeded-random';
import type { SimulatedCustomer } from './ground-truth';
import { simulationWindow, type SimulationWindow } from './simulation-window';

/** The three kinds of customers a population mixes. */
export type CustomerKindName = 'saas' | 'shopper' | 'cardholder';

/** What to generate. Same options, same population: every draw comes from `seed`. */
export type PopulationOptions = Readonly<{
  seed: number;
  customers: number;
  weeks: number;
  /** First instant of the simulation (ISO-8601). Default 2026-01-05T00:00:00Z, a Monday. */
  start?: string;
  /** Shares of the kinds. Default 50 % SaaS, 20 % shoppers, 30 % cardholders. */
  mix?: Readonly<Record<CustomerKindName, number>>;
  /** Prefix of customer ids. Default `s<seed>-`. */
  idPrefix?: string;
}>;

/** A generated population: customers with their ground truth, and all their signals in time order. */
export type Population = Readonly<{
  options: Required<PopulationOptions>;
  window: SimulationWindow;
  customers: readonly SimulatedCustomer[];
  /** Every signal of every customer, ordered by time (ties: by customer, then as generated). */
  signals: readonly CustomerSignal[];
}>;

/** The default start of a simulation. */
export const DEFAULT_START = '2026-01-05T00:00:00.000Z';
/** The default mix of customer kinds. */
export const defaultMix: Readonly<Record<CustomerKindName, number>> = { saas: 0.5, shopper: 0.2, cardholder: 0.3 };

/**
 * Generates a population. Each customer draws from its own generator derived from the seed and its
 * index, so customer 7 is the same customer in a population of 10 and of 10,000.
 */
export function generatePopulation(options: PopulationOptions): Population {
  if (!Number.isInteger(options.customers) || options.customers < 0) {
    throw new RangeError(`customers: expected a non-negative integer, got ${options.customers}`);
  }
  const resolved: Required<PopulationOptions> = {
    start: DEFAULT_START,
    mix: defaultMix,
    idPrefix: `s${options.seed}-`,
    ...options,
  };
  const window = simulationWindow(resolved.start, resolved.weeks);
  const customers: SimulatedCustomer[] = [];
  const entries: Array<{ at: number; customer: number; order: number; signal: CustomerSignal }> = [];
  for (let i = 0; i < resolved.customers; i++) {
    const rng = SeededRandom.derive(resolved.seed, `customer-${i}`);
    const kind = rng.weighted(resolved.mix);
    const customerId = `${resolved.idPrefix}${kind}-${String(i).padStart(5, '0')}`;
    const simulated =
      kind === 'saas'
        ? simulateSaasCustomer(customerId, rng, window)
        : kind === 'shopper'
          ? simulateShopper(customerId, rng, window)
          : simulateCardholder(customerId, rng, window);
    customers.push({ customerId, truth: simulated.truth });
    simulated.signals.forEach((signal, order) =>
      entries.push({ at: Date.parse(signal.occurredAt), customer: i, order, signal }),
    );
  }
  entries.sort((a, b) => a.at - b.at || a.customer - b.customer || a.order - b.order);
  return { options: resolved, window, customers, signals: entries.map((e) => e.signal) };
}

/** A deterministic message id for the n-th signal of a population: retries and reruns dedupe. */
export const messageIdOf = (signal: CustomerSignal, index: number): string =>
  `${signal.customerId}-${signal.type}-${Date.parse(signal.occurredAt)}-${index}`;
