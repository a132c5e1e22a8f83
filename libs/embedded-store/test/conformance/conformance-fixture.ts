import { binaryEvent, jsonEvent } from '@eventstore/db-client';

/**
 * Conformance tests mirror the official Node.js client's test suite (EventStore-Client-NodeJS
 * `v6.2.1`, `packages/test/src`): each `describe` names the upstream file and each test the
 * upstream test it mirrors, as `<describe path> › <test name>`. Bodies are our own, on one
 * in-memory store per file and a unique stream per test.
 */
export const upstream = (file: string): string => `conformance: ${file}`;

/** `count` JSON events of one type, each with its index in `data`. */
export const jsonTestEvents = (count = 6, type = 'test') =>
  Array.from({ length: count }, (_, index) => jsonEvent({ type, data: { message: 'test', index } }));

/** `count` binary events. */
export const binaryTestEvents = (count = 6, type = 'test') =>
  Array.from({ length: count }, (_, index) => binaryEvent({ type, data: Buffer.from(`binary ${index}`) }));

/** Resolves when `predicate` holds for what `push` received, for subscriptions. */
export function collector<T>(): {
  push(item: T): void;
  items: T[];
  until(predicate: (items: T[]) => boolean): Promise<T[]>;
} {
  const items: T[] = [];
  const waiters: Array<{ predicate: (items: T[]) => boolean; resolve: (items: T[]) => void }> = [];
  return {
    items,
    push(item) {
      items.push(item);
      for (const waiter of [...waiters]) {
        if (!waiter.predicate(items)) continue;
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(items);
      }
    },
    until(predicate) {
      if (predicate(items)) return Promise.resolve(items);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
  };
}
