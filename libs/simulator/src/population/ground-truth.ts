/**
 * What a SaaS subscriber is, behind their events: healthy, slowly fading, an abrupt leaver, one who
 * takes a break and comes back, a steady light user (two short evening sessions a week), a seasonal
 * user (a busy week a month, quiet weeks between), or one who goes quiet for a planned holiday.
 */
export type SaasPersona = 'healthy' | 'fading' | 'abrupt' | 'returning' | 'light' | 'seasonal' | 'holiday';
/** What an e-commerce shopper is. */
export type ShopperPersona = 'browser' | 'buyer' | 'cart-abandoner';
/**
 * What a cardholder is: an everyday spender at home, a traveller (trips abroad), a night-shift
 * worker (spends at night), one who makes a single large purchase, or a fraud victim.
 */
export type CardholderPersona = 'everyday' | 'traveller' | 'night-shift' | 'large-purchase' | 'fraud-victim';

/** A subscriber's own habits when fully engaged, drawn once per customer. */
export type SaasHabit = Readonly<{
  /** Chance of using the product on a weekday … */
  activeDay: number;
  /** … and on a weekend day. */
  weekendDay: number;
  /** Median length of a (not short) session, minutes. */
  sessionMinutes: number;
  /** Chance that a feature used is a core one. */
  coreShare: number;
  /** Share of short sessions. */
  shortShare: number;
  pricingPerDay: number;
  ticketPerDay: number;
  /** When the sessions start, local hours (default a working day's: about 10 and 15). */
  sessionHours?: readonly [first: number, second: number];
  /** Chance of a second session on a day of use (default `saasBehaviour.secondSessionChance`). */
  secondSessionChance?: number;
  /** Features used in a session that is not short (default `saasBehaviour.sessionUses`). */
  sessionUses?: readonly [min: number, max: number];
}>;

/**
 * A SaaS subscriber's truth: whether and when they cancel, and what drives their events (their
 * habits, a fading customer's decline, a returning customer's lull), for measures that need more than
 * the outcome (docs/quality.md, "What the population allows").
 */
export type SaasTruth = Readonly<{
  kind: 'saas';
  persona: SaasPersona;
  subscriptionId: string;
  /** When the customer cancels (ISO-8601), or null when they stay through the simulation. */
  churnsAt: string | null;
  signedUpAt: string;
  habit: SaasHabit;
  /** A fading customer's decline: from `startsAt`, in a line down to `floor` at `churnsAt`. */
  fade: Readonly<{ startsAt: string; floor: number }> | null;
  /** A returning customer's break, or a holiday, `[from, until)`: no activity at all. */
  lull: Readonly<{ from: string; until: string }> | null;
  /** A seasonal user's busy weeks: one in every `periodDays`, from `firstBusyAt`; `quietLevel` between. */
  season: Readonly<{ firstBusyAt: string; periodDays: number; busyDays: number; quietLevel: number }> | null;
}>;

/** An e-commerce shopper's truth: the carts left without a checkout. */
export type ShopperTruth = Readonly<{
  kind: 'shopper';
  persona: ShopperPersona;
  /** Carts that stayed without checkout for longer than an hour at least once. */
  abandonedCarts: readonly string[];
}>;

/** A fraud burst: the fraudulent transactions of one compromise, in order. */
export type FraudBurst = Readonly<{
  style: 'foreign' | 'domestic-online' | 'card-testing' | 'account-takeover';
  transactionIds: readonly string[];
}>;

/** A cardholder's truth: which transactions are fraudulent. */
export type CardholderTruth = Readonly<{
  kind: 'cardholder';
  persona: CardholderPersona;
  cardId: string;
  homeCountry: string;
  /** Every transaction id, legitimate or not, in order. */
  transactionIds: readonly string[];
  fraudBursts: readonly FraudBurst[];
}>;

/**
 * What a simulated customer really is and does, kept apart from the events: the detection-quality
 * report compares Heed's decisions with it, and nothing of it is ever sent to Heed.
 */
export type GroundTruth = SaasTruth | ShopperTruth | CardholderTruth;

/** A simulated customer: its id and its truth. */
export type SimulatedCustomer = Readonly<{ customerId: string; truth: GroundTruth }>;
