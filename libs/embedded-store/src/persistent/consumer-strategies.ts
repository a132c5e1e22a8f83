import { type ConsumerStrategy } from './consumer-strategy';
import { DispatchToSingleStrategy } from './dispatch-to-single.strategy';
import { PinnedStrategy } from './pinned.strategy';
import { RoundRobinStrategy } from './round-robin.strategy';
import { type ConsumerStrategyName } from './settings';

/** A fresh strategy instance for a group (strategies hold the group's consumer state). */
export const createConsumerStrategy = (name: ConsumerStrategyName): ConsumerStrategy => {
  switch (name) {
    case 'RoundRobin':
      return new RoundRobinStrategy();
    case 'DispatchToSingle':
      return new DispatchToSingleStrategy();
    case 'Pinned':
    case 'PinnedByCorrelation':
      return new PinnedStrategy(name);
    default: {
      const _never: never = name;
      throw new TypeError(`unknown consumer strategy ${String(_never)}`);
    }
  }
};
