import { type GroupMessage } from './group-message';
import { LatencyWindow } from './latency-window';

/** What a consumer is sent: the message and how many times it was retried before. */
export type Delivery = Readonly<{ message: GroupMessage }>;

/**
 * One connected reader of a group (one `Read` call). It holds at most `maxInFlight` unconfirmed
 * messages: the `bufferSize` the client asked for, as EventStoreDB does.
 */
export class Consumer {
  private readonly unconfirmed = new Map<string, GroupMessage>();
  private delivered = 0;
  /** How long it takes to answer its messages; kept when the group has `extraStatistics`. */
  readonly latencies = new LatencyWindow();

  constructor(
    readonly id: string,
    readonly connectionName: string,
    readonly from: string,
    readonly maxInFlight: number,
    private readonly deliver: (message: GroupMessage) => void,
  ) {}

  get inFlightCount(): number {
    return this.unconfirmed.size;
  }

  get availableSlots(): number {
    return Math.max(0, this.maxInFlight - this.unconfirmed.size);
  }

  get totalItems(): number {
    return this.delivered;
  }

  /** Sends the message if a slot is free; false when the consumer is full. */
  push(message: GroupMessage): boolean {
    if (this.availableSlots === 0) return false;
    this.unconfirmed.set(message.id, message);
    this.delivered += 1;
    this.deliver(message);
    return true;
  }

  /** Frees the message's slot; the message when this consumer held it. */
  confirm(id: string): GroupMessage | undefined {
    const message = this.unconfirmed.get(id);
    if (message !== undefined) this.unconfirmed.delete(id);
    return message;
  }

  holds(id: string): boolean {
    return this.unconfirmed.has(id);
  }

  /** The messages it held when it left, oldest first, for the group to retry elsewhere. */
  drain(): GroupMessage[] {
    const messages = [...this.unconfirmed.values()];
    this.unconfirmed.clear();
    return messages.sort((a, b) => (a.sequence ?? Number.MAX_SAFE_INTEGER) - (b.sequence ?? Number.MAX_SAFE_INTEGER));
  }
}
