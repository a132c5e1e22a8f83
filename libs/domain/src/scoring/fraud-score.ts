import type { CardFeatures } from '../features/customer-context';
import type { LifecycleConfig } from '../lifecycle/lifecycle-config';
import { toMillis } from '../time/instant';
import { formatMoney } from './money-format';
import { scoreFrom } from './score';
import type { Contribution, Score } from './score';

/** Points per feature: a new country with an unusual amount is suspicious even in daylight. */
export const fraudWeights = {
  newCountry: 35,
  aboveMaximum: 25,
  aboveTypical: 10,
  unusualHour: 20,
  velocity: 20,
} as const;

/** The transaction being scored. */
export type TransactionUnderReview = Readonly<{
  at: string;
  amount: number;
  currency: string;
  country: string;
  /** Local time of day, `HH:MM`. */
  localTime: string;
}>;

/**
 * Fraud score, 0–100, of a transaction against the cardholder's history *before* it: first-seen
 * country, amount against the largest and the typical (median) amount, unusual local hour, and
 * velocity. History-based features count only once the cardholder has a baseline.
 */
export function fraudScore(history: CardFeatures, tx: TransactionUnderReview, config: LifecycleConfig): Score {
  const contributions: Contribution[] = [];
  const hasBaseline = history.transactionCount >= config.fraudBaselineTransactions;

  if (hasBaseline && !history.countries.includes(tx.country)) {
    contributions.push({
      signal: 'new-country',
      points: fraudWeights.newCountry,
      reason: `first transaction in ${tx.country} (before only ${history.countries.join(', ') || 'none'})`,
    });
  }

  const max = history.maxAmounts.find((m) => m.currency === tx.currency)?.amount;
  if (hasBaseline && max !== undefined && tx.amount > max) {
    contributions.push({
      signal: 'above-maximum',
      points: fraudWeights.aboveMaximum,
      reason: `${formatMoney(tx.amount, tx.currency)} is more than any previous transaction (largest ${formatMoney(max, tx.currency)})`,
    });
  }

  const sameCurrency = history.recentTransactions.filter((t) => t.currency === tx.currency).map((t) => t.amount);
  const typical = median(sameCurrency);
  if (hasBaseline && typical !== undefined && typical > 0 && tx.amount >= typical * config.typicalAmountFactor) {
    contributions.push({
      signal: 'above-typical',
      points: fraudWeights.aboveTypical,
      reason: `${Math.floor(tx.amount / typical)} times the typical amount of ${formatMoney(typical, tx.currency)}`,
    });
  }

  const hour = Number(tx.localTime.slice(0, 2));
  const { from, to } = config.unusualHours;
  if (from <= to ? hour >= from && hour < to : hour >= from || hour < to) {
    contributions.push({
      signal: 'unusual-hour',
      points: fraudWeights.unusualHour,
      reason: `at ${tx.localTime} local time`,
    });
  }

  const windowStart = toMillis(tx.at) - config.velocityWindowMs;
  const burst = history.recentTransactions.filter((t) => toMillis(t.at) >= windowStart).length + 1;
  if (burst >= config.velocityCount) {
    contributions.push({
      signal: 'velocity',
      points: fraudWeights.velocity,
      reason: `${burst} transactions within ${Math.round(config.velocityWindowMs / 60_000)} minutes`,
    });
  }
  return scoreFrom(contributions);
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}
