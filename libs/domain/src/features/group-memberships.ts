import type { GroupIdentified } from '../catalog/signals/group.signals';
import { latest } from '../time/instant';
import { appendBounded } from './bounded-list';
import { contextBounds } from './customer-context';
import type { GroupMembership, PlainTrait } from './customer-context';

/**
 * Records a `group` call on the customer: the group moves to the newest end of the bounded list, its
 * traits merged with what earlier calls said. Only plain values are kept (strings up to
 * `contextBounds.traitLength`, finite numbers, booleans), at most `contextBounds.groupTraits` per
 * group; `null` removes a trait, as Segment destinations read it. The full traits stay in the stream.
 */
export function recordGroup(groups: readonly GroupMembership[], signal: GroupIdentified): readonly GroupMembership[] {
  const groupId = signal.properties.group_id;
  const before = groups.find((g) => g.groupId === groupId);
  // A Map, not an object: a trait's name is the producer's, and must never reach a prototype.
  const traits = new Map<string, PlainTrait>(Object.entries(before?.traits ?? {}));
  for (const [key, value] of Object.entries(signal.properties.traits ?? {})) {
    if (value === null) traits.delete(key);
    else if (isPlainTrait(value)) traits.set(key, value);
  }
  const entries = [...traits];
  const membership: GroupMembership = {
    groupId,
    traits: Object.fromEntries(entries.slice(Math.max(0, entries.length - contextBounds.groupTraits))),
    updatedAt: latest(before?.updatedAt ?? null, signal.occurredAt),
  };
  return appendBounded(
    groups.filter((g) => g.groupId !== groupId),
    membership,
    contextBounds.groups,
  );
}

function isPlainTrait(value: unknown): value is PlainTrait {
  if (typeof value === 'string') return value.length <= contextBounds.traitLength;
  return typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}
