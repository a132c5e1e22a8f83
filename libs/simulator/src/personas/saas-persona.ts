import type { SaasPersona, SaasTruth } from '../population/ground-truth';
import { DAY, HOUR, MINUTE, type SimulationWindow } from '../population/simulation-window';
import type { SeededRandom } from '../random/seeded-random';
import { CustomerTimeline } from './customer-timeline';

/** Shares of SaaS personas in a population. */
export const saasPersonaMix: Readonly<Record<SaasPersona, number>> = {
  healthy: 0.55,
  fading: 0.2,
  abrupt: 0.1,
  returning: 0.15,
};

const APP = 'https://app.example.com';
const features = ['reports', 'dashboards', 'exports', 'alerts', 'integrations', 'sharing'];
const coreFeatures = ['projects', 'editor'];
const pages = ['/dashboard', '/projects', '/reports', '/settings', '/team', '/help'];

/**
 * How engaged the customer is on a day, 0 (gone) to 1 (fully). Fading customers decline towards the
 * cancellation; returning ones drop to nothing for a lull and come back.
 */
type Engagement = (at: number) => number;

/**
 * One SaaS subscriber over the window: sessions with features and pages, newsletters, support
 * tickets, monthly renewals, and for churners the cancellation.
 */
export function simulateSaasCustomer(
  customerId: string,
  rng: SeededRandom,
  window: SimulationWindow,
): { signals: ReturnType<CustomerTimeline['signals']>; truth: SaasTruth } {
  const persona = rng.weighted(saasPersonaMix);
  const subscriptionId = `sub-${customerId}`;
  const signUp = window.start + rng.between(0, Math.min(3, window.days / 4) * DAY);
  const lastDay = window.end - 2 * DAY;

  // Churners leave after at least a week of normal use, so that a flag has something to go on.
  const earliestChurn = Math.min(signUp + 21 * DAY, lastDay);
  let churnsAt: number | null = null;
  let engagement: Engagement = () => 1;
  if (persona === 'fading') {
    churnsAt = rng.between(earliestChurn, lastDay);
    const fadeDays = rng.between(12, 28);
    const fadeStart = churnsAt - fadeDays * DAY;
    const floor = rng.between(0.05, 0.25);
    engagement = (at) =>
      at < fadeStart ? 1 : Math.max(floor, 1 - ((1 - floor) * (at - fadeStart)) / (churnsAt! - fadeStart));
  } else if (persona === 'abrupt') {
    churnsAt = rng.between(earliestChurn, lastDay);
  } else if (persona === 'returning') {
    const lullStart = signUp + rng.between(7, Math.max(8, window.days - 25)) * DAY;
    const lullEnd = lullStart + rng.between(9, 20) * DAY;
    engagement = (at) => (at >= lullStart && at < lullEnd ? 0 : 1);
  }
  if (churnsAt !== null) churnsAt = Math.round(churnsAt);
  const until = churnsAt ?? window.end;
  // Nothing of a churner's happens after the cancellation: the window ends there for them.
  const timeline = new CustomerTimeline(customerId, window.start, churnsAt === null ? window.end : churnsAt + 1);

  timeline.add('SignedUp', signUp, { type: 'trial' });
  const habit = {
    activeDay: rng.between(0.7, 0.95),
    weekendDay: rng.between(0.1, 0.4),
    sessionMinutes: rng.between(8, 35),
    coreShare: rng.between(0.55, 0.9),
    shortShare: rng.between(0.05, 0.2),
    pricingPerDay: rng.between(0.005, 0.03),
    ticketPerDay: rng.between(0.01, 0.04),
  };

  let ticket = 0;
  for (let dayStart = startOfDay(signUp); dayStart < until; dayStart += DAY) {
    const e = engagement(dayStart + 12 * HOUR);
    const weekend = [0, 6].includes(new Date(dayStart).getUTCDay());
    const pActive = (weekend ? habit.weekendDay : habit.activeDay) * e;
    if (e > 0 && rng.chance(pActive)) {
      const sessions = rng.chance(0.3) ? 2 : 1;
      for (let s = 0; s < sessions; s++) {
        const start = dayStart + clamp(rng.normal(s === 0 ? 10 : 15, 2), 7, 22) * HOUR + rng.int(0, 59) * MINUTE;
        if (start <= signUp || start >= until) continue;
        // A fading customer's sessions shorten and the core of the product is left aside.
        const short = rng.chance(habit.shortShare + (1 - e) * 0.6);
        const seconds = short
          ? rng.int(20, 110)
          : Math.round(rng.logNormal(habit.sessionMinutes * 60 * (0.4 + 0.6 * e), 0.5)) + 120;
        if (start + seconds * 1000 >= until) continue;
        timeline.add('SignedIn', start, {});
        const uses = short ? rng.int(0, 1) : rng.int(1, 4);
        for (let u = 0; u < uses; u++) {
          const core = rng.chance(habit.coreShare * e);
          timeline.add('FeatureUsed', start + ((u + 1) * seconds * 1000) / (uses + 2), {
            feature_key: core ? rng.pick(coreFeatures) : rng.pick(features),
            is_core: core,
          });
        }
        const path = rng.pick(pages);
        timeline.add('PageViewed', start + 5_000, { url: `${APP}${path}`, path });
        if (rng.chance(0.2)) timeline.add('SignedOut', start + seconds * 1000 - 1_000, {});
        timeline.add('SessionEnded', start + seconds * 1000, {
          session_id: `${customerId}-${dayStart}-${s}`,
          duration_seconds: seconds,
        });
      }
    }
    // Looking at prices is normal now and then; a customer on the way out does it more.
    if (rng.chance(habit.pricingPerDay + (1 - e) * 0.12) && e > 0) {
      const at = dayStart + rng.between(9, 21) * HOUR;
      if (at > signUp && at < until) timeline.add('PageViewed', at, { url: `${APP}/pricing`, path: '/pricing' });
    }
    if (rng.chance(habit.ticketPerDay * (e > 0 ? 1 + (1 - e) * 2 : 0))) {
      const id = `t-${customerId}-${ticket++}`;
      const at = dayStart + rng.between(9, 18) * HOUR;
      timeline.add('SupportTicketOpened', at, { ticket_id: id, priority: rng.pick(['low', 'normal', 'high']) });
      // Fading customers' tickets linger; healthy ones are solved within days.
      if (rng.chance(0.4 + 0.55 * e))
        timeline.add('SupportTicketResolved', at + rng.between(0.2, 3) * DAY, { ticket_id: id });
    }
    // The weekly newsletter, on Tuesdays.
    if (new Date(dayStart).getUTCDay() === 2 && dayStart > signUp) {
      const at = dayStart + 8 * HOUR + rng.int(0, 600) * MINUTE;
      const emailId = `news-${dayStart / DAY}`;
      if (at < until && rng.chance(0.35 + 0.25 * (1 - e))) {
        timeline.add('EmailOpened', at, { email_id: emailId, campaign_name: 'Weekly digest' });
        if (rng.chance(0.35 * e))
          timeline.add('EmailLinkClicked', at + 30_000, { email_id: emailId, link_url: `${APP}/whats-new` });
      }
    }
  }

  // Monthly renewals: the billing system says "expiring" a week ahead, the customer renews before.
  const periodDays = 30;
  for (let end = signUp + periodDays * DAY; end < window.end + 7 * DAY; end += periodDays * DAY) {
    const expiring = end - 7 * DAY;
    if (expiring >= until) break;
    timeline.add('SubscriptionExpiring', expiring, {
      subscription_id: subscriptionId,
      expires_at: new Date(Math.round(end)).toISOString(),
    });
    const renewAt = expiring + rng.between(0.05, 0.9) * DAY;
    if (renewAt < until)
      timeline.add('SubscriptionRenewed', renewAt, { subscription_id: subscriptionId, plan: 'team' });
  }

  if (churnsAt !== null) {
    // Most leavers look at the cancellation page before cancelling; abrupt ones do it the same day.
    const lookAhead = persona === 'abrupt' ? rng.between(0.01, 0.5) * DAY : rng.between(0.1, 4) * DAY;
    if (rng.chance(0.7))
      timeline.add('PageViewed', churnsAt - lookAhead, { url: `${APP}/account#cancel`, path: '/account' });
    timeline.add('SubscriptionCancelled', churnsAt, {
      subscription_id: subscriptionId,
      reason: rng.pick(['price', 'missing feature', 'switched', 'no longer needed']),
    });
  }

  return {
    signals: timeline.signals(),
    truth: {
      kind: 'saas',
      persona,
      subscriptionId,
      churnsAt: churnsAt === null ? null : new Date(Math.round(churnsAt)).toISOString(),
    },
  };
}

const startOfDay = (at: number): number => Math.floor(at / DAY) * DAY;
const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));
