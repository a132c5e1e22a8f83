import type { CardFeatures } from '../features/customer-context';
import type { LifecycleConfig } from '../lifecycle/lifecycle-config';
import { toMillis } from '../time/instant';
import { formatMoney } from './money-format';
import { scoreFrom } from './score';
import type { Contribution, Score } from './score';

/**
 * Points per feature: a new country with an unusual amount is suspicious even in daylight; so is a
 * large amount at a merchant the cardholder never used, or a tiny one (a card being tested). Tuned
 * on simulated population seed 1 (docs/quality.md).
 */
export const fraudWeights = {
  newCountry: 35,
  newMerchant: 15,
  aboveMaximum: 25,
  /** Per doubling of the amount over the typical one, from `typicalAmountFactor` × typical on. */
  perAmountDoubling: 12,
  amountCap: 30,
  smallAmountAtNewMerchant: 45,
  unusualHour: 20,
  velocity: 20,
  /** The transaction before, within the velocity window, was a first at its merchant too. */
  newMerchantsInARow: 30,
  /** Two or more transactions within the spend window reach `spendTypicalFactor` × the typical amount. */
  spendInWindow: 25,
  /** Card not present (online), at an amount above typical or a small one. */
  unusualAmountOnline: 20,
} as const;

/** The transaction being scored, with its amount as billed to the cardholder. */
export type TransactionUnderReview = Readonly<{
  at: string;
  amount: number;
  currency: string;
  country: string;
  merchant: string;
  /** Card present or not, when the network says. */
  channel?: 'in_store' | 'online';
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

  const newMerchant = hasBaseline && !history.merchants.includes(tx.merchant);
  if (newMerchant) {
    contributions.push({
      signal: 'new-merchant',
      points: fraudWeights.newMerchant,
      reason: `first transaction at ${tx.merchant}`,
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

  const typical = hasBaseline ? typicalAmount(history, tx.currency) : undefined;
  // Far above or far under the typical amount; neither without a typical amount to compare with.
  const large = typical !== undefined && tx.amount >= typical * config.typicalAmountFactor;
  const small = typical !== undefined && tx.amount <= typical * config.smallAmountFactor;
  if (large) {
    const points = Math.min(
      fraudWeights.amountCap,
      Math.round(fraudWeights.perAmountDoubling * Math.log2(tx.amount / typical)),
    );
    contributions.push({
      signal: 'above-typical',
      points,
      reason: `${(tx.amount / typical).toFixed(1)} times the typical amount of ${formatMoney(typical, tx.currency)}`,
    });
  }
  if (tx.channel === 'online' && (large || small)) {
    contributions.push({
      signal: 'unusual-amount-online',
      points: fraudWeights.unusualAmountOnline,
      reason: `${large ? 'a large' : 'a small'} amount without the card present (online)`,
    });
  }
  if (small && newMerchant) {
    contributions.push({
      signal: 'small-amount-at-new-merchant',
      points: fraudWeights.smallAmountAtNewMerchant,
      reason: `${formatMoney(tx.amount, tx.currency)} at a new merchant, far under the typical ${formatMoney(typical, tx.currency)}`,
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
  const inWindow = history.recentTransactions.filter((t) => toMillis(t.at) >= windowStart);
  const burst = inWindow.length + 1;
  if (burst >= config.velocityCount) {
    contributions.push({
      signal: 'velocity',
      points: fraudWeights.velocity,
      reason: `${burst} transactions within ${Math.round(config.velocityWindowMs / 60_000)} minutes`,
    });
  }
  if (typical !== undefined) {
    const spendStart = toMillis(tx.at) - config.spendWindowMs;
    let spent = tx.amount;
    let others = 0;
    for (const t of history.recentTransactions) {
      if (t.currency !== tx.currency || toMillis(t.at) < spendStart) continue;
      spent += t.amount;
      others++;
    }
    // A run of transactions, not one big purchase: that is what `above-typical` is for.
    if (others > 0 && spent >= typical * config.spendTypicalFactor) {
      contributions.push({
        signal: 'spend-in-window',
        points: fraudWeights.spendInWindow,
        reason: `${formatMoney(spent, tx.currency)} within ${Math.round(config.spendWindowMs / 60_000)} minutes, ${Math.floor(spent / typical)} times the typical amount`,
      });
    }
  }
  const previous = inWindow.at(-1);
  if (newMerchant && previous?.firstAtMerchant === true) {
    contributions.push({
      signal: 'new-merchants-in-a-row',
      points: fraudWeights.newMerchantsInARow,
      reason: `a new merchant again, ${Math.round((toMillis(tx.at) - toMillis(previous.at)) / 60_000)} minutes after ${previous.merchant}`,
    });
  }
  return scoreFrom(contributions);
}

/** The median amount of the recent transactions in this currency. */
function typicalAmount(history: CardFeatures, currency: string): number | undefined {
  const amounts = history.recentTransactions.filter((t) => t.currency === currency).map((t) => t.amount);
  const typical = median(amounts);
  return typical !== undefined && typical > 0 ? typical : undefined;
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}
