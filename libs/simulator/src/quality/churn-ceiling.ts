import type { CustomerSignal } from '@heed/domain';
import type { Population } from '../population/generate-population';
import type { SaasHabit, SaasTruth, SimulatedCustomer } from '../population/ground-truth';
import { DAY, HOUR, type SimulationWindow } from '../population/simulation-window';
import {
  fadingEngagement,
  lullEngagement,
  lullStartDays,
  saasBehaviour as b,
  saasPersonaMix,
  saasPersonaRanges as r,
  type Engagement,
} from '../personas/saas-persona';
import { measureChurnQuality, type ChurnQuality } from './detection-quality';
import type { ObservedDecisions } from './observed-decisions';

/**
 * What the population allows: the churn figures of a detector that knows what no real one can — each
 * subscriber's own habits (`SaasTruth.habit`) and the simulator's model of behaviour
 * (`saasBehaviour`). Day by day it weighs the subscriber's events under three stories: "stays as
 * usual" (healthy, and abrupt leavers before they leave), "fading since some day" (every decline the
 * personas can draw) and "on a break" (every lull), and flags when the chance of "fading, and it has
 * begun" reaches a threshold; like Heed, it also flags at a look at the cancellation page. It is not
 * a proof of the best possible detector, but it shows how far the events carry: a detector that must
 * learn each customer's habits from their own events can come near it, not beyond.
 */
export type CeilingPoint = Readonly<{ threshold: number; churn: ChurnQuality }>;

/**
 * What the detector reads of a day: whether the product was used at all (how often the customer
 * comes), each session (length, shortness, core features), pricing looks, support tickets and their
 * fate, the newsletter (opened, clicked). Leaving some out shows where the information is.
 */
export const ceilingReads = ['use', 'sessions', 'pricing', 'tickets', 'newsletter'] as const;
export type CeilingRead = (typeof ceilingReads)[number];
const readEverything: ReadonlySet<CeilingRead> = new Set(ceilingReads);

/** Thresholds of the chance of "fading" at which the detector flags. */
export const ceilingThresholds = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95] as const;

/** Engagement levels are read from tables in steps of 1/E_STEPS. */
const E_STEPS = 100;
const CHURN_STEP_DAYS = 0.5;
const FADE_DAYS_STEP = 2;
const FLOOR_STEPS = 4;
const NEVER = 1e-12;

/** The churn figures of the knowing detector at each threshold. */
export function churnCeiling(
  population: Population,
  thresholds: readonly number[] = ceilingThresholds,
  reads: ReadonlySet<CeilingRead> = readEverything,
): CeilingPoint[] {
  return ceilingAt(population.customers, fadingTracks(population, reads), thresholds);
}

/** The knowing detector's track of every subscriber of a population. */
export function fadingTracks(
  population: Population,
  reads: ReadonlySet<CeilingRead> = readEverything,
): Map<string, FadingTrack> {
  const bySubscriber = new Map<string, CustomerSignal[]>();
  for (const customer of population.customers)
    if (customer.truth.kind === 'saas') bySubscriber.set(customer.customerId, []);
  for (const signal of population.signals) bySubscriber.get(signal.customerId)?.push(signal);
  const tracks = new Map<string, FadingTrack>();
  for (const { customerId, truth } of population.customers)
    if (truth.kind === 'saas')
      tracks.set(customerId, fadingChance(truth, bySubscriber.get(customerId) ?? [], population.window, reads));
  return tracks;
}

/** The churn figures at each threshold, from the subscribers' tracks. */
export function ceilingAt(
  customers: readonly SimulatedCustomer[],
  tracks: ReadonlyMap<string, FadingTrack>,
  thresholds: readonly number[],
): CeilingPoint[] {
  return thresholds.map((threshold) => {
    const decisions = new Map<string, ObservedDecisions>();
    for (const [customerId, track] of tracks) {
      const reached = track.days.find((day) => day.chance >= threshold)?.endsAt;
      const look = track.cancellationLookAt;
      const first = look !== null && (reached === undefined || look < reached) ? look : reached;
      decisions.set(customerId, {
        customerId,
        churnFlags: first === undefined ? [] : [new Date(first).toISOString()],
        frozenTransactions: [],
        commands: {},
      });
    }
    return { threshold, churn: measureChurnQuality(customers, decisions) };
  });
}

/** One day of a subscriber's events, as the behaviour model reads them. */
type DayEvents = {
  sessions: Array<{ seconds: number; uses: number; core: number }>;
  pricing: boolean;
  ticketsOpened: number;
  newsletter: 'none' | 'opened' | 'clicked';
};

/** A ticket's fate, known `knownOnDay`: resolved, or still open three days on. */
type TicketFate = { openedOnDay: number; knownOnDay: number; resolved: boolean };

/** The chance of "fading, and it has begun" at the end of each day, and the first cancellation look. */
export type FadingTrack = Readonly<{
  days: ReadonlyArray<Readonly<{ endsAt: number; chance: number }>>;
  cancellationLookAt: number | null;
}>;

/** The knowing detector's view of one subscriber, up to their cancellation or the window's end. */
export function fadingChance(
  truth: SaasTruth,
  signals: readonly CustomerSignal[],
  window: SimulationWindow,
  reads: ReadonlySet<CeilingRead> = readEverything,
): FadingTrack {
  const signUp = Date.parse(truth.signedUpAt);
  const firstDay = Math.floor(signUp / DAY) * DAY;
  const end = truth.churnsAt === null ? window.end : Date.parse(truth.churnsAt);
  // Whole days from the one after signing up (sessions on that day start only after it) to the end.
  const dayCount = Math.floor((end - firstDay) / DAY);
  const { days, tickets, cancellationLookAt } = readDays(signals, firstDay, dayCount);
  const tables = days.map((events, d) => dayLogChances(truth.habit, events, firstDay + d * DAY, signUp, reads));
  const stories = storiesOf(signUp, window, firstDay, dayCount);
  const logWeights = Float64Array.from(stories, (s) => s.logPrior);
  const track: Array<{ endsAt: number; chance: number }> = [];
  for (let d = 1; d < dayCount; d++) {
    const table = tables[d]!;
    const known = reads.has('tickets') ? tickets.filter((t) => t.knownOnDay === d) : [];
    for (let j = 0; j < stories.length; j++) {
      const story = stories[j]!;
      let add = table[story.levels[d]!]!;
      for (const t of known) add += ticketFateLog(t.resolved, story.levels[t.openedOnDay]!);
      logWeights[j]! += add;
    }
    const endsAt = firstDay + (d + 1) * DAY;
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < stories.length; j++) if (stories[j]!.churnsAt > endsAt) max = Math.max(max, logWeights[j]!);
    let fading = 0;
    let all = 0;
    for (let j = 0; j < stories.length; j++) {
      const story = stories[j]!;
      // A story in which the customer would have cancelled by now is ruled out.
      if (story.churnsAt <= endsAt) continue;
      const weight = Math.exp(logWeights[j]! - max);
      all += weight;
      if (story.fadingFromDay <= d) fading += weight;
    }
    track.push({ endsAt, chance: all === 0 ? 0 : fading / all });
  }
  return { days: track, cancellationLookAt };
}

function readDays(
  signals: readonly CustomerSignal[],
  firstDay: number,
  dayCount: number,
): { days: DayEvents[]; tickets: TicketFate[]; cancellationLookAt: number | null } {
  const days: DayEvents[] = Array.from({ length: Math.max(0, dayCount) }, () => ({
    sessions: [],
    pricing: false,
    ticketsOpened: 0,
    newsletter: 'none',
  }));
  const dayOf = (at: string) => Math.floor((Date.parse(at) - firstDay) / DAY);
  const opened = new Map<string, TicketFate>();
  const tickets: TicketFate[] = [];
  let session: { day: number; uses: number; core: number } | null = null;
  let cancellationLookAt: number | null = null;
  for (const signal of signals) {
    const d = dayOf(signal.occurredAt);
    const day = days[d];
    if (signal.type === 'SignedIn') session = { day: d, uses: 0, core: 0 };
    else if (signal.type === 'FeatureUsed') {
      if (session !== null) {
        session.uses++;
        if (signal.properties.is_core) session.core++;
      }
    } else if (signal.type === 'SessionEnded') {
      if (session !== null)
        days[session.day]?.sessions.push({ seconds: signal.properties.duration_seconds, ...session });
      session = null;
    } else if (signal.type === 'PageViewed') {
      if (signal.properties.url?.includes('cancel')) cancellationLookAt ??= Date.parse(signal.occurredAt);
      else if (signal.properties.path === '/pricing' && day !== undefined) day.pricing = true;
    } else if (signal.type === 'SupportTicketOpened') {
      if (day !== undefined) day.ticketsOpened++;
      const fate = { openedOnDay: d, knownOnDay: d + Math.ceil(b.ticketResolvedAfterDays[1]), resolved: false };
      opened.set(signal.properties.ticket_id, fate);
      tickets.push(fate);
    } else if (signal.type === 'SupportTicketResolved') {
      const fate = opened.get(signal.properties.ticket_id);
      if (fate !== undefined) Object.assign(fate, { resolved: true, knownOnDay: Math.min(d, fate.knownOnDay) });
    } else if (signal.type === 'EmailOpened') {
      if (day !== undefined && day.newsletter === 'none') day.newsletter = 'opened';
    } else if (signal.type === 'EmailLinkClicked') {
      if (day !== undefined) day.newsletter = 'clicked';
    }
  }
  return { days, tickets, cancellationLookAt };
}

const log = (p: number) => Math.log(Math.max(NEVER, p));

/** Log-chance of a day's events at each engagement level 0, 1/E_STEPS, …, 1. */
function dayLogChances(
  habit: SaasHabit,
  events: DayEvents,
  dayStart: number,
  signUp: number,
  reads: ReadonlySet<CeilingRead>,
): Float64Array {
  const weekday = new Date(dayStart).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  const table = new Float64Array(E_STEPS + 1);
  for (let q = 0; q <= E_STEPS; q++) {
    const e = q / E_STEPS;
    let sum = 0;
    if (reads.has('use')) {
      const active = b.activeChance(habit, weekend, e);
      sum += events.sessions.length > 0 ? log(active) : log(1 - active);
    }
    for (const s of reads.has('sessions') ? events.sessions : []) {
      const short = Math.min(1, b.shortChance(habit, e));
      const core = Math.min(1, b.coreChance(habit, e));
      sum += s.core * log(core) + (s.uses - s.core) * log(1 - core);
      if (s.seconds < b.sessionBaseSeconds) sum += log(short);
      else
        sum +=
          log(1 - short) +
          logNormalLog(s.seconds - b.sessionBaseSeconds, b.sessionMedianSeconds(habit, e), b.sessionSpread);
    }
    if (reads.has('pricing')) {
      const pricing = b.pricingChance(habit, e);
      sum += events.pricing ? log(pricing) : log(1 - pricing);
    }
    if (reads.has('tickets')) {
      const ticket = b.ticketChance(habit, e);
      sum += events.ticketsOpened * log(ticket) + (events.ticketsOpened > 0 ? 0 : log(1 - ticket));
    }
    if (reads.has('newsletter') && weekday === 2 && dayStart > signUp) {
      const open = b.newsletterOpenChance(e);
      const click = b.newsletterClickChance(e);
      sum +=
        events.newsletter === 'none'
          ? log(1 - open)
          : log(open) + (events.newsletter === 'clicked' ? log(click) : log(1 - click));
    }
    table[q] = sum;
  }
  return table;
}

const ticketFateLog = (resolved: boolean, level: number): number => {
  const p = b.ticketResolvedChance(level / E_STEPS);
  return resolved ? log(p) : log(1 - p);
};

/** Log-density of a log-normal with this median and spread, up to a constant that does not depend on the median. */
const logNormalLog = (x: number, median: number, spread: number): number => {
  const z = (Math.log(Math.max(1, x)) - Math.log(median)) / spread;
  return -0.5 * z * z;
};

/** One story of a subscriber: their engagement level on each day, and its prior weight. */
type Story = { levels: Uint8Array; logPrior: number; fadingFromDay: number; churnsAt: number };

/** Every story the personas can tell of this subscriber, on a grid of their parameters. */
function storiesOf(signUp: number, window: SimulationWindow, firstDay: number, dayCount: number): Story[] {
  const levelsOf = (engagement: Engagement) => {
    const levels = new Uint8Array(Math.max(0, dayCount));
    for (let d = 0; d < dayCount; d++) levels[d] = Math.round(engagement(firstDay + d * DAY + 12 * HOUR) * E_STEPS);
    return levels;
  };
  const mix = saasPersonaMix;
  // Light users are steady at their own habit (which the detector is given), a planned holiday is a
  // lull; seasonal users are a story of their own that the detector is not told (docs/quality.md).
  const total = mix.healthy + mix.fading + mix.abrupt + mix.returning + mix.light + mix.holiday;
  const stories: Story[] = [
    {
      levels: levelsOf(() => 1),
      logPrior: Math.log((mix.healthy + mix.abrupt + mix.light) / total),
      fadingFromDay: Number.POSITIVE_INFINITY,
      churnsAt: Number.POSITIVE_INFINITY,
    },
  ];
  const lastChurn = window.end - r.churnBeforeEndDays * DAY;
  const earliestChurn = Math.min(signUp + r.churnAfterSignUpDays * DAY, lastChurn);
  const churnTimes: number[] = [];
  for (let at = earliestChurn; at <= lastChurn; at += CHURN_STEP_DAYS * DAY) churnTimes.push(at);
  const fadeDays: number[] = [];
  for (let days = r.fadeDays[0]; days <= r.fadeDays[1]; days += FADE_DAYS_STEP) fadeDays.push(days);
  const floors = Array.from(
    { length: FLOOR_STEPS },
    (_, i) => r.fadeFloor[0] + ((i + 0.5) * (r.fadeFloor[1] - r.fadeFloor[0])) / FLOOR_STEPS,
  );
  const fadingPrior = Math.log(mix.fading / total / (churnTimes.length * fadeDays.length * floors.length));
  for (const churnsAt of churnTimes)
    for (const days of fadeDays)
      for (const floor of floors) {
        const fadeStart = churnsAt - days * DAY;
        stories.push({
          levels: levelsOf(fadingEngagement(fadeStart, churnsAt, floor)),
          logPrior: fadingPrior,
          fadingFromDay: Math.floor((fadeStart - firstDay) / DAY),
          churnsAt,
        });
      }
  const [earliestLull, latestLull] = lullStartDays(window.days);
  const lullStarts: number[] = [];
  for (let days = earliestLull; days <= latestLull; days++) lullStarts.push(days);
  const lullDays: number[] = [];
  for (let days = r.lullDays[0]; days <= r.lullDays[1]; days++) lullDays.push(days);
  const lullPrior = Math.log((mix.returning + mix.holiday) / total / (lullStarts.length * lullDays.length));
  for (const start of lullStarts)
    for (const days of lullDays) {
      const from = signUp + start * DAY;
      stories.push({
        levels: levelsOf(lullEngagement(from, from + days * DAY)),
        logPrior: lullPrior,
        fadingFromDay: Number.POSITIVE_INFINITY,
        churnsAt: Number.POSITIVE_INFINITY,
      });
    }
  return stories;
}
