/**
 * Rolling windows keep the machine's context bounded however long a customer lives: each list
 * keeps only its newest `max` entries.
 */
export function appendBounded<T>(list: readonly T[], item: T, max: number): T[] {
  const next = [...list, item];
  return next.length > max ? next.slice(next.length - max) : next;
}

/** Adds `item` once (moving it to the newest end), keeping the newest `max` distinct entries. */
export function rememberDistinct<T extends string>(list: readonly T[], item: T, max: number): T[] {
  return appendBounded(
    list.filter((x) => x !== item),
    item,
    max,
  );
}
