import { type ConsumerStrategy, type PushResult } from './consumer-strategy';
import { type GroupMessage } from './group-message';
import { RoundRobinStrategy } from './round-robin.strategy';

/**
 * `DispatchToSingle`: messages go to the first consumer until it is full, and only then to the
 * next; the others stand by.
 */
export class DispatchToSingleStrategy extends RoundRobinStrategy implements ConsumerStrategy {
  override readonly name = 'DispatchToSingle';

  override push(message: GroupMessage): PushResult {
    for (let tried = 0; tried < this.consumers.length; tried++) {
      const consumer = this.consumers[0]!;
      if (consumer.push(message)) return consumer;
      this.consumers.push(this.consumers.shift()!);
    }
    return 'full';
  }
}
