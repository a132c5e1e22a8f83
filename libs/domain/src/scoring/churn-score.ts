import type { EngagementFeatures, SessionHabit } from '../features/customer-context';
import type { LifecycleConfig } from '../lifecycle/lifecycle-config';
import { DAY, toMillis } from '../time/instant';
import { plural, scoreFrom, totalOf } from './score';
import type { Contribution, Score } from './score';

/**
 * Points per feature. The product-use features compare the customer's recent sessions with their
 * own usual ones, so a customer is judged against themselves, not against everyone: a rise of the
 * share of sessions without the core feature from 20 % to 70 % is worth 40 points on its own. A
 * visit to the cancellation section is at-risk by itself. Tuned on simulated population seed 1
 * (docs/quality.md).
 */
export const churnWeights = {
  /** Per unit rise (0–1) of the share of sessions without the core feature. */
  perCoreShareDrop: 80,
  /** Per unit rise (0–1) of the share of short sessions. */
  perShortShareRise: 20,
  /** Per e-fold (×1/2.7) fall of the session length. */
  perSessionLengthFold: 20,
  /** Per e-fold (×2.7) rise of the days between sessions. */
  perSessionGapFold: 20,
  cancellationVisit: 100,
  perPricingVisit: 20,
  pricingVisitsCap: 20,
  perLingeringTicket: 15,
  lingeringTicketsCap: 30,
} as const;

const w = churnWeights;

/** How much worse the recent habit is than the usual one, per feature (0 when not worse or not known yet). */
type HabitChange = Readonly<{
  recent: SessionHabit;
  usual: SessionHabit;
  core: number;
  short: number;
  length: number;
  gap: number;
}>;

/** A tenth of a day keeps the ratio of gaps steady for customers with several sessions a day. */
const GAP_OFFSET_DAYS = 0.1;

function habitChange(features: EngagementFeatures, config: LifecycleConfig): HabitChange | null {
  const { recentHabit: recent, usualHabit: usual } = features;
  if (recent === null || usual === null || features.sessionCount < config.habitBaselineSessions) return null;
  return {
    recent,
    usual,
    core: Math.max(0, recent.withoutCore - usual.withoutCore),
    short: Math.max(0, recent.short - usual.short),
    length: Math.max(0, usual.logMinutes - recent.logMinutes),
    gap:
      recent.gapDays === null || usual.gapDays === null
        ? 0
        : Math.max(0, Math.log((recent.gapDays + GAP_OFFSET_DAYS) / (usual.gapDays + GAP_OFFSET_DAYS))),
  };
}

/** What the churn score counts at `now`. */
type ChurnMeasures = Readonly<{
  habit: HabitChange | null;
  cancellations: number;
  pricing: number;
  lingering: number;
}>;

function measure(
  features: EngagementFeatures,
  now: string,
  config: LifecycleConfig,
  habit: HabitChange | null = habitChange(features, config),
): ChurnMeasures {
  const nowMillis = toMillis(now);
  const windowStart = nowMillis - config.intentWindowDays * DAY;
  const inWindow = (visits: readonly string[]): number => {
    let count = 0;
    for (const visit of visits) if (toMillis(visit) >= windowStart) count++;
    return count;
  };
  const lingeringSince = nowMillis - config.lingeringTicketDays * DAY;
  let lingering = 0;
  for (const ticket of features.openTickets) if (toMillis(ticket.openedAt) <= lingeringSince) lingering++;
  return {
    habit,
    cancellations: inWindow(features.cancellationVisits),
    pricing: inWindow(features.pricingVisits),
    lingering,
  };
}

// Points per feature, from the measures; shared by the score, the number alone and its bound.
// Whole points, so that the reasons add up to the score.
const corePoints = (h: HabitChange | null) => (h === null ? 0 : Math.round(h.core * w.perCoreShareDrop));
const shortPoints = (h: HabitChange | null) => (h === null ? 0 : Math.round(h.short * w.perShortShareRise));
const lengthPoints = (h: HabitChange | null) => (h === null ? 0 : Math.round(h.length * w.perSessionLengthFold));
const gapPoints = (h: HabitChange | null) => (h === null ? 0 : Math.round(h.gap * w.perSessionGapFold));
const cancellationPoints = (visits: number) => (visits > 0 ? w.cancellationVisit : 0);
const pricingPoints = (visits: number) => Math.min(w.pricingVisitsCap, visits * w.perPricingVisit);
const ticketPoints = (tickets: number) => Math.min(w.lingeringTicketsCap, tickets * w.perLingeringTicket);

const days = (gap: number | null): string => (gap === null ? '–' : `${gap.toFixed(1)} days`);
const percent = (share: number): string => `${Math.round(share * 100)} %`;
const minutes = (logMinutes: number): string => {
  const m = Math.exp(logMinutes);
  return m < 1 ? `${Math.round(m * 60)} seconds` : `${Math.round(m)} minutes`;
};

/**
 * Churn risk, 0–100, of a customer at `now`: their recent sessions against their usual ones (the
 * core feature left aside, shorter and fewer sessions), pricing and cancellation visits, and support tickets
 * left open. Silence alone is not scored: a customer taking a break looks the same as one leaving.
 */
export function churnScore(features: EngagementFeatures, now: string | null, config: LifecycleConfig): Score {
  if (now === null) return scoreFrom([]);
  const m = measure(features, now, config);
  const contributions: Contribution[] = [];
  const h = m.habit;
  if (h !== null) {
    contributions.push({
      signal: 'core-feature-left-aside',
      points: corePoints(h),
      reason: `core feature in ${percent(1 - h.recent.withoutCore)} of recent sessions, usually ${percent(1 - h.usual.withoutCore)}`,
    });
    contributions.push({
      signal: 'short-sessions',
      points: shortPoints(h),
      reason: `${percent(h.recent.short)} of recent sessions under ${Math.round(config.shortSessionSeconds / 60)} minutes, usually ${percent(h.usual.short)}`,
    });
    contributions.push({
      signal: 'shorter-sessions',
      points: lengthPoints(h),
      reason: `sessions of ${minutes(h.recent.logMinutes)} lately, usually ${minutes(h.usual.logMinutes)}`,
    });
    contributions.push({
      signal: 'fewer-sessions',
      points: gapPoints(h),
      reason: `a session every ${days(h.recent.gapDays)} lately, usually every ${days(h.usual.gapDays)}`,
    });
  }
  contributions.push({
    signal: 'cancellation-visits',
    points: cancellationPoints(m.cancellations),
    reason: `visited the cancellation section ${m.cancellations === 1 ? 'once' : `${m.cancellations} times`} in ${config.intentWindowDays} days`,
  });
  contributions.push({
    signal: 'pricing-visits',
    points: pricingPoints(m.pricing),
    reason: `viewed pricing ${m.pricing === 1 ? 'once' : `${m.pricing} times`} in ${config.intentWindowDays} days`,
  });
  contributions.push({
    signal: 'lingering-support-tickets',
    points: ticketPoints(m.lingering),
    reason: `${plural(m.lingering, 'support ticket')} open for ${config.lingeringTicketDays} days or more`,
  });
  return scoreFrom(contributions);
}

/**
 * The churn score's number alone, `churnScore(features, now, config).score`, without building its
 * reasons: the lifecycle asks it after every signal, and needs the reasons only when it acts.
 */
export function churnPoints(features: EngagementFeatures, now: string | null, config: LifecycleConfig): number {
  if (now === null) return scoreFrom([]).score;
  return pointsOf(measure(features, now, config));
}

/** The points of the habit features, which need no clock. */
const habitPoints = (h: HabitChange | null): number[] => [corePoints(h), shortPoints(h), lengthPoints(h), gapPoints(h)];

const pointsOf = (m: ChurnMeasures): number =>
  totalOf([
    ...habitPoints(m.habit),
    cancellationPoints(m.cancellations),
    pricingPoints(m.pricing),
    ticketPoints(m.lingering),
  ]);

/**
 * Whether the churn score reaches `threshold`: `churnPoints(features, now, config) >= threshold`.
 *
 * The lifecycle asks after every signal. Most of the time even the most that the time-based
 * features could add (every visit and ticket still counting) leaves the score short, and then no
 * time is read at all.
 */
export function churnReaches(
  features: EngagementFeatures,
  now: string | null,
  config: LifecycleConfig,
  threshold: number,
): boolean {
  if (now === null) return churnPoints(features, now, config) >= threshold;
  const habit = habitChange(features, config);
  // An upper bound: the habits as they are, every visit and open ticket counted. A margin of one
  // point keeps rounding out of the shortcut: it only ever answers a clear no.
  const most =
    habitPoints(habit).reduce((sum, p) => sum + p, 0) +
    cancellationPoints(features.cancellationVisits.length) +
    pricingPoints(features.pricingVisits.length) +
    ticketPoints(features.openTickets.length);
  if (most + 1 < threshold) return false;
  return pointsOf(measure(features, now, config, habit)) >= threshold;
}
