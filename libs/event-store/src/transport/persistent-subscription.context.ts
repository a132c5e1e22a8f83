import type { PersistentSubscriptionToStreamResolvedEvent } from '@eventstore/db-client';
import { BaseRpcContext } from '@nestjs/microservices';

type Args = [event: PersistentSubscriptionToStreamResolvedEvent, retryCount: number];

/** What a handler may know about the message it handles: the event and how often it was retried. */
export class PersistentSubscriptionContext extends BaseRpcContext<Args> {
  get event(): PersistentSubscriptionToStreamResolvedEvent {
    return this.getArgs()[0];
  }

  get retryCount(): number {
    return this.getArgs()[1];
  }
}
