import type { CardFeatures } from '../features/customer-context';
import type { LifecycleConfig } from '../lifecycle/lifecycle-config';
import { toMillis } from '../time/instant';
import { formatMoney } from './money-format';
import { scoreFrom } from './score';
import type { Contribution, Score } from './score';

/**
 * Points per feature: a new country with an unusual amount is suspicious even in daylight; so is a
 * large amount at a merchant the cardholder never used, or tiny ones in a row (a card being tested).
 * Tuned on simulated populations of seeds 1 and 4 (docs/quality.md).
 */
export const fraudWeights = {
  newCountry: 35,
  newMerchant: 15,
  /** Larger than any transaction before, by more than `aboveMaximumFactor` times. */
  aboveMaximum: 25,
  /** Per doubling of the amount over the typical one, from `typicalAmountFactor` × typical on. */
  perAmountDoubling: 12,
  amountCap: 30,
  /**
   * A small amount at a merchant the card never used: alone an app, an e-book, the check a new
   * service makes (version 10, ADR 0087); with the probing, velocity and new-merchant runs below,
   * a card being tested.
   */
  smallAmountAtNewMerchant: 5,
  unusualHour: 20,
  velocity: 20,
  /**
   * The transaction before, within the velocity window, was a first at its merchant too, not card
   * present (version 16).
   */
  newMerchantsInARow: 30,
  /**
   * Two or more transactions within the spend window reach `spendTypicalFactor` × the typical amount,
   * the others alone `spendOthersTypicalFactor` × (version 14).
   */
  spendInWindow: 25,
  /** Card not present (online), at an amount above typical or a small one. */
  unusualAmountOnline: 20,
  /**
   * Probing: transactions under `probeAmount` within the burst window, this one included, or
   * before a larger one. Two are worth `probing[0]`, three `probing[1]`, four or more `probing[2]`.
   */
  probing: [15, 35, 45],
  /**
   * A burst in a country the card was first used in within the burst window: two transactions
   * there are worth `burstInNewCountry[0]`, three `[1]`, four or more `[2]`.
   */
  burstInNewCountry: [10, 30, 40],
  /**
   * Three probes or more at merchants new to the card, none in store, within `probeRunWindowMs`:
   * card testing spaced out to stay under the burst window (version 13).
   */
  probesAtNewMerchants: 25,
  /** A device the card was never used from, when the card has known devices. */
  newDevice: 20,
  /** Card present in another country than a card-present transaction shortly before. */
  impossibleTravel: 30,
  /**
   * The account's password changed within `passwordChangeWindowMs` before a transaction from a
   * device or a country new to the card (or the change itself came from one): account takeover.
   */
  passwordChanged: 30,
} as const;

/** The points of a count from 2 on, by a weight's steps (2, 3, 4 or more). */
const stepPoints = (steps: readonly [number, number, number], count: number): number =>
  count < 2 ? 0 : steps[Math.min(count, 4) - 2]!;

/** The transaction being scored, with its amount as billed to the cardholder. */
export type TransactionUnderReview = Readonly<{
  at: string;
  amount: number;
  currency: string;
  country: string;
  merchant: string;
  /** The merchant's category (`merchant_category`), when the network says. */
  merchantCategory?: string;
  /** Card present or not, when the network says. */
  channel?: 'in_store' | 'online';
  /** The device it was made from, when known. */
  deviceId?: string;
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
  // Every window below reads the same instants: each is parsed once.
  const txMillis = toMillis(tx.at);
  const recentMillis = history.recentTransactions.map((t) => toMillis(t.at));
  const hasBaseline = history.transactionCount >= config.fraudBaselineTransactions;

  if (hasBaseline && !history.countries.includes(tx.country)) {
    contributions.push({
      signal: 'new-country',
      points: fraudWeights.newCountry,
      reason: `first transaction in ${tx.country} (before only ${history.countries.join(', ') || 'none'})`,
    });
  }

  // A shop never used before, card present in a country the card knows, is an ordinary errand; in
  // a country it never saw, every shop is new, and the new country already says so (version 15).
  const cardPresent = tx.channel === 'in_store';
  const knownCountry = history.countries.includes(tx.country);
  const shopCounts = !cardPresent || (!knownCountry && config.shopsNewInNewCountry);
  const newMerchant = hasBaseline && shopCounts && !history.merchants.includes(tx.merchant);
  if (newMerchant) {
    contributions.push({
      signal: 'new-merchant',
      points: fraudWeights.newMerchant,
      reason: `first transaction at ${tx.merchant}${tx.merchantCategory === undefined ? '' : ` (${tx.merchantCategory})`}`,
    });
  }

  const max = history.maxAmounts.find((m) => m.currency === tx.currency)?.amount;
  if (hasBaseline && max !== undefined && tx.amount > max * config.aboveMaximumFactor) {
    contributions.push({
      signal: 'above-maximum',
      points: fraudWeights.aboveMaximum,
      reason: `${formatMoney(tx.amount, tx.currency)} is ${(tx.amount / max).toFixed(1)} times the largest before (${formatMoney(max, tx.currency)})`,
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

  // Unusual for the card: a card used at night before (a night shift) is not judged by the hour.
  const nightsBefore = history.recentTransactions.filter((t) => t.atNight === true).length;
  if (isNight(tx.localTime, config) && nightsBefore < config.usualNightTransactions) {
    contributions.push({
      signal: 'unusual-hour',
      points: fraudWeights.unusualHour,
      reason: `at ${tx.localTime} local time`,
    });
  }

  const windowStart = txMillis - config.velocityWindowMs;
  const inWindow = history.recentTransactions.filter((_, i) => recentMillis[i]! >= windowStart);
  const burst = inWindow.length + 1;
  if (burst >= config.velocityCount) {
    contributions.push({
      signal: 'velocity',
      points: fraudWeights.velocity,
      reason: `${burst} transactions within ${Math.round(config.velocityWindowMs / 60_000)} minutes, from ${[...new Set([...inWindow.map((t) => t.country), tx.country])].join(', ')}`,
    });
  }
  if (typical !== undefined) {
    const spendStart = txMillis - config.spendWindowMs;
    let spent = tx.amount;
    let others = 0;
    for (let i = 0; i < history.recentTransactions.length; i++) {
      const t = history.recentTransactions[i]!;
      if (t.currency !== tx.currency || recentMillis[i]! < spendStart) continue;
      spent += t.amount;
      others++;
    }
    // A run of transactions, not one big purchase (that is what `above-typical` is for), nor one
    // big purchase after small ones: the others must be spending of their own (version 14).
    const othersSpent = spent - tx.amount;
    if (
      others > 0 &&
      spent >= typical * config.spendTypicalFactor &&
      othersSpent >= typical * config.spendOthersTypicalFactor
    ) {
      contributions.push({
        signal: 'spend-in-window',
        points: fraudWeights.spendInWindow,
        reason:
          `${formatMoney(spent, tx.currency)} in ${others + 1} transactions within ${Math.round(config.spendWindowMs / 60_000)} minutes, ` +
          `${Math.floor(spent / typical)} times the typical amount (${formatMoney(othersSpent, tx.currency)} before this one)`,
      });
    }
  }
  const previous = inWindow.at(-1);
  // A shop new to the card, card present, does not count as new (above, with the defaults), nor
  // start a run (version 16).
  const previousCounts = config.inStoreShopsStartRuns || previous?.channel !== 'in_store';
  if (newMerchant && previous?.firstAtMerchant === true && previousCounts) {
    contributions.push({
      signal: 'new-merchants-in-a-row',
      points: fraudWeights.newMerchantsInARow,
      reason: `a new merchant again, ${Math.round((toMillis(tx.at) - toMillis(previous.at)) / 60_000)} minutes after ${previous.merchant}`,
    });
  }
  contributions.push(...burstContributions(history, recentMillis, tx, txMillis, hasBaseline, config));
  if (
    hasBaseline &&
    tx.deviceId !== undefined &&
    history.devices.length > 0 &&
    !history.devices.includes(tx.deviceId)
  ) {
    contributions.push({
      signal: 'new-device',
      points: fraudWeights.newDevice,
      reason: `first transaction from device ${tx.deviceId} (${history.devices.length} known before)`,
    });
  }
  const takeover = passwordChangeContribution(history, tx, hasBaseline, config);
  if (takeover !== null) contributions.push(takeover);
  const last = history.recentTransactions.at(-1);
  if (
    tx.channel === 'in_store' &&
    last?.channel === 'in_store' &&
    last.country !== tx.country &&
    toMillis(tx.at) - toMillis(last.at) < config.travelWindowMs
  ) {
    contributions.push({
      signal: 'impossible-travel',
      points: fraudWeights.impossibleTravel,
      reason: `card present in ${tx.country} ${minutesBetween(last.at, tx.at)} minutes after card present in ${last.country}`,
    });
  }
  return scoreFrom(contributions);
}

/**
 * A password change shortly before a transaction, when the transaction or the change comes from a
 * device or a country new to the card: someone else may hold the account. A cardholder who changes
 * their password and pays as usual, from where they always do, is not judged by it.
 */
function passwordChangeContribution(
  history: CardFeatures,
  tx: TransactionUnderReview,
  hasBaseline: boolean,
  config: LifecycleConfig,
): Contribution | null {
  const change = history.passwordChange;
  if (!hasBaseline || change === null) return null;
  const since = toMillis(tx.at) - toMillis(change.at);
  if (since < 0 || since > config.passwordChangeWindowMs) return null;
  const newDevice = (device: string | undefined) =>
    device !== undefined && history.devices.length > 0 && !history.devices.includes(device);
  const newCountry = (country: string | undefined) => country !== undefined && !history.countries.includes(country);
  const news = [
    newDevice(tx.deviceId) && `this transaction from device ${tx.deviceId}, new to the card`,
    newCountry(tx.country) && `this transaction from ${tx.country}, new to the card`,
    newDevice(change.deviceId) &&
      tx.deviceId !== change.deviceId &&
      `the change from device ${change.deviceId}, new to the card`,
    newCountry(change.country) && change.country !== tx.country && `the change from ${change.country}, new to the card`,
  ].filter((n): n is string => typeof n === 'string');
  if (news.length === 0) return null;
  const from = [change.deviceId && `device ${change.deviceId}`, change.country && `in ${change.country}`]
    .filter(Boolean)
    .join(' ');
  return {
    signal: 'password-changed',
    points: fraudWeights.passwordChanged,
    reason:
      `password changed ${minutesBetween(change.at, tx.at)} minutes before${from === '' ? '' : `, from ${from}`}; ` +
      news.join('; '),
  };
}

const minutesBetween = (from: string, to: string): number =>
  Math.max(1, Math.round((toMillis(to) - toMillis(from)) / 60_000));

/**
 * Card testing, over the burst window (a sliding window per card): small amounts in a row
 * (probing, before a larger one too), and a run of transactions in a country the card first saw
 * within the window. The reasons name the counts, the minutes, the place and the sums.
 */
function burstContributions(
  history: CardFeatures,
  recentMillis: readonly number[],
  tx: TransactionUnderReview,
  txMillis: number,
  hasBaseline: boolean,
  config: LifecycleConfig,
): Contribution[] {
  const contributions: Contribution[] = [];
  const windowStart = txMillis - config.burstWindowMs;
  const inWindow = history.recentTransactions.filter((_, i) => recentMillis[i]! >= windowStart);
  const isProbe = (amount: number, currency: string) => currency === tx.currency && amount < config.probeAmount;
  const probesBefore = inWindow.filter((t) => isProbe(t.amount, t.currency));
  const probes = probesBefore.length + (isProbe(tx.amount, tx.currency) ? 1 : 0);
  // Written only into a reason: most transactions have none of these.
  const probeLimit = () => formatMoney(config.probeAmount, tx.currency);
  if (probes >= 2) {
    const since = probesBefore[0]?.at ?? tx.at;
    contributions.push({
      signal: 'probing',
      points: stepPoints(fraudWeights.probing, probes),
      reason: isProbe(tx.amount, tx.currency)
        ? `${probes} transactions under ${probeLimit()} in ${minutesBetween(since, tx.at)} minutes (the card being tested)`
        : `${formatMoney(tx.amount, tx.currency)} after ${probes} transactions under ${probeLimit()} in ${minutesBetween(since, tx.at)} minutes`,
    });
  }
  const slow = probesAtNewMerchants(history, recentMillis, tx, txMillis, isProbe, config);
  if (slow !== null) contributions.push(slow);
  if (!hasBaseline) return contributions;
  const here = inWindow.filter((t) => t.country === tx.country);
  const firstHere = here.find((t) => t.firstInCountry);
  if (firstHere === undefined) return contributions;
  const count = here.length + 1;
  const sum = here.filter((t) => t.currency === tx.currency).reduce((total, t) => total + t.amount, tx.amount);
  const small = here.filter((t) => isProbe(t.amount, t.currency)).length + (isProbe(tx.amount, tx.currency) ? 1 : 0);
  contributions.push({
    signal: 'burst-in-new-country',
    points: stepPoints(fraudWeights.burstInNewCountry, count),
    reason:
      `${count} transactions in ${minutesBetween(firstHere.at, tx.at)} minutes from ${tx.country}, ` +
      `a country new to the card, ${formatMoney(sum, tx.currency)} in all` +
      (small > 0 ? `, ${small} under ${probeLimit()}` : ''),
  });
  return contributions;
}

/**
 * Probes at merchants new to the card, none in store (online, or the network did not say), within
 * `probeRunWindowMs`, this transaction included: three or more are a card being tested, however
 * far apart within the window. In-app purchases repeat one merchant, and parking, tolls and a fuel
 * pump's check are card present: none of them counts.
 */
function probesAtNewMerchants(
  history: CardFeatures,
  recentMillis: readonly number[],
  tx: TransactionUnderReview,
  txMillis: number,
  isProbe: (amount: number, currency: string) => boolean,
  config: LifecycleConfig,
): Contribution | null {
  const isProbeAtNew = (amount: number, currency: string, channel: string | undefined, first: boolean) =>
    first && channel !== 'in_store' && isProbe(amount, currency);
  if (!(config.probeRunWindowMs > 0)) return null;
  if (!isProbeAtNew(tx.amount, tx.currency, tx.channel, !history.merchants.includes(tx.merchant))) return null;
  const windowStart = txMillis - config.probeRunWindowMs;
  let count = 1;
  let since = tx.at;
  let sinceMillis = txMillis;
  // Every recent transaction, not only those after the first older than the window: they are kept
  // in arrival order, and a late one may stand between two probes.
  for (let i = 0; i < history.recentTransactions.length; i++) {
    const t = history.recentTransactions[i]!;
    const at = recentMillis[i]!;
    if (at < windowStart || !isProbeAtNew(t.amount, t.currency, t.channel, t.firstAtMerchant)) continue;
    count++;
    if (at < sinceMillis) {
      sinceMillis = at;
      since = t.at;
    }
  }
  if (count < 3) return null;
  return {
    signal: 'probes-at-new-merchants',
    points: fraudWeights.probesAtNewMerchants,
    reason: `${count} transactions under ${formatMoney(config.probeAmount, tx.currency)} at merchants new to the card in ${minutesBetween(since, tx.at)} minutes, none in store (the card being tested)`,
  };
}

/** Whether a local time of day (`HH:MM`) falls in the configured unusual hours. */
export function isNight(localTime: string, config: LifecycleConfig): boolean {
  const hour = Number(localTime.slice(0, 2));
  const { from, to } = config.unusualHours;
  return from <= to ? hour >= from && hour < to : hour >= from || hour < to;
}

/** The median amount of the recent transactions in this currency. */
function typicalAmount(history: CardFeatures, currency: string): number | undefined {
  const recent = history.recentTransactions;
  if (amounts.length < recent.length) amounts = new Float64Array(recent.length);
  let count = 0;
  for (const t of recent) if (t.currency === currency) amounts[count++] = t.amount;
  const typical = median(amounts.subarray(0, count));
  return typical !== undefined && typical > 0 ? typical : undefined;
}

/** Scratch space for the amounts a median is taken of (a score is computed on one thread at a time). */
let amounts = new Float64Array(32);

/** The median of `values` (sorted in place: a typed array sorts numbers natively, without a comparator). */
function median(values: Float64Array): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = values.sort();
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}
