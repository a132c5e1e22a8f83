import type { OutputEvent } from '@heed/actors';
import { stateLens, type DecisionLens } from '@heed/replay';

/**
 * The states of the lifecycle that are decisions about a customer: an engagement risk raised
 * (at risk, churning), a fraud case opened, a cart given up on, a renewal reminded or lapsed.
 * The others are the customer's own doing (cancelled, disputed) or the machine's bookkeeping
 * (watch), and show in the report only through the decisions they lead to.
 */
export const lifecycleFlags = {
  engagement: ['at-risk', 'churning'],
  fraud: ['suspicious'],
  cart: ['abandoned'],
  renewal: ['reminded', 'lapsed'],
} as const;

/** Churn flags in the quality harness's sense: the engagement region entering at-risk or churning. */
export const churnFlagNames: ReadonlySet<string> = new Set(lifecycleFlags.engagement.map((s) => `engagement.${s}`));

/** What a lifecycle command is about: its card transaction, or its cart. */
const detailOf = (command: OutputEvent): string | undefined => {
  const data = command.data['data'] as { transactionId?: unknown; cartId?: unknown } | undefined;
  if (typeof data?.transactionId === 'string') return data.transactionId;
  if (typeof data?.cartId === 'string') return data.cartId;
  return undefined;
};

/** The decisions of the customer lifecycle, as a what-if compares them. */
export const lifecycleLens: DecisionLens = stateLens({ flags: lifecycleFlags, detail: detailOf });
