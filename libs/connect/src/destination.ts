/** What kind of request a destination receives (see docs/connect.md). */
export const DESTINATION_KINDS = ['webhook', 'slack', 'sms', 'email'] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

/** How a destination's deliveries are retried, paced and cut off. */
export interface DeliveryPolicy {
  /** Attempts after which a command is parked with the last error. */
  readonly maxAttempts: number;
  /** Longest one outbound call may take. */
  readonly timeoutMs: number;
  /** Customers delivered to at once (one customer's commands always go one at a time, in order). */
  readonly concurrency: number;
  /** Most requests started per second; unlimited when undefined. */
  readonly ratePerSecond: number | undefined;
  /** First retry delay; it doubles per attempt, with full jitter, up to `backoffMaxMs`. */
  readonly backoffInitialMs: number;
  readonly backoffMaxMs: number;
  /** Consecutive failures that open the circuit breaker, and how long it stays open before a trial. */
  readonly breakerFailureThreshold: number;
  readonly breakerOpenMs: number;
}

/**
 * A destination resolved from the configuration file and the environment: the only place a URL
 * comes from (never from event data). Holds secrets: never log it whole; {@link describeDestination}
 * is what may be printed.
 */
export interface Destination {
  readonly name: string;
  readonly kind: DestinationKind;
  /** Command event types delivered here. */
  readonly commands: readonly string[];
  readonly url: string;
  /** Signing secrets: each signs the request (`Heed-Signature`); empty for unsigned destinations. */
  readonly secrets: readonly string[];
  /** The `Authorization` header value, if the provider needs one. */
  readonly authorization: string | undefined;
  /** Sender of SMS and email (a phone number, an email address). */
  readonly from: string | undefined;
  /** Recipient template of SMS and email; `{customerId}` is replaced. */
  readonly to: string | undefined;
  /** Where a new consumer group starts: the commands decided from now on (`end`), or all (`start`). */
  readonly startFrom: 'start' | 'end';
  /**
   * Share of customers (0 to 0.5) whose commands this destination withholds, recording
   * `CommandHeldOut`: the control group of `npm run outcomes`. 0 or absent: every command is delivered.
   */
  readonly holdout?: number;
  readonly policy: DeliveryPolicy;
}

/** A destination in words without its secrets or URL (which may itself be a secret). */
export function describeDestination(d: Destination): string {
  return `${d.name} (${d.kind}: ${d.commands.join(', ')})`;
}
