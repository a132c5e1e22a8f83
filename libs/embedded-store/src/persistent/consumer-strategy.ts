import { type Consumer } from './consumer';
import { type GroupMessage } from './group-message';

/**
 * A consumer: it took the message (the group tracks the message as in flight there). `skipped`: the consumer this message must go to is full, so
 * it waits while later messages may go elsewhere (pinned strategies). `full`: nobody can take any
 * message now.
 */
export type PushResult = Consumer | 'skipped' | 'full';

/** How a group chooses the consumer of each message. */
export interface ConsumerStrategy {
  readonly name: string;
  added(consumer: Consumer): void;
  removed(consumer: Consumer): void;
  push(message: GroupMessage): PushResult;
  /** Told when a consumer's message is done (acked, nacked, timed out), for in-flight bookkeeping. */
  confirmed(consumer: Consumer, message: GroupMessage): void;
}
