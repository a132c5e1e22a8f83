/**
 * What Heed decided about one customer, read from its `lifecycle-<id>` stream: when it entered each
 * engagement and fraud state, and which card transactions it asked to freeze.
 */
export type ObservedDecisions = Readonly<{
  customerId: string;
  /** Times (ISO-8601) at which the engagement region entered `at-risk` or `churning` from elsewhere. */
  churnFlags: readonly string[];
  /** Transaction ids named by `CardFreezeRequested`, in order. */
  frozenTransactions: readonly string[];
  /** Command event types emitted, with how many of each. */
  commands: Readonly<Record<string, number>>;
}>;

/** A region's state name from an XState state value (`{ engagement: { 'at-risk': 'flagged' } }` → `at-risk`). */
export function regionState(value: unknown, region: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const child = (value as Record<string, unknown>)[region];
  if (typeof child === 'string') return child;
  if (typeof child === 'object' && child !== null) return Object.keys(child)[0];
  return undefined;
}

/** Whether an engagement state counts as a churn flag. */
export const isChurnFlag = (engagement: string | undefined): boolean =>
  engagement === 'at-risk' || engagement === 'churning';
