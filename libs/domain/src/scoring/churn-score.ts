import type { EngagementFeatures } from '../features/customer-context';
import {
  daysOfUseIn,
  daysWithoutActivity,
  evidenceParts,
  ownUseChance,
  evidenceSum,
  longSilence,
  longSilenceAfter,
  strongestEvidence,
  type EvidencePart,
  usualDaysOfUseAWeek,
  usualOf,
  type EngagementEvidence,
} from '../features/engagement-evidence';
import type { LifecycleConfig } from '../lifecycle/lifecycle-config';
import { DAY, toMillis } from '../time/instant';
import { plural, scoreFrom } from './score';
import type { Contribution, Score } from './score';

/** Points of a look at the cancellation section: at-risk by itself. */
export const cancellationVisitPoints = 100;

const percent = (share: number): string => `${Math.round(share * 100)} %`;

/** For a light user, how much more evidence they need, said with the days of use. */
function sparseNote(evidence: EngagementEvidence, config: LifecycleConfig): string {
  const needed = sparseFactor(evidence, config);
  return needed <= 1
    ? ''
    : `; a light user (about ${ownDaysOfUseAWeek(evidence, config).toFixed(1)} days of use a week): ` +
        `${needed.toFixed(1)} times the usual evidence needed`;
}

/** For a customer with a rhythm of lulls, how their quiet stretch compares with the lulls they came back from. */
function rhythmNote(evidence: EngagementEvidence, config: LifecycleConfig): string {
  if (evidence.longestLullReturned === 0) return '';
  const lulls = evidence.lullsReturned === 1 ? 'a lull' : `${evidence.lullsReturned} lulls`;
  const longest = `came back from ${lulls} of up to ${evidence.longestLullReturned} quiet days before`;
  if (withinRhythm(evidence, config))
    return (
      `; ${longest}, quiet for ${evidence.quietDays} days now: ` +
      `${config.rhythm.factor.toFixed(1)} times the usual evidence needed`
    );
  return evidence.quietDays > 0
    ? `; quiet for ${evidence.quietDays} days, longer than any lull they came back from (${evidence.longestLullReturned} days)`
    : '';
}

/** Why each part of the evidence counts, with what is usual for the customer. */
function reasonOf(part: EvidencePart, evidence: EngagementEvidence, config: LifecycleConfig): string {
  switch (part) {
    case 'days-of-use':
      return (
        `uses the product on fewer days than usually: ${daysOfUseIn(evidence, 7)} of the last 7 days, ` +
        `against ${usualDaysOfUseAWeek(evidence).toFixed(1)} usually (${percent(usualOf(evidence, 'weekday'))} of weekdays)` +
        sparseNote(evidence, config) +
        rhythmNote(evidence, config)
      );
    case 'sessions':
      return (
        `sessions shorter, more often short or without core features than usually ` +
        `(${Math.round(Math.exp(usualOf(evidence, 'logMinutes')))} minutes, ${percent(usualOf(evidence, 'short'))} short, ` +
        `${percent(usualOf(evidence, 'core'))} of features used core ones)`
      );
    case 'pricing-looks':
      return 'looks at pricing more often than usually';
    case 'support-tickets':
      return 'opens more support tickets than usually, or they stay unresolved';
    default: {
      const _never: never = part;
      return _never;
    }
  }
}

/** Points of a long silence (`longSilence`): at-risk by itself. */
export const longSilencePoints = 100;

/** Why a silence counts: how long it is, what makes it long for the customer, the lulls they came back from. */
function longSilenceReason(
  evidence: EngagementEvidence,
  lastActivityAt: string | null,
  config: LifecycleConfig,
): string {
  const before = evidence.day! - evidence.firstDay! - evidence.silentDays;
  // Pages, screens or email links since the last day of use: the days without any activity too.
  const inactive = daysWithoutActivity(evidence, lastActivityAt);
  const activity =
    inactive === null || inactive >= evidence.silentDays ? '' : ` and no activity for ${plural(inactive, 'day')}`;
  const forgiven =
    evidence.silenceForgiven > 0 ? ` (${plural(evidence.silenceForgiven, 'day')} before a fresh start forgiven)` : '';
  const lulls =
    evidence.longestLullReturned === 0
      ? 'no lull they came back from before'
      : `the longest lull they came back from: ${plural(evidence.longestLullReturned, 'day')}`;
  return (
    `no use for ${plural(evidence.silentDays, 'day')}${activity}${forgiven}, long for them from ` +
    `${(longSilenceAfter(evidence, config) ?? 0) - evidence.silenceForgiven} ` +
    `(${plural(evidence.daysOfUse, 'day')} of use in their ${plural(before, 'day')} before); ${lulls}`
  );
}

/** Cancellation-section visits within the intent window at `now`. */
function cancellationsAt(features: EngagementFeatures, now: string, config: LifecycleConfig): number {
  // Asked after every signal; most customers never looked at cancelling: the clock is then not read.
  if (features.cancellationVisits.length === 0) return 0;
  const windowStart = toMillis(now) - config.intentWindowDays * DAY;
  let count = 0;
  for (const visit of features.cancellationVisits) if (toMillis(visit) >= windowStart) count++;
  return count;
}

/** Days of use a week the customer's own habit shows (five weekdays, two weekend days). */
export const ownDaysOfUseAWeek = (evidence: EngagementEvidence, config: LifecycleConfig): number =>
  5 * ownUseChance(evidence, 'weekday', config, config.sparseEvidence.ownDays) +
  2 * ownUseChance(evidence, 'weekend', config, config.sparseEvidence.ownDays);

/**
 * How many times the usual evidence a customer needs: 1 for a customer who uses the product on
 * `sparseEvidence.usePerWeek` days a week or more, growing as the square of how much sparser their
 * own habit is (a light user's quiet week says less than a daily user's; their usual is known from
 * fewer days), at most `sparseEvidence.maxFactor`.
 */
export function evidenceNeeded(evidence: EngagementEvidence, config: LifecycleConfig): number {
  const rhythm = withinRhythm(evidence, config) ? config.rhythm.factor : 1;
  return Math.max(rhythm, sparseFactor(evidence, config));
}

/** The sparse-data part of `evidenceNeeded`. */
function sparseFactor(evidence: EngagementEvidence, config: LifecycleConfig): number {
  const s = config.sparseEvidence;
  const perWeek = ownDaysOfUseAWeek(evidence, config);
  if (perWeek >= s.usePerWeek) return 1;
  return Math.min(s.maxFactor, (s.usePerWeek / Math.max(perWeek, 0.1)) ** s.power);
}

/**
 * Whether the customer's quietness is within their own rhythm: they came back before from a lull
 * (`EngagementEvidence.longestLullReturned`), and the quiet stretch under way, if any, is no longer
 * than that one by more than `rhythm.longerByDays`. A silence they have shown and come back from
 * says less than a first one; a longer one is judged as anyone's.
 */
export const withinRhythm = (evidence: EngagementEvidence, config: LifecycleConfig): boolean =>
  evidence.longestLullReturned > 0 && evidence.quietDays <= evidence.longestLullReturned + config.rhythm.longerByDays;

/** The evidence's points: `evidencePoints` per unit, over the evidence needed, whole, at most 100. */
const evidencePointsOf = (features: EngagementFeatures, config: LifecycleConfig): number =>
  features.evidence === null
    ? 0
    : Math.min(
        100,
        Math.round(
          (evidenceSum(features.evidence) * config.evidencePoints) / evidenceNeeded(features.evidence, config),
        ),
      );

/**
 * Churn risk, 0–100, of a customer at `now`: the evidence that they are disengaging against their own
 * usual behaviour (days of use, sessions, pricing looks, support tickets; `EngagementEvidence`), or a
 * look at the cancellation section, which is at-risk by itself. The reasons name the parts of the
 * evidence, with their share of its points.
 */
export function churnScore(features: EngagementFeatures, now: string | null, config: LifecycleConfig): Score {
  if (now === null) return scoreFrom([]);
  const contributions: Contribution[] = [];
  const cancellations = cancellationsAt(features, now, config);
  contributions.push({
    signal: 'cancellation-visits',
    points: cancellations > 0 ? cancellationVisitPoints : 0,
    reason: `visited the cancellation section ${cancellations === 1 ? 'once' : `${cancellations} times`} in ${config.intentWindowDays} days`,
  });
  const evidence = features.evidence;
  if (evidence !== null) {
    if (longSilence(evidence, config, features.lastActivityAt))
      contributions.push({
        signal: 'long-silence',
        points: longSilencePoints,
        reason: longSilenceReason(evidence, features.lastActivityAt, config),
      });
    const total = evidencePointsOf(features, config);
    const { parts } = strongestEvidence(evidence);
    const positive = parts.reduce((sum, p) => sum + Math.max(0, p), 0);
    // The evidence's points shared among its parts by their weight, whole points adding up to the
    // total (largest remainders first).
    const raw = parts.map((p) => (positive === 0 ? 0 : (total * Math.max(0, p)) / positive));
    const points = raw.map(Math.floor);
    let left = total - points.reduce((sum, p) => sum + p, 0);
    for (const i of raw.map((r, i) => i).sort((a, b) => raw[b]! - points[b]! - (raw[a]! - points[a]!))) {
      if (left <= 0 || raw[i]! === 0) break;
      points[i]!++;
      left--;
    }
    evidenceParts.forEach((part, i) =>
      contributions.push({ signal: part, points: points[i]!, reason: reasonOf(part, evidence, config) }),
    );
  }
  return scoreFrom(contributions);
}

/**
 * The churn score's number alone, `churnScore(features, now, config).score`, without building its
 * reasons: the lifecycle asks it after every signal, and needs the reasons only when it acts.
 */
export function churnPoints(features: EngagementFeatures, now: string | null, config: LifecycleConfig): number {
  if (now === null) return 0;
  if (cancellationsAt(features, now, config) > 0) return Math.min(100, cancellationVisitPoints);
  if (features.evidence !== null && longSilence(features.evidence, config, features.lastActivityAt))
    return Math.min(100, longSilencePoints);
  return evidencePointsOf(features, config);
}
