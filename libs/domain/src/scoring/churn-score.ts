import type { EngagementFeatures } from '../features/customer-context';
import type { LifecycleConfig } from '../lifecycle/lifecycle-config';
import { DAY, toMillis, wholeDaysBetween } from '../time/instant';
import { plural, scoreFrom } from './score';
import type { Contribution, Score } from './score';

/** Points per feature. Chosen so that no single soft signal makes a customer at-risk, but a cancellation look does. */
export const churnWeights = {
  perShortSession: 8,
  shortSessionsCap: 25,
  coreFeatureIdleBase: 10,
  coreFeatureIdlePerDay: 3,
  coreFeatureIdleCap: 25,
  cancellationVisit: 30,
  perPricingVisit: 5,
  pricingVisitsCap: 10,
  perUnclickedEmail: 3,
  unclickedEmailsCap: 10,
  perOpenTicket: 5,
  openTicketsCap: 15,
  inactivityBase: 10,
  inactivityPerDay: 1,
  inactivityCap: 20,
} as const;

const w = churnWeights;

/**
 * Churn risk, 0–100, of a customer at `now`: recent short sessions, days without the core feature,
 * pricing and cancellation visits, emails opened without a click, open support tickets and days inactive.
 */
export function churnScore(features: EngagementFeatures, now: string | null, config: LifecycleConfig): Score {
  if (now === null) return scoreFrom([]);
  const contributions: Contribution[] = [];

  const recent = features.recentSessionSeconds.slice(-config.recentSessions);
  const short = recent.filter((s) => s < config.shortSessionSeconds).length;
  contributions.push({
    signal: 'short-sessions',
    points: Math.min(w.shortSessionsCap, short * w.perShortSession),
    reason: `${short} of the last ${plural(recent.length, 'session')} under ${Math.round(config.shortSessionSeconds / 60)} minutes`,
  });

  const coreSince = features.coreFeatureLastUsedAt ?? features.firstSeenAt;
  if (coreSince !== null) {
    const idle = wholeDaysBetween(coreSince, now);
    const used = features.coreFeatureLastUsedAt !== null;
    contributions.push({
      signal: 'core-feature-idle',
      points:
        idle < config.coreFeatureIdleDays
          ? 0
          : Math.min(
              w.coreFeatureIdleCap,
              w.coreFeatureIdleBase + (idle - config.coreFeatureIdleDays) * w.coreFeatureIdlePerDay,
            ),
      reason: used
        ? `core feature unused for ${plural(idle, 'day')}`
        : `core feature never used in ${plural(idle, 'day')}`,
    });
  }

  const windowStart = toMillis(now) - config.intentWindowDays * DAY;
  const inWindow = (visits: readonly string[]): number => visits.filter((v) => toMillis(v) >= windowStart).length;
  const cancellations = inWindow(features.cancellationVisits);
  contributions.push({
    signal: 'cancellation-visits',
    points: cancellations > 0 ? w.cancellationVisit : 0,
    reason: `visited the cancellation section ${cancellations === 1 ? 'once' : `${cancellations} times`} in ${config.intentWindowDays} days`,
  });
  const pricing = inWindow(features.pricingVisits);
  contributions.push({
    signal: 'pricing-visits',
    points: Math.min(w.pricingVisitsCap, pricing * w.perPricingVisit),
    reason: `viewed pricing ${pricing === 1 ? 'once' : `${pricing} times`} in ${config.intentWindowDays} days`,
  });

  const unclicked = features.unclickedEmails.length;
  contributions.push({
    signal: 'emails-opened-without-click',
    points: Math.min(w.unclickedEmailsCap, unclicked * w.perUnclickedEmail),
    reason: `${plural(unclicked, 'email')} opened without a click`,
  });

  const tickets = features.openTickets.length;
  contributions.push({
    signal: 'open-support-tickets',
    points: Math.min(w.openTicketsCap, tickets * w.perOpenTicket),
    reason: `${plural(tickets, 'open support ticket')}`,
  });

  if (features.lastActivityAt !== null) {
    const inactive = wholeDaysBetween(features.lastActivityAt, now);
    contributions.push({
      signal: 'days-inactive',
      points:
        inactive < config.inactiveDays
          ? 0
          : Math.min(w.inactivityCap, w.inactivityBase + (inactive - config.inactiveDays) * w.inactivityPerDay),
      reason: `inactive for ${plural(inactive, 'day')}`,
    });
  }
  return scoreFrom(contributions);
}
