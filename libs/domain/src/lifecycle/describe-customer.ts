import type { CustomerContext } from '../features/customer-context';
import { churnScore } from '../scoring/churn-score';
import type { Contribution } from '../scoring/score';
import { defaultLifecycleConfig } from './lifecycle-config';
import type { LifecycleConfig } from './lifecycle-config';

/** What the engine's query API shows about a customer. Plain data. */
export type CustomerSummary = Readonly<{
  customerId: string;
  /** The machine's state value, one entry per region. */
  state: unknown;
  /** The machine's clock: the latest signal or timer time. */
  asOf: string | null;
  churn: Readonly<{ score: number; reasons: readonly string[]; contributions: readonly Contribution[] }>;
  fraud: Readonly<{
    score: number;
    reasons: readonly string[];
    contributions: readonly Contribution[];
    /** The last scored transaction, if any. */
    transactionId: string | null;
    /** The card frozen by an open case, if any. */
    frozenCardId: string | null;
  }>;
  cart: Readonly<{ cartId: string | null; itemCount: number; updatedAt: string | null }>;
  subscription: Readonly<{ subscriptionId: string | null; expiresAt: string | null }>;
  lastActivityAt: string | null;
  atRiskSince: string | null;
}>;

/** Summarises a lifecycle snapshot (live or persisted) for people: state, scores and their reasons. Pure. */
export function describeCustomer(
  snapshot: Readonly<{ value: unknown; context: CustomerContext }>,
  config: LifecycleConfig = defaultLifecycleConfig,
): CustomerSummary {
  const c = snapshot.context;
  const churn = churnScore(c.engagement, c.now, config);
  const fraud = c.fraud.lastAssessment;
  return {
    customerId: c.customerId,
    state: snapshot.value,
    asOf: c.now,
    churn: { score: churn.score, reasons: churn.reasons, contributions: churn.contributions },
    fraud: {
      score: fraud?.score ?? 0,
      reasons: fraud?.reasons ?? [],
      contributions: fraud?.contributions ?? [],
      transactionId: fraud?.transactionId ?? null,
      frozenCardId: c.fraud.cardId,
    },
    cart: { cartId: c.cart.cartId, itemCount: c.cart.items.length, updatedAt: c.cart.updatedAt },
    subscription: { subscriptionId: c.subscription.subscriptionId, expiresAt: c.subscription.expiresAt },
    lastActivityAt: c.engagement.lastActivityAt,
    atRiskSince: c.risk.since,
  };
}
