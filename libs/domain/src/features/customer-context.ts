import type { ProductLine } from '../catalog/signals/product-line';
import type { Score } from '../scoring/score';
import type { EngagementEvidence } from './engagement-evidence';

/** Upper bounds of the context's rolling windows and sets (besides the configured session/transaction windows). */
export const contextBounds = {
  featureKeys: 100,
  intentVisits: 10,
  openTickets: 20,
  countries: 250,
  merchants: 200,
  devices: 20,
  currencies: 20,
  cartItems: 50,
  groups: 20,
  groupTraits: 50,
  traitLength: 256,
} as const;

/** A support ticket not resolved yet. */
export type OpenTicket = Readonly<{ ticketId: string; openedAt: string }>;

/** What the churn score reads: kept up to date by every signal. */
export type EngagementFeatures = Readonly<{
  firstSeenAt: string | null;
  /** Last in-product activity (sessions, pages, products, cart, orders, features, email clicks). */
  lastActivityAt: string | null;
  /** Sessions ended so far. */
  sessionCount: number;
  /** When the last session ended. */
  lastSessionAt: string | null;
  /** Evidence of disengagement against the customer's usual behaviour; `null` before the first signal. */
  evidence: EngagementEvidence | null;
  coreFeatureLastUsedAt: string | null;
  /** Features used at least once (so "first use" can be derived), most recent last. */
  featureKeys: readonly string[];
  pricingVisits: readonly string[];
  cancellationVisits: readonly string[];
  openTickets: readonly OpenTicket[];
}>;

/** One past card transaction, as much as fraud scoring needs; the amount as billed (`billedAmount`). */
export type TransactionFacts = Readonly<{
  at: string;
  amount: number;
  currency: string;
  country: string;
  merchant: string;
  /** Whether it was the cardholder's first transaction at this merchant. */
  firstAtMerchant: boolean;
  /** Whether it was the card's first transaction in this country. */
  firstInCountry: boolean;
  /** Card present or not, when the network said. */
  channel?: 'in_store' | 'online';
  /** Whether it was made in the unusual hours (`LifecycleConfig.unusualHours`), local time. */
  atNight?: boolean;
}>;

/** What the fraud score reads. */
export type CardFeatures = Readonly<{
  transactionCount: number;
  recentTransactions: readonly TransactionFacts[];
  /** Every country the cardholder transacted in. */
  countries: readonly string[];
  /** Merchants the cardholder paid, most recent last (the newest `contextBounds.merchants`). */
  merchants: readonly string[];
  /** Largest amount ever billed, per currency. */
  maxAmounts: ReadonlyArray<Readonly<{ currency: string; amount: number }>>;
  /** Devices the card was used from (`device_id`, when sent), most recent last (the newest `contextBounds.devices`). */
  devices: readonly string[];
  /** The account's latest password change (`PasswordChanged`), with where it came from when said; null before one. */
  passwordChange: PasswordChange | null;
}>;

/** A password change: when, and from which device and country, when the signal said. */
export type PasswordChange = Readonly<{ at: string; deviceId?: string; country?: string }>;

/** The open cart, if any. */
export type CartState = Readonly<{
  cartId: string | null;
  items: readonly ProductLine[];
  updatedAt: string | null;
  recoveryDueAt: string | null;
}>;

/** A subscription that is about to expire. */
export type SubscriptionState = Readonly<{
  subscriptionId: string | null;
  expiresAt: string | null;
  reminderDueAt: string | null;
  lapseDueAt: string | null;
}>;

/** A transaction's fraud assessment, against the history before it. */
export type FraudAssessment = Readonly<{ transactionId: string; cardId: string } & Score>;

/** The open fraud case (the frozen card) and the last transaction's assessment. */
export type FraudCase = Readonly<{
  cardId: string | null;
  transactionId: string | null;
  lastAssessment: FraudAssessment | null;
}>;

/** Since when the customer is at risk, and when the next at-risk step is due; when a watched customer's day ends. */
export type RiskState = Readonly<{
  since: string | null;
  reEngagementDueAt: string | null;
  prolongedRiskDueAt: string | null;
  dayEndDueAt: string | null;
}>;

/** A trait the context keeps: plain values only (nested objects and lists stay in the stream). */
export type PlainTrait = string | number | boolean;

/** A group (B2B account, company) the customer belongs to, as its `group` calls described it. */
export type GroupMembership = Readonly<{
  groupId: string;
  /** The group's plain traits, merged over its calls (a later value wins, `null` removes one). */
  traits: Readonly<Record<string, PlainTrait>>;
  /** The latest time a `group` call was made for it. */
  updatedAt: string;
}>;

/** The lifecycle machine's context: plain JSON, bounded. */
export type CustomerContext = Readonly<{
  customerId: string;
  /** The machine's clock: the latest signal time, or a timer's due time. `null` before the first signal. */
  now: string | null;
  engagement: EngagementFeatures;
  card: CardFeatures;
  cart: CartState;
  subscription: SubscriptionState;
  fraud: FraudCase;
  risk: RiskState;
  /** The groups the customer belongs to, most recently described last (the newest `contextBounds.groups`). */
  groups: readonly GroupMembership[];
}>;

/**
 * `{ ...features, ...changes }`, with every field written out: V8 copies an object that a spread
 * built many times slower than one a literal built, and the features change with most signals.
 */
export function engagementWith(e: EngagementFeatures, changes: Partial<EngagementFeatures>): EngagementFeatures {
  const copy: EngagementFeatures = {
    firstSeenAt: e.firstSeenAt,
    lastActivityAt: e.lastActivityAt,
    sessionCount: e.sessionCount,
    lastSessionAt: e.lastSessionAt,
    evidence: e.evidence,
    coreFeatureLastUsedAt: e.coreFeatureLastUsedAt,
    featureKeys: e.featureKeys,
    pricingVisits: e.pricingVisits,
    cancellationVisits: e.cancellationVisits,
    openTickets: e.openTickets,
  };
  return Object.assign(copy, changes);
}

/** The context of a customer Heed has not heard from yet. */
export function initialCustomerContext(customerId: string): CustomerContext {
  return {
    customerId,
    now: null,
    engagement: {
      firstSeenAt: null,
      lastActivityAt: null,
      sessionCount: 0,
      lastSessionAt: null,
      evidence: null,
      coreFeatureLastUsedAt: null,
      featureKeys: [],
      pricingVisits: [],
      cancellationVisits: [],
      openTickets: [],
    },
    card: {
      transactionCount: 0,
      recentTransactions: [],
      countries: [],
      merchants: [],
      maxAmounts: [],
      devices: [],
      passwordChange: null,
    },
    cart: { cartId: null, items: [], updatedAt: null, recoveryDueAt: null },
    subscription: { subscriptionId: null, expiresAt: null, reminderDueAt: null, lapseDueAt: null },
    fraud: { cardId: null, transactionId: null, lastAssessment: null },
    risk: { since: null, reEngagementDueAt: null, prolongedRiskDueAt: null, dayEndDueAt: null },
    groups: [],
  };
}
