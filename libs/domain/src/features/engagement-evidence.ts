import type { CustomerSignal } from '../catalog/signal-catalog';
import type { LifecycleConfig } from '../lifecycle/lifecycle-config';
import { DAY, dayOf, toMillis } from '../time/instant';
import type { OpenTicket } from './customer-context';
import { pageKind } from './page-kind';

/**
 * What a disengaging customer does differently, as the evidence reads it: at engagement `e` (1 as
 * usual, 0 gone) they use the product on `e` times as many days and use a core feature `e` times as
 * often; their sessions are `lengthFloor + (1 − lengthFloor) × e` times as long and short ones
 * `shortRise × (1 − e)` more common; they look at prices `pricingRise × (1 − e)` more often a day,
 * open `1 + ticketRise × (1 − e)` times as many tickets, and a ticket is resolved with a chance going
 * from `resolved` down to `resolvedWhenGone`. Tuned on simulated population seed 1 (docs/quality.md).
 */
export type DisengagementModel = Readonly<{
  shortRise: number;
  lengthFloor: number;
  pricingRise: number;
  ticketRise: number;
  resolved: number;
  resolvedWhenGone: number;
}>;

/**
 * The customer's usual behaviour, learned from their own days and sessions, as running averages in
 * this order: the chance of using the product on a weekday and on a weekend day, the share of short
 * sessions, the share of features used that are core ones, the mean ln(minutes) of the sessions that
 * are not short, and the chances of a pricing look and of opening a support ticket on a day.
 */
export const usualMeasures = ['weekday', 'weekend', 'short', 'core', 'logMinutes', 'pricing', 'tickets'] as const;
export type UsualMeasure = (typeof usualMeasures)[number];
const U: Readonly<Record<UsualMeasure, number>> = {
  weekday: 0,
  weekend: 1,
  short: 2,
  core: 3,
  logMinutes: 4,
  pricing: 5,
  tickets: 6,
};

/** Where the evidence comes from: the parts a churn reason names. */
export const evidenceParts = ['days-of-use', 'sessions', 'pricing-looks', 'support-tickets'] as const;
export type EvidencePart = (typeof evidenceParts)[number];

/**
 * Evidence that a customer is disengaging, against their own usual behaviour: for each engagement
 * level of `LifecycleConfig.evidenceLevels`, a cumulative sum (CUSUM) of log-likelihood ratios "at
 * that level" against "as usual", over closed days and ended sessions, never below 0; and how much
 * each part contributed to it since it last stood at 0. Plain JSON, a fixed size; numbers are kept in
 * flat arrays, which hold them unboxed (a customer's context stays small in memory).
 */
export type EngagementEvidence = Readonly<{
  /** The UTC day (days since the epoch) being observed; null before the first signal. */
  day: number | null;
  firstDay: number | null;
  usedToday: boolean;
  pricingToday: boolean;
  ticketsToday: number;
  /** Days without use since the last day of use (closed days). */
  silentDays: number;
  /** The evidence when the last day of use closed: what the silence since then follows. */
  sumAtLastUse: number;
  /** Silent days of the silence under way that a fresh start (re-engagement) forgave: a long silence is counted after them. */
  silenceForgiven: number;
  /** The last 28 closed days, a bit each (the latest lowest): 1 where the product was used. */
  recentUse: number;
  /** Closed days with use, all told: until `sparseEvidence.trustDaysOfUse`, nothing is held back from learning. */
  daysOfUse: number;
  /**
   * The customer's own rhythm (`LifecycleConfig.rhythm`): closed days of the quiet stretch under way
   * (0 when there is none), and the longest quiet stretch they came back from, in days (0 until they
   * have come back from one), and how many they came back from.
   */
  quietDays: number;
  longestLullReturned: number;
  lullsReturned: number;
  /** The evidence at the rhythm's level (`rhythm.level`) of the day under way, and of each of the last 7 closed days (the latest last). */
  dayRatio: number;
  weekRatios: readonly number[];
  /** Features used, and core ones, in the session under way. */
  sessionUses: number;
  sessionCoreUses: number;
  /** The usual behaviour's averages (in the order of `usualMeasures`), and how many observations (prior ones included) each stands for. */
  usual: readonly number[];
  seen: readonly number[];
  /**
   * Observations held back while there is evidence of a decline, per measure (in the order of
   * `usualMeasures`) their sum, then per measure their count: learned once the evidence is gone.
   */
  held: readonly number[];
  /** Per level: the evidence; and its parts, level after level, each in the order of `evidenceParts`. */
  sums: readonly number[];
  parts: readonly number[];
}>;

/**
 * `{ ...evidence, ...changes }`, with every field written out. The evidence is copied on most
 * signals, and V8 copies an object that a spread built (most of its fields outside the object)
 * many times slower than one a literal built: about 0.5 µs against 0.05 for this one
 * (docs/benchmarks/domain.md).
 */
function evidenceWith(e: EngagementEvidence, changes: Partial<EngagementEvidence>): EngagementEvidence {
  const copy: EngagementEvidence = {
    day: e.day,
    firstDay: e.firstDay,
    usedToday: e.usedToday,
    pricingToday: e.pricingToday,
    ticketsToday: e.ticketsToday,
    silentDays: e.silentDays,
    sumAtLastUse: e.sumAtLastUse,
    silenceForgiven: e.silenceForgiven,
    recentUse: e.recentUse,
    daysOfUse: e.daysOfUse,
    quietDays: e.quietDays,
    longestLullReturned: e.longestLullReturned,
    lullsReturned: e.lullsReturned,
    dayRatio: e.dayRatio,
    weekRatios: e.weekRatios,
    sessionUses: e.sessionUses,
    sessionCoreUses: e.sessionCoreUses,
    usual: e.usual,
    seen: e.seen,
    held: e.held,
    sums: e.sums,
    parts: e.parts,
  };
  return Object.assign(copy, changes);
}

/** What is usual for the customer, by name. */
export const usualOf = (evidence: EngagementEvidence, measure: UsualMeasure): number => evidence.usual[U[measure]]!;

/** Evidence before anything is known: the usual behaviour is the configured prior. */
export function initialEvidence(config: LifecycleConfig): EngagementEvidence {
  const p = config.evidencePrior;
  const w = p.weights;
  return {
    day: null,
    firstDay: null,
    usedToday: false,
    pricingToday: false,
    ticketsToday: 0,
    silentDays: 0,
    sumAtLastUse: 0,
    silenceForgiven: 0,
    recentUse: 0,
    daysOfUse: 0,
    quietDays: 0,
    longestLullReturned: 0,
    lullsReturned: 0,
    dayRatio: 0,
    weekRatios: [],
    sessionUses: 0,
    sessionCoreUses: 0,
    usual: [
      p.weekdayUse,
      p.weekendUse,
      p.shortShare,
      p.coreShare,
      Math.log(p.sessionMinutes),
      p.pricingPerDay,
      p.ticketsPerDay,
    ],
    seen: [w.use, w.use, w.short, w.core, w.length, w.rare, w.rare],
    held: usualMeasures.flatMap(() => [0, 0]),
    sums: config.evidenceLevels.map(() => 0),
    parts: config.evidenceLevels.flatMap(() => evidenceParts.map(() => 0)),
  };
}

/** The level whose evidence is strongest (the first of equals). */
function strongestLevel(evidence: EngagementEvidence): number {
  let best = 0;
  for (let k = 1; k < evidence.sums.length; k++) if (evidence.sums[k]! > evidence.sums[best]!) best = k;
  return best;
}

/** How much evidence there is: the strongest level's sum (read after every signal, so nothing is copied). */
export const evidenceSum = (evidence: EngagementEvidence): number => evidence.sums[strongestLevel(evidence)] ?? 0;

/** The evidence as it stands: the strongest level's sum and its parts. */
export function strongestEvidence(evidence: EngagementEvidence): Readonly<{ sum: number; parts: readonly number[] }> {
  const best = strongestLevel(evidence);
  const n = evidenceParts.length;
  return { sum: evidence.sums[best] ?? 0, parts: evidence.parts.slice(best * n, best * n + n) };
}

/**
 * The evidence with its sums back at 0 (a fresh start; what is usual is kept, what was held back
 * dropped, the silence under way forgiven so far).
 */
export const withoutEvidence = (evidence: EngagementEvidence): EngagementEvidence =>
  evidenceWith(evidence, {
    // What was held back is the decline's: it is dropped, not learned.
    held: evidence.held.map(() => 0),
    sumAtLastUse: 0,
    silenceForgiven: evidence.silentDays,
    sums: evidence.sums.map(() => 0),
    parts: evidence.parts.map(() => 0),
  });

const clampChance = (p: number): number => Math.min(0.98, Math.max(0.005, p));

/**
 * Evidence after one more signal; `openTickets` are the tickets open before it. `atMillis` is the
 * signal's time in epoch milliseconds, when the caller has read it already.
 */
export function recordEvidence(
  evidence: EngagementEvidence,
  signal: CustomerSignal,
  openTickets: readonly OpenTicket[],
  config: LifecycleConfig,
  atMillis: number = toMillis(signal.occurredAt),
): EngagementEvidence {
  const day = Math.floor(atMillis / DAY);
  const e =
    evidence.day === null
      ? evidenceWith(evidence, { day, firstDay: day })
      : evidenceOnDay(evidence, day, openTickets, config);
  switch (signal.type) {
    case 'SignedIn':
      // A sign-in after a session ended the same day changes nothing: the evidence is shared.
      return e.usedToday && e.sessionUses === 0 && e.sessionCoreUses === 0
        ? e
        : evidenceWith(e, { usedToday: true, sessionUses: 0, sessionCoreUses: 0 });
    case 'FeatureUsed':
      return evidenceWith(e, {
        usedToday: true,
        sessionUses: e.sessionUses + 1,
        sessionCoreUses: e.sessionCoreUses + (signal.properties.is_core ? 1 : 0),
      });
    case 'SessionEnded':
      return endSession(evidenceWith(e, { usedToday: true }), signal.properties.duration_seconds, config);
    case 'PageViewed':
      return !e.pricingToday && pageKind(signal.properties.url, signal.properties.path, config) === 'pricing'
        ? evidenceWith(e, { pricingToday: true })
        : e;
    case 'SupportTicketOpened':
      return openTickets.some((t) => t.ticketId === signal.properties.ticket_id)
        ? e
        : evidenceWith(e, { ticketsToday: e.ticketsToday + 1 });
    case 'SupportTicketResolved': {
      if (!openTickets.some((t) => t.ticketId === signal.properties.ticket_id)) return e;
      const m = config.disengagement;
      return addEvidence(e, config, (level) => {
        const resolved = m.resolvedWhenGone + (m.resolved - m.resolvedWhenGone) * level;
        return [0, 0, 0, Math.log(resolved / m.resolved)];
      });
    }
    case 'SignedUp':
    case 'SignedOut':
    case 'PasswordChanged':
    case 'ScreenViewed':
    case 'GroupIdentified':
    case 'ProductViewed':
    case 'ProductAdded':
    case 'ProductRemoved':
    case 'CartViewed':
    case 'CheckoutStarted':
    case 'OrderCompleted':
    case 'EmailOpened':
    case 'EmailLinkClicked':
    case 'SubscriptionRenewed':
    case 'SubscriptionCancelled':
    case 'SubscriptionExpiring':
    case 'RetentionOfferAccepted':
    case 'CardTransactionAuthorized':
    case 'CardTransactionConfirmed':
    case 'CardTransactionDisputed':
      return e;
    default: {
      const _never: never = signal;
      return _never;
    }
  }
}

/**
 * The evidence once `day` has begun without a signal: the day under way and the silent days before
 * `day` are closed, as the customer's next signal would close them. Nothing changes if `day` is not
 * later than the day under way.
 */
export const evidenceOnDay = (
  evidence: EngagementEvidence,
  day: number,
  openTickets: readonly OpenTicket[],
  config: LifecycleConfig,
): EngagementEvidence =>
  evidence.day === null || day <= evidence.day ? evidence : closeDays(evidence, day, openTickets, config);

/**
 * Whether a silence longer than a break still counts: the customer's last day of use closed on
 * evidence of a decline, so the silence is part of it (and the customer is watched, version 10).
 * What the silent days themselves add is not asked: a lull from usual behaviour piles up evidence
 * as fast as a fade does, and it is a break.
 */
export const silenceCounts = (evidence: EngagementEvidence, config: LifecycleConfig): boolean =>
  evidence.sumAtLastUse >= config.silenceCountsAfter;

/**
 * Silent days after which the customer's silence is long, or null if it never is:
 * `longSilenceDays`, or as many days as make a silence as unlikely as `longSilenceChance` under the
 * customer's own habit if that is more, and longer than any lull they came back from; counted
 * after what a fresh start forgave. (The evidence, and so a silence, begins with a day of use.)
 */
export function longSilenceAfter(evidence: EngagementEvidence, config: LifecycleConfig): number | null {
  if (!Number.isFinite(config.longSilenceDays)) return null;
  // A light user's four silent weeks are not a daily user's: the customer's days of use among their
  // days before the silence, with a week of the prior's habit (a new customer is not judged on a
  // few days alone). Not their usual chances, which learn nothing from the days of a break.
  const p = config.evidencePrior;
  const before = evidence.day! - evidence.firstDay! - evidence.silentDays;
  const perDay = Math.min(0.99, (evidence.daysOfUse + 5 * p.weekdayUse + 2 * p.weekendUse) / (before + 7));
  const unlikely = Math.ceil(Math.log(config.longSilenceChance) / Math.log(1 - perDay));
  return Math.max(config.longSilenceDays, unlikely, evidence.longestLullReturned + 1) + evidence.silenceForgiven;
}

/** Closed days since the customer's last activity in the product (`lastActivityAt`), or null before any. */
export const daysWithoutActivity = (evidence: EngagementEvidence, lastActivityAt: string | null): number | null =>
  lastActivityAt === null ? null : evidence.day! - dayOf(lastActivityAt) - 1;

/**
 * Whether the customer's silence is long (version 11, ADR 0089): a customer gone without a word,
 * at-risk by itself. A silence longer than a break (`onBreak`) counts nothing as evidence unless it
 * follows a decline, and the last days of a fade into silence carry little evidence: without this,
 * a customer who fades away, or simply stops, and never cancels is never flagged. The days without
 * use must be as many as `longSilenceAfter` says, and so must the days without any activity in the
 * product since the customer's last (`lastActivityAt`, `EngagementFeatures`; counted after a fresh
 * start's forgiveness): a customer who views pages or screens, or clicks an email's link, without
 * signing in or using a feature is not gone. Not once the customer is back.
 */
export function longSilence(
  evidence: EngagementEvidence,
  config: LifecycleConfig,
  lastActivityAt: string | null,
): boolean {
  if (evidence.usedToday) return false;
  const after = longSilenceAfter(evidence, config);
  if (after === null || evidence.silentDays < after) return false;
  const inactive = daysWithoutActivity(evidence, lastActivityAt);
  return inactive === null || inactive >= after - evidence.silenceForgiven;
}

/**
 * The first day at whose start the customer's silence could be long (`longSilence`), or null if it
 * is long already or never could be. For a silence under way, the day it is long if nothing comes
 * first (its threshold can only grow while it lasts: a fresh start, a lull that ends, activity in
 * the product; the check then comes early, and is set again); otherwise the earliest day a silence
 * beginning after the day under way could be, to look again then. Always after the day under way.
 */
export function nextSilenceCheck(
  evidence: EngagementEvidence,
  config: LifecycleConfig,
  lastActivityAt: string | null,
): number | null {
  if (evidence.day === null || !Number.isFinite(config.longSilenceDays)) return null;
  if (!evidence.usedToday && evidence.silentDays > 0) {
    const after = longSilenceAfter(evidence, config);
    if (after !== null) {
      const active = lastActivityAt === null ? null : dayOf(lastActivityAt);
      const byUse = evidence.day + after - evidence.silentDays;
      const day = active === null ? byUse : Math.max(byUse, active + 1 + after - evidence.silenceForgiven);
      return day <= evidence.day ? null : day;
    }
  }
  return evidence.day + Math.max(1, (evidence.usedToday ? 1 : 0) + config.longSilenceDays);
}

/** Whether the customer's silence so far is a break: nothing more is counted nor learned until they are back. */
export const onBreak = (evidence: EngagementEvidence, config: LifecycleConfig): boolean =>
  evidence.silentDays > config.breakAfterSilentDays && !silenceCounts(evidence, config);

const RECENT_USE_MASK = 2 ** 28 - 1;

/** Days of use among the last `days` closed days (at most 28). */
export function daysOfUseIn(evidence: EngagementEvidence, days: number): number {
  let mask = evidence.recentUse & (2 ** Math.min(28, days) - 1);
  let count = 0;
  while (mask !== 0) {
    count += mask & 1;
    mask >>>= 1;
  }
  return count;
}

/**
 * The customer's own chance of using the product on a weekday or a weekend day, from their own
 * days, learned and held back alike: the usual one without its prior (the prior's share is taken out
 * of the plain mean; past a hundred observations the memory is the customer's own anyway), with the
 * days held back, once `minimum` days of their own are closed. Until then the usual one, prior
 * included. It says how sparse the customer's data is, not what is usual for them.
 */
export function ownUseChance(
  evidence: EngagementEvidence,
  measure: 'weekday' | 'weekend',
  config: LifecycleConfig,
  minimum: number,
): number {
  const prior = measure === 'weekday' ? config.evidencePrior.weekdayUse : config.evidencePrior.weekendUse;
  const weight = config.evidencePrior.weights.use;
  const usual = usualOf(evidence, measure);
  const seen = evidence.seen[U[measure]]!;
  const n = usualMeasures.length;
  const heldSum = evidence.held[U[measure]]!;
  const heldCount = evidence.held[n + U[measure]]!;
  const own = seen - weight + heldCount;
  if (own < minimum) return usual;
  // Past a hundred observations the memory is the customer's own: the usual one with what is held.
  const learned = seen >= 1 / config.evidenceLearningRate ? usual * (seen - weight) : usual * seen - prior * weight;
  return Math.min(1, Math.max(0, (learned + heldSum) / own));
}

/** Silent days closed at once at most (four weeks: a bound on one signal's work); the days beyond join the silence uncounted. */
const longestSilenceCounted = 28;

/** Closes the day under way and the days without signals up to `today` (a break is not counted). */
function closeDays(
  evidence: EngagementEvidence,
  today: number,
  openTickets: readonly OpenTicket[],
  config: LifecycleConfig,
): EngagementEvidence {
  let e = closeDay(
    evidence,
    evidence.day!,
    evidence.usedToday,
    evidence.pricingToday,
    evidence.ticketsToday,
    openTickets,
    config,
  );
  // Days without any signal, until one is not counted (a break): the days after it would not be either.
  const silent = Math.min(today - evidence.day! - 1, longestSilenceCounted);
  let closed = 0;
  while (closed < silent) {
    e = closeDay(e, evidence.day! + ++closed, false, false, 0, openTickets, config);
    if (onBreak(e, config)) break;
  }
  const skipped = today - evidence.day! - 1 - closed;
  const after: EngagementEvidence = evidenceWith(e, {
    day: today,
    usedToday: false,
    pricingToday: false,
    ticketsToday: 0,
    silentDays: e.silentDays + skipped,
    recentUse: (e.recentUse << Math.min(28, skipped)) & RECENT_USE_MASK,
  });
  // The days of a break not closed one by one are silent days: they make a quiet stretch longer.
  return skipped === 0 ? after : followRhythm(after, today - 1, config, skipped);
}

/**
 * The customer's rhythm after a closed day (`day`; `days` closed days when the days of a break are
 * closed at once): the day's evidence at the rhythm's level joins the last 7 days'. A day is quiet
 * when the last 7 days' evidence is `rhythm.quietFrom` or more (they look like a decline against the
 * customer's usual behaviour: fewer days of use, shorter sessions, fewer core features …), or when
 * it is a day of a break. A quiet stretch lasts until the last 7 days' evidence is back at
 * `rhythm.backAt` or less (they look as usual again); one of `rhythm.shortestLull` days or more is
 * then a lull the customer came back from. A stretch found by the week's evidence on the first look
 * at a whole week of theirs (the seventh day from their first day of use) began with them: a
 * customer who starts quiet and then comes into their own has come back from their first days
 * (version 17, ADR 0097). This is the customer's own week against their own usual, apart from the
 * cumulative evidence: a fresh start after re-engagement does not end a lull.
 */
function followRhythm(
  evidence: EngagementEvidence,
  day: number,
  config: LifecycleConfig,
  days = 1,
): EngagementEvidence {
  const r = config.rhythm;
  const week = [...evidence.weekRatios.slice(Math.min(days, 7)), evidence.dayRatio];
  while (week.length < 7) week.unshift(0);
  const e: EngagementEvidence = evidenceWith(evidence, { dayRatio: 0, weekRatios: week.slice(-7) });
  // From the customer's seventh day on, when the last 7 days are all theirs.
  if (e.firstDay === null || day - e.firstDay < 6) return e;
  const lastWeek = e.weekRatios.reduce((sum, x) => sum + x, 0);
  const breakDay = onBreak(e, config);
  if (e.quietDays > 0 && !breakDay && lastWeek <= r.backAt) {
    const lull = e.quietDays;
    return lull < r.shortestLull
      ? evidenceWith(e, { quietDays: 0 })
      : evidenceWith(e, {
          quietDays: 0,
          longestLullReturned: Math.max(e.longestLullReturned, lull),
          lullsReturned: e.lullsReturned + 1,
        });
  }
  if (e.quietDays > 0 || breakDay || lastWeek >= r.quietFrom) {
    // Found by the week's evidence on the first look at a whole week of theirs, the stretch began
    // with the customer: it is counted from their first day of use (version 17).
    const fromFirstDay = r.fromFirstDay && e.quietDays === 0 && day - days - e.firstDay < 6 && lastWeek >= r.quietFrom;
    const quietDays = Math.min(longestQuietKept, fromFirstDay ? day - e.firstDay + 1 : e.quietDays + days);
    // A level that holds is a level of use: days of use within the stretch's last days (not the
    // days of a break, nor a return from one), and no silence that counts under way (a decline
    // going on).
    const holds =
      !breakDay &&
      (e.silentDays === 0 || !silenceCounts(e, config)) &&
      daysOfUseIn(e, r.settlesAfterDays) >= r.settlesWithDaysOfUse;
    return quietDays >= r.settlesAfterDays && holds ? settled(e, quietDays, config) : evidenceWith(e, { quietDays });
  }
  return e;
}

/**
 * A quiet stretch that has gone on for `rhythm.settlesAfterDays` with `rhythm.settlesWithDaysOfUse`
 * days of use in those last days, and no silence that counts under way, is the customer's new usual
 * (version 10, ADR 0088): a new job, the end of the first weeks' zeal, a quieter season. What was
 * held back while it lasted is learned, the evidence starts again from 0, and the stretch joins the
 * customer's rhythm as a lull. A decline that goes on builds new evidence against the new usual.
 */
const settled = (evidence: EngagementEvidence, quietDays: number, config: LifecycleConfig): EngagementEvidence =>
  learn(
    evidenceWith(evidence, {
      quietDays: 0,
      // Part of the customer's rhythm, as a lull they came back from: a quiet stretch like it again
      // needs more evidence (`withinRhythm`).
      longestLullReturned: Math.max(evidence.longestLullReturned, quietDays),
      lullsReturned: evidence.lullsReturned + 1,
      sumAtLastUse: 0,
      sums: evidence.sums.map(() => 0),
      parts: evidence.parts.map(() => 0),
      // The last days' own evidence was read against the old usual: a new stretch starts afresh.
      dayRatio: 0,
      weekRatios: evidence.weekRatios.map(() => 0),
    }),
    [],
    config,
  );

/** A quiet stretch is counted up to this many days (a bound; a longer one is as long). */
const longestQuietKept = 365;

/** Days of use a week that are usual for the customer (prior included). */
export const usualDaysOfUseAWeek = (evidence: EngagementEvidence): number =>
  5 * usualOf(evidence, 'weekday') + 2 * usualOf(evidence, 'weekend');

function closeDay(
  evidence: EngagementEvidence,
  day: number,
  used: boolean,
  pricing: boolean,
  tickets: number,
  openTickets: readonly OpenTicket[],
  config: LifecycleConfig,
): EngagementEvidence {
  const silentDays = used ? 0 : evidence.silentDays + 1;
  const recentUse = ((evidence.recentUse << 1) | (used ? 1 : 0)) & RECENT_USE_MASK;
  // A longer silence is a break, not a decline (unless a decline was under way): neither counted nor learned from.
  if (onBreak(evidenceWith(evidence, { silentDays }), config))
    return followRhythm(evidenceWith(evidence, { silentDays, recentUse }), day, config);
  const weekday = new Date(day * DAY).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  const m = config.disengagement;
  const useChance = clampChance(usualOf(evidence, weekend ? 'weekend' : 'weekday'));
  const pricingChance = clampChance(usualOf(evidence, 'pricing'));
  const ticketChance = clampChance(usualOf(evidence, 'tickets'));
  // Tickets still open `lingeringTicketDays` after they were opened, that mark falling on this day, have lingered.
  const dayEnd = (day + 1) * DAY;
  let lingering = 0;
  for (const t of openTickets) {
    const due = toMillis(t.openedAt) + config.lingeringTicketDays * DAY;
    if (due >= dayEnd - DAY && due < dayEnd) lingering++;
  }
  const scored = evidence.firstDay !== null && day - evidence.firstDay >= config.evidenceBaselineDays;
  let e: EngagementEvidence = evidenceWith(evidence, {
    silentDays,
    silenceForgiven: used ? 0 : evidence.silenceForgiven,
    recentUse,
    daysOfUse: evidence.daysOfUse + (used ? 1 : 0),
  });
  e = addEvidence(
    e,
    config,
    (level) => {
      const use = used ? Math.log(level) : Math.log((1 - useChance * level) / (1 - useChance));
      const p1 = clampChance(pricingChance + m.pricingRise * (1 - level));
      const look = pricing ? Math.log(p1 / pricingChance) : Math.log((1 - p1) / (1 - pricingChance));
      const t1 = clampChance(ticketChance * (1 + m.ticketRise * (1 - level)));
      let ticket = tickets > 0 ? tickets * Math.log(t1 / ticketChance) : Math.log((1 - t1) / (1 - ticketChance));
      const resolved = m.resolvedWhenGone + (m.resolved - m.resolvedWhenGone) * level;
      ticket += lingering * Math.log((1 - resolved) / (1 - m.resolved));
      return [use, 0, look, ticket];
    },
    scored,
  );
  if (used) e = evidenceWith(e, { sumAtLastUse: evidenceSum(e) });
  e = followRhythm(e, day, config);
  return learn(
    e,
    [
      [weekend ? 'weekend' : 'weekday', used ? 1 : 0],
      ['pricing', pricing ? 1 : 0],
      ['tickets', Math.min(1, tickets)],
    ],
    config,
  );
}

function endSession(evidence: EngagementEvidence, seconds: number, config: LifecycleConfig): EngagementEvidence {
  const m = config.disengagement;
  const short = seconds < config.shortSessionSeconds;
  const logMinutes = Math.log(Math.max(1, seconds) / 60);
  const { sessionUses: uses, sessionCoreUses: core } = evidence;
  const shortChance = Math.max(config.evidencePrior.shortFloor, clampChance(usualOf(evidence, 'short')));
  const coreChance = clampChance(usualOf(evidence, 'core'));
  const usualLogMinutes = usualOf(evidence, 'logMinutes');
  const scored = evidence.firstDay !== null && evidence.day! - evidence.firstDay >= config.evidenceBaselineDays;
  let e: EngagementEvidence = evidenceWith(evidence, { sessionUses: 0, sessionCoreUses: 0 });
  e = addEvidence(
    e,
    config,
    (level) => {
      const c = clampChance(coreChance * level);
      let sum = core * Math.log(c / coreChance) + (uses - core) * Math.log((1 - c) / (1 - coreChance));
      const s = clampChance(shortChance + m.shortRise * (1 - level));
      if (short) sum += Math.log(s / shortChance);
      else {
        const spread = config.evidencePrior.logMinutesSpread;
        const shift = Math.log(m.lengthFloor + (1 - m.lengthFloor) * level);
        const z0 = (logMinutes - usualLogMinutes) / spread;
        const z1 = (logMinutes - usualLogMinutes - shift) / spread;
        sum += Math.log((1 - s) / (1 - shortChance)) - (z1 * z1 - z0 * z0) / 2;
      }
      return [0, sum, 0, 0];
    },
    scored,
  );
  const observed: Observation[] = [['short', short ? 1 : 0]];
  // The core share is learned per feature use, as the evidence reads it: a session of four uses says
  // four times as much as a session of one.
  if (uses > 0) observed.push(['core', core / uses, uses]);
  if (!short) observed.push(['logMinutes', logMinutes]);
  return learn(e, observed, config);
}

/** An observation of a measure: its value, and how many observations it stands for (1 unless given). */
type Observation = readonly [measure: UsualMeasure, value: number, count?: number];

/**
 * The usual behaviour after one more observation of some measures: each average follows it by
 * n/(observations so far + n) for an observation standing for n, at least the configured learning
 * rate (the floor is per observation, whatever it stands for: a session's feature uses together).
 * While the evidence stands at `evidenceLearningBelow` or more the observation is held back instead,
 * and what was held is learned (as as many observations of its mean) once the evidence is below
 * again: a decline is not the new usual, and every day that is not part of one is learned, not only
 * the good ones.
 */
function learn(
  evidence: EngagementEvidence,
  observed: readonly Observation[],
  config: LifecycleConfig,
): EngagementEvidence {
  const n = usualMeasures.length;
  // A customer seen on few days has no habit to protect yet: everything is learned until they have
  // shown enough days of use (a light user's usual is otherwise never learned, its evidence never
  // falling below the bar).
  if (
    evidenceSum(evidence) >= config.evidenceLearningBelow &&
    evidence.daysOfUse >= config.sparseEvidence.trustDaysOfUse
  ) {
    const held = evidence.held.slice();
    for (const [measure, value, count = 1] of observed) {
      held[U[measure]] = held[U[measure]]! + value * count;
      held[n + U[measure]] = held[n + U[measure]]! + count;
    }
    return evidenceWith(evidence, { held });
  }
  const usual = evidence.usual.slice();
  const seen = evidence.seen.slice();
  const step = (i: number, value: number, count = 1) => {
    seen[i] = seen[i]! + count;
    usual[i] = usual[i]! + Math.max(config.evidenceLearningRate, count / seen[i]) * (value - usual[i]!);
  };
  // What was held back first, as that many observations of its mean (the held array is only
  // replaced when there is something in it).
  let held: number[] | null = null;
  for (let i = 0; i < n; i++) {
    const count = evidence.held[n + i]!;
    if (count === 0) continue;
    const mean = evidence.held[i]! / count;
    for (let j = 0; j < count; j++) step(i, mean);
    held ??= evidence.held.slice();
    held[i] = 0;
    held[n + i] = 0;
  }
  for (const [measure, value, count] of observed) step(U[measure], value, count);
  return evidenceWith(evidence, { usual, seen, held: held ?? evidence.held });
}

/**
 * Adds one observation's log-likelihood ratios (per part, for each level) to the sums, and at the
 * rhythm's level to the day's; only to the day's while the evidence is not `scored` yet (the
 * customer's first week is part of their rhythm, not of any decline).
 */
function addEvidence(
  evidence: EngagementEvidence,
  config: LifecycleConfig,
  ratios: (level: number) => readonly number[],
  scored = true,
): EngagementEvidence {
  const day = ratios(config.rhythm.level).reduce((a, b) => a + b, 0);
  if (!scored) return evidenceWith(evidence, { dayRatio: evidence.dayRatio + day });
  const n = evidenceParts.length;
  const sums = evidence.sums.slice();
  const parts = evidence.parts.slice();
  config.evidenceLevels.forEach((level, k) => {
    const r = ratios(level);
    const sum = sums[k]! + r.reduce((a, b) => a + b, 0);
    sums[k] = Math.max(0, sum);
    for (let i = 0; i < n; i++) parts[k * n + i] = sum <= 0 ? 0 : parts[k * n + i]! + (r[i] ?? 0);
  });
  return evidenceWith(evidence, { sums, parts, dayRatio: evidence.dayRatio + day });
}
