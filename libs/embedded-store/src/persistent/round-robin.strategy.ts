import { type Consumer } from './consumer';
import { type ConsumerStrategy, type PushResult } from './consumer-strategy';
import { type GroupMessage } from './group-message';

/**
 * `RoundRobin`: each message goes to the next consumer in turn that has a free slot, so load
 * spreads evenly over the consumers.
 */
export class RoundRobinStrategy implements ConsumerStrategy {
  readonly name: string = 'RoundRobin';
  protected consumers: Consumer[] = [];

  added(consumer: Consumer): void {
    this.consumers.push(consumer);
  }

  removed(consumer: Consumer): void {
    this.consumers = this.consumers.filter((c) => c !== consumer);
  }

  push(message: GroupMessage): PushResult {
    for (let tried = 0; tried < this.consumers.length; tried++) {
      const consumer = this.consumers.shift()!;
      this.consumers.push(consumer);
      if (consumer.push(message)) return consumer;
    }
    return 'full';
  }

  confirmed(): void {}
}
