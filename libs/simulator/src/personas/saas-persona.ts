import type { SaasHabit, SaasPersona, SaasTruth } from '../population/ground-truth';
import { DAY, HOUR, MINUTE, type SimulationWindow } from '../population/simulation-window';
import type { SeededRandom } from '../random/seeded-random';
import { CustomerTimeline } from './customer-timeline';

/** Shares of SaaS personas in a population. */
export const saasPersonaMix: Readonly<Record<SaasPersona, number>> = {
  healthy: 0.45,
  fading: 0.2,
  abrupt: 0.1,
  returning: 0.1,
  light: 0.07,
  seasonal: 0.04,
  holiday: 0.04,
};

const APP = 'https://app.example.com';
const features = ['reports', 'dashboards', 'exports', 'alerts', 'integrations', 'sharing'];
const coreFeatures = ['projects', 'editor'];
const pages = ['/dashboard', '/projects', '/reports', '/settings', '/team', '/help'];

/** The ranges the personas draw from (uniformly), in days unless named otherwise. */
export const saasPersonaRanges = {
  /** Churners leave at least this long after signing up, and at the latest this long before the window ends. */
  churnAfterSignUpDays: 21,
  churnBeforeEndDays: 2,
  /** A fading customer's decline lasts this long before the cancellation … */
  fadeDays: [12, 28],
  /** … down to this share of their usual engagement. */
  fadeFloor: [0.05, 0.25],
  /** A returning customer's lull lasts this long. */
  lullDays: [9, 20],
  /** A planned holiday lasts this long (weekends included), from two weeks after signing up. */
  holidayDays: [6, 16],
  /** A seasonal user is busy this many days in every period (a month), and this engaged between. */
  seasonPeriodDays: 28,
  seasonBusyDays: [6, 10],
  seasonQuietLevel: [0.25, 0.45],
} as const;

/** A seasonal user's engagement: fully engaged in the busy days of each period, `quiet` between. */
export const seasonalEngagement =
  (firstBusy: number, periodDays: number, busyDays: number, quiet: number): Engagement =>
  (at) => {
    const inPeriod = ((((at - firstBusy) / DAY) % periodDays) + periodDays) % periodDays;
    return inPeriod < busyDays ? 1 : quiet;
  };

/**
 * When a returning customer's lull may start, in days after signing up: from a week on, up to the
 * window's length less 25 days (and at least a day of choice).
 */
export const lullStartDays = (windowDays: number): readonly [number, number] => [7, Math.max(8, windowDays - 25)];

/**
 * How engaged the customer is on a day, 0 (gone) to 1 (fully). Fading customers decline towards the
 * cancellation; returning ones drop to nothing for a lull and come back.
 */
export type Engagement = (at: number) => number;

/** A fading customer's engagement: 1 until `fadeStart`, then down in a line to `floor` at `churnsAt`. */
export const fadingEngagement =
  (fadeStart: number, churnsAt: number, floor: number): Engagement =>
  (at) =>
    at < fadeStart ? 1 : Math.max(floor, 1 - ((1 - floor) * (at - fadeStart)) / (churnsAt - fadeStart));

/** A returning customer's engagement: nothing in `[from, until)`, fully engaged otherwise. */
export const lullEngagement =
  (from: number, until: number): Engagement =>
  (at) =>
    at >= from && at < until ? 0 : 1;

/**
 * What a subscriber does on a day at engagement `e` (0–1), as chances: the one model of SaaS
 * behaviour, shared by the simulation and by the measure of what any detector could see in it.
 */
export const saasBehaviour = {
  /** Uses the product that day (one session, or two with `secondSessionChance`). */
  activeChance: (h: SaasHabit, weekend: boolean, e: number) => (weekend ? h.weekendDay : h.activeDay) * e,
  secondSessionChance: 0.3,
  /** A session is short (20–110 s, 0–1 features used) … */
  shortChance: (h: SaasHabit, e: number) => h.shortShare + (1 - e) * 0.6,
  shortSeconds: [20, 110],
  shortUses: [0, 1],
  /** … or `sessionBaseSeconds` plus a log-normal length around this median (spread `sessionSpread`), 1–4 features used. */
  sessionBaseSeconds: 120,
  sessionMedianSeconds: (h: SaasHabit, e: number) => h.sessionMinutes * 60 * (0.4 + 0.6 * e),
  sessionSpread: 0.5,
  sessionUses: [1, 4],
  /** A feature used is a core one. */
  coreChance: (h: SaasHabit, e: number) => h.coreShare * e,
  /** Looks at the pricing page that day (never when `e` is 0). */
  pricingChance: (h: SaasHabit, e: number) => (e > 0 ? h.pricingPerDay + (1 - e) * 0.12 : 0),
  /** Opens a support ticket that day … */
  ticketChance: (h: SaasHabit, e: number) => h.ticketPerDay * (e > 0 ? 1 + (1 - e) * 2 : 0),
  /** … which gets resolved (0.2–3 days later). */
  ticketResolvedChance: (e: number) => 0.4 + 0.55 * e,
  ticketResolvedAfterDays: [0.2, 3],
  /** Opens the Tuesday newsletter … */
  newsletterOpenChance: (e: number) => 0.35 + 0.25 * (1 - e),
  /** … and clicks its link. */
  newsletterClickChance: (e: number) => 0.35 * e,
} as const;

const b = saasBehaviour;
const r = saasPersonaRanges;

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
  const lastDay = window.end - r.churnBeforeEndDays * DAY;

  // Churners leave after at least a week of normal use, so that a flag has something to go on.
  const earliestChurn = Math.min(signUp + r.churnAfterSignUpDays * DAY, lastDay);
  let churnsAt: number | null = null;
  let engagement: Engagement = () => 1;
  let fade: SaasTruth['fade'] = null;
  let lull: SaasTruth['lull'] = null;
  if (persona === 'fading') {
    const at = rng.between(earliestChurn, lastDay);
    const fadeStart = at - rng.between(...r.fadeDays) * DAY;
    const floor = rng.between(...r.fadeFloor);
    churnsAt = at;
    engagement = fadingEngagement(fadeStart, at, floor);
    fade = { startsAt: iso(fadeStart), floor };
  } else if (persona === 'abrupt') {
    churnsAt = rng.between(earliestChurn, lastDay);
  } else if (persona === 'returning') {
    const lullStart = signUp + rng.between(...lullStartDays(window.days)) * DAY;
    const lullEnd = lullStart + rng.between(...r.lullDays) * DAY;
    engagement = lullEngagement(lullStart, lullEnd);
    lull = { from: iso(lullStart), until: iso(lullEnd) };
  }
  let season: SaasTruth['season'] = null;
  if (persona === 'holiday') {
    // Planned, whole days: from a Saturday two weeks or more after signing up.
    const saturday = startOfDay(signUp + rng.between(14, Math.max(15, window.days - 20)) * DAY);
    const from = saturday + ((6 - new Date(saturday).getUTCDay() + 7) % 7) * DAY;
    const until = from + Math.round(rng.between(...r.holidayDays)) * DAY;
    engagement = lullEngagement(from, until);
    lull = { from: iso(from), until: iso(until) };
  } else if (persona === 'seasonal') {
    const busyDays = Math.round(rng.between(...r.seasonBusyDays));
    const quiet = rng.between(...r.seasonQuietLevel);
    const firstBusy = startOfDay(signUp) - rng.int(0, r.seasonPeriodDays - 1) * DAY;
    engagement = seasonalEngagement(firstBusy, r.seasonPeriodDays, busyDays, quiet);
    season = { firstBusyAt: iso(firstBusy), periodDays: r.seasonPeriodDays, busyDays, quietLevel: quiet };
  }
  if (churnsAt !== null) churnsAt = Math.round(churnsAt);
  const until = churnsAt ?? window.end;
  // Nothing of a churner's happens after the cancellation: the window ends there for them.
  const timeline = new CustomerTimeline(customerId, window.start, churnsAt === null ? window.end : churnsAt + 1);

  timeline.add('SignedUp', signUp, { type: 'trial' });
  const drawn: SaasHabit = {
    activeDay: rng.between(0.7, 0.95),
    weekendDay: rng.between(0.1, 0.4),
    sessionMinutes: rng.between(8, 35),
    coreShare: rng.between(0.55, 0.9),
    shortShare: rng.between(0.05, 0.2),
    pricingPerDay: rng.between(0.005, 0.03),
    ticketPerDay: rng.between(0.01, 0.04),
  };
  // A steady light user: about two short sessions a week, in the evening, the core feature every other one.
  const habit: SaasHabit =
    persona === 'light'
      ? {
          ...drawn,
          activeDay: rng.between(0.22, 0.34),
          weekendDay: rng.between(0.15, 0.35),
          sessionMinutes: rng.between(3, 8),
          coreShare: rng.between(0.4, 0.6),
          shortShare: rng.between(0.05, 0.15),
          pricingPerDay: rng.between(0.003, 0.01),
          ticketPerDay: rng.between(0.003, 0.01),
          sessionHours: [19.5, 21],
          secondSessionChance: 0.05,
          sessionUses: [1, 2],
        }
      : drawn;
  const [firstHour, secondHour] = habit.sessionHours ?? [10, 15];

  let ticket = 0;
  for (let dayStart = startOfDay(signUp); dayStart < until; dayStart += DAY) {
    const e = engagement(dayStart + 12 * HOUR);
    const weekend = [0, 6].includes(new Date(dayStart).getUTCDay());
    if (e > 0 && rng.chance(b.activeChance(habit, weekend, e))) {
      const sessions = rng.chance(habit.secondSessionChance ?? b.secondSessionChance) ? 2 : 1;
      for (let s = 0; s < sessions; s++) {
        const start =
          dayStart + clamp(rng.normal(s === 0 ? firstHour : secondHour, 2), 7, 22.5) * HOUR + rng.int(0, 59) * MINUTE;
        if (start <= signUp || start >= until) continue;
        // A fading customer's sessions shorten and the core of the product is left aside.
        const short = rng.chance(b.shortChance(habit, e));
        const seconds = short
          ? rng.int(...b.shortSeconds)
          : Math.round(rng.logNormal(b.sessionMedianSeconds(habit, e), b.sessionSpread)) + b.sessionBaseSeconds;
        if (start + seconds * 1000 >= until) continue;
        timeline.add('SignedIn', start, {});
        const uses = short ? rng.int(...b.shortUses) : rng.int(...(habit.sessionUses ?? b.sessionUses));
        for (let u = 0; u < uses; u++) {
          const core = rng.chance(b.coreChance(habit, e));
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
    if (rng.chance(b.pricingChance(habit, e)) && e > 0) {
      const at = dayStart + rng.between(9, 21) * HOUR;
      if (at > signUp && at < until) timeline.add('PageViewed', at, { url: `${APP}/pricing`, path: '/pricing' });
    }
    if (rng.chance(b.ticketChance(habit, e))) {
      const at = dayStart + rng.between(9, 18) * HOUR;
      const priority = rng.pick(['low', 'normal', 'high'] as const);
      // Fading customers' tickets linger; healthy ones are solved within days.
      const resolvedAfter = rng.chance(b.ticketResolvedChance(e))
        ? rng.between(...b.ticketResolvedAfterDays) * DAY
        : null;
      // Nobody opens a ticket before signing up. The draws are made all the same: the rest of the
      // customer, and of the population, does not change with it.
      if (at > signUp) {
        const id = `t-${customerId}-${ticket++}`;
        timeline.add('SupportTicketOpened', at, { ticket_id: id, priority });
        if (resolvedAfter !== null) timeline.add('SupportTicketResolved', at + resolvedAfter, { ticket_id: id });
      }
    }
    // The weekly newsletter, on Tuesdays.
    if (new Date(dayStart).getUTCDay() === 2 && dayStart > signUp) {
      const at = dayStart + 8 * HOUR + rng.int(0, 600) * MINUTE;
      const emailId = `news-${dayStart / DAY}`;
      if (at < until && rng.chance(b.newsletterOpenChance(e))) {
        timeline.add('EmailOpened', at, { email_id: emailId, campaign_name: 'Weekly digest' });
        if (rng.chance(b.newsletterClickChance(e)))
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
    // (Not before the sign-up: in a window too short for the usual three weeks of use.)
    if (rng.chance(0.7) && churnsAt - lookAhead > signUp)
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
      churnsAt: churnsAt === null ? null : iso(churnsAt),
      signedUpAt: iso(signUp),
      habit,
      fade,
      lull,
      season,
    },
  };
}

const iso = (at: number): string => new Date(Math.round(at)).toISOString();
const startOfDay = (at: number): number => Math.floor(at / DAY) * DAY;
const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));
