import type { JsonSchema } from './schema/field.decorators';

/** A schema class: its decorated properties are a signal's or command's properties at one version. */
export type SchemaClass = new () => object;

/** Turns properties of version `n` into properties of version `n + 1`. Pure. */
export type Upcaster = (properties: Readonly<Record<string, unknown>>) => Record<string, unknown>;

/**
 * A customer signal as stored in a `customer-<id>` stream and fed to the lifecycle machine.
 * Plain readonly data: it survives `JSON.stringify` unchanged.
 */
export type Signal<TType extends string, TProperties extends object> = Readonly<{
  type: TType;
  customerId: string;
  /** When it happened, ISO-8601 UTC. The machine's only clock. */
  occurredAt: string;
  /** Schema version of `properties`. */
  version: number;
  properties: Readonly<TProperties>;
}>;

/** The Segment calls that become catalog signals (`identify` and `alias` are ingest's own events). */
export type SegmentCall = 'track' | 'page' | 'screen' | 'group';

/** How a signal type is known to Heed and to Segment-style tracking plans. */
export type SignalDefinition = Readonly<{
  /** The store's event type, PascalCase past tense (`SignedIn`). */
  type: string;
  /** The Segment event name (`Signed In`); Segment `page` calls map to `Page Viewed`. */
  segmentName: string;
  /** The Segment call that carries it: `track`, or the one signal of each `page`, `screen` and `group` call. */
  segmentCall: SegmentCall;
  /** What it means, in words for the docs. */
  description: string;
  currentVersion: number;
  /** Schema class per version, `1` onward. */
  versions: Readonly<Record<number, SchemaClass>>;
  /** `upcasters[n]` turns version `n` properties into version `n + 1`. */
  upcasters: Readonly<Record<number, Upcaster>>;
}>;

/** A signal with one schema version (no upcasters yet), carried by the Segment call `segmentCall`. */
export const singleVersionSignal = (
  segmentCall: SegmentCall,
  type: string,
  segmentName: string,
  description: string,
  schema: SchemaClass,
): SignalDefinition => ({
  type,
  segmentName,
  segmentCall,
  description,
  currentVersion: 1,
  versions: { 1: schema },
  upcasters: {},
});

/** A Segment `track` signal with one schema version (no upcasters yet). */
export const trackSignal = (
  type: string,
  segmentName: string,
  description: string,
  schema: SchemaClass,
): SignalDefinition => singleVersionSignal('track', type, segmentName, description, schema);

/** A command event definition: what downstream is asked to do. */
export type CommandDefinition = Readonly<{
  type: string;
  description: string;
  currentVersion: number;
  /** Schema class of `data`, per version. */
  versions: Readonly<Record<number, SchemaClass>>;
}>;

export type { JsonSchema };
