import { type EventSource, sourceName } from './event-source';
import { GroupIo } from './group-io';
import { type GroupMessage } from './group-message';
import { type PersistentStore } from './persistent-store';
import {
  MaximumSubscribersReachedError,
  SubscriptionGroupExistsError,
  SubscriptionGroupFailedError,
  SubscriptionGroupNotFoundError,
} from './persistent-subscription-errors';
import { refusalOf } from './settings';
import { type GroupDefinition, loadDefinitions, saveDefinitions } from './subscription-config';
import { type GroupClock, SubscriptionGroup } from './subscription-group';
import { subscriptionIdOf } from './subscription-streams';

/** A consumer's connection to a group, as the `Read` call holds it. */
export type ConsumerHandle = Readonly<{ group: SubscriptionGroup; consumerId: string }>;

/** The real clock, with timers that never keep the process alive on their own. */
export const systemClock: GroupClock = {
  now: () => Date.now(),
  setTimer: (delayMs, fire) => {
    const timer = setTimeout(fire, delayMs);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/**
 * The store's persistent subscription subsystem: the groups, their definitions (saved in
 * `$persistentSubscriptionConfig` so that they survive a restart), and the wake-up of every group
 * on each commit. Definition changes run one at a time, in the order asked.
 */
export class PersistentSubscriptions {
  private readonly groups = new Map<string, { definition: GroupDefinition; group: SubscriptionGroup }>();
  private readonly drops = new Map<SubscriptionGroup, Map<string, () => void>>();
  private queue: Promise<unknown> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  private nextConsumer = 0;

  constructor(
    private readonly store: PersistentStore,
    private readonly clock: GroupClock = systemClock,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Loads the saved groups and starts following commits. */
  start(): Promise<void> {
    this.unsubscribe ??= this.store.onCommit(() => {
      for (const { group } of this.groups.values()) group.notify();
    });
    return this.serially(async () => {
      for (const definition of await loadDefinitions(this.store)) this.open(definition);
    });
  }

  /** Stops every group (dropping their consumers) and stops following commits. */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const { group } of this.groups.values()) this.close(group);
    this.groups.clear();
  }

  /** Drops every consumer and reloads every group from its saved definition and checkpoint. */
  restart(): Promise<void> {
    return this.serially(async () => {
      for (const { group } of this.groups.values()) this.close(group);
      this.groups.clear();
      for (const definition of await loadDefinitions(this.store)) this.open(definition);
    });
  }

  create(definition: GroupDefinition): Promise<void> {
    return this.serially(async () => {
      const id = this.idOf(definition.source, definition.groupName);
      const name = sourceName(definition.source);
      if (this.groups.has(id)) throw new SubscriptionGroupExistsError(name, definition.groupName);
      await this.refuseIfInvalid(definition);
      this.open(definition);
      await this.save();
    });
  }

  /** Replaces a group's settings (a `$all` group keeps its filter); its consumers are dropped. */
  update(definition: GroupDefinition): Promise<void> {
    return this.serially(async () => {
      const id = this.idOf(definition.source, definition.groupName);
      const existing = this.groups.get(id);
      if (existing === undefined) {
        throw new SubscriptionGroupNotFoundError(sourceName(definition.source), definition.groupName);
      }
      const source = existing.definition.source;
      const updated: GroupDefinition = { ...definition, source };
      await this.refuseIfInvalid(updated);
      this.close(existing.group);
      this.open(updated);
      await this.save();
    });
  }

  /** Deletes a group with its checkpoint and parked messages; its consumers are dropped. */
  delete(source: EventSource, groupName: string): Promise<void> {
    return this.serially(async () => {
      const id = this.idOf(source, groupName);
      const existing = this.groups.get(id);
      if (existing === undefined) throw new SubscriptionGroupNotFoundError(sourceName(source), groupName);
      this.close(existing.group);
      this.groups.delete(id);
      await this.save();
      await new GroupIo(this.store, source, id, false).deleteState();
    });
  }

  /** The group, or `SubscriptionGroupNotFoundError`. */
  get(streamName: string, groupName: string): SubscriptionGroup {
    const entry = this.groups.get(subscriptionIdOf(streamName, groupName));
    if (entry === undefined) throw new SubscriptionGroupNotFoundError(streamName, groupName);
    return entry.group;
  }

  /** The groups of one source (not found when it has none, as on EventStoreDB), or of all. */
  list(streamName: string | undefined): SubscriptionGroup[] {
    const groups = [...this.groups.values()].map((e) => e.group);
    if (streamName === undefined) return groups;
    const matching = groups.filter((g) => sourceName(g.source) === streamName);
    if (matching.length === 0) throw new SubscriptionGroupNotFoundError(streamName, '');
    return matching;
  }

  /**
   * Connects a consumer; `deliver` receives its messages and `onDropped` is called if the group is
   * updated, deleted or restarted under it.
   */
  connect(
    streamName: string,
    groupName: string,
    consumer: Readonly<{ name: string; from: string; maxInFlight: number }>,
    deliver: (message: GroupMessage) => void,
    onDropped: () => void,
  ): ConsumerHandle {
    const group = this.get(streamName, groupName);
    if (group.isFull) throw new MaximumSubscribersReachedError(streamName, groupName);
    const consumerId = `${++this.nextConsumer}`;
    const drops = this.drops.get(group) ?? new Map<string, () => void>();
    this.drops.set(group, drops);
    drops.set(consumerId, onDropped);
    group.addConsumer(consumerId, consumer.name, consumer.from, consumer.maxInFlight, deliver);
    return { group, consumerId };
  }

  disconnect(handle: ConsumerHandle): void {
    this.drops.get(handle.group)?.delete(handle.consumerId);
    handle.group.removeConsumer(handle.consumerId);
  }

  private idOf(source: EventSource, groupName: string): string {
    return subscriptionIdOf(sourceName(source), groupName);
  }

  private async refuseIfInvalid(definition: GroupDefinition): Promise<void> {
    const end = definition.source.kind === 'all' ? ((await this.store.endPosition())?.commit ?? 0n) : undefined;
    const reason = refusalOf(definition.settings, end);
    if (reason !== undefined) {
      throw new SubscriptionGroupFailedError(sourceName(definition.source), definition.groupName, reason);
    }
  }

  private open(definition: GroupDefinition): void {
    const id = this.idOf(definition.source, definition.groupName);
    if (refusalOf(definition.settings, undefined) !== undefined) {
      this.onError(new Error(`persistent subscription ${id} has settings this store cannot run; it is not loaded`));
      return;
    }
    const io = new GroupIo(this.store, definition.source, id, definition.settings.resolveLinkTos);
    const group = new SubscriptionGroup(
      id,
      definition.source,
      definition.groupName,
      definition.settings,
      io,
      this.clock,
      this.onError,
    );
    this.groups.set(id, { definition, group });
  }

  private close(group: SubscriptionGroup): void {
    group.stop();
    const drops = this.drops.get(group);
    this.drops.delete(group);
    for (const onDropped of drops?.values() ?? []) onDropped();
  }

  private save(): Promise<void> {
    return saveDefinitions(
      this.store,
      [...this.groups.values()].map((e) => e.definition),
      new Date(this.clock.now()),
    );
  }

  private serially<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
