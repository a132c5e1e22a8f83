/** What a timeline item is: an input (signal, timer, other) or an output (state change, command, timer, rejection). */
export type TimelineKind =
  | 'signal'
  | 'timer-fired'
  | 'other-input'
  | 'state-changed'
  | 'state-rederived'
  | 'state-corrected'
  | 'input-late'
  | 'command'
  | 'timer-scheduled'
  | 'timer-cancelled'
  | 'rejected';

/** One event of a customer's timeline (docs/studio-api.md, "One customer"). */
export interface TimelineItem {
  /** `in:<revision>` or `out:<revision>`; usable as `after`. */
  readonly position: string;
  readonly kind: TimelineKind;
  readonly stream: string;
  readonly revision: string;
  readonly eventId: string;
  readonly type: string;
  /** An input's time (a timer's due time); an output's customer clock. */
  readonly at: string | null;
  readonly data: unknown;
  /** Outputs: the cause (the input, or a timer that came due in front of it) and the input's revision. */
  readonly causedBy: { readonly eventId: string; readonly type: string; readonly inputRevision: string } | null;
  /** Commands: how connect delivered them, per destination (none when connect has recorded nothing). */
  readonly deliveries?: readonly DeliverySummary[];
}

/** How a command fared at one destination, from connect's outcomes (`delivery-<customerId>`). */
export interface DeliverySummary {
  readonly destination: string;
  /** The latest outcome: delivered, failed (and being retried), parked, or held out (control group). */
  readonly outcome: 'delivered' | 'failed' | 'parked' | 'held-out';
  /** Attempts recorded (each delivered or failed request). */
  readonly attempts: number;
  /** Wall-clock time of the latest outcome. */
  readonly at: string | null;
  /** The HTTP status of the latest attempt, when there was an answer. */
  readonly status: number | null;
  /** The latest error, for a failed or parked command. */
  readonly error: string | null;
}

/** A page of `GET /v1/customers/:id/timeline`. */
export interface TimelinePage {
  readonly items: readonly TimelineItem[];
  /** Cursor of the next page; null when the page reached the end of both streams. */
  readonly next: string | null;
}
