import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsOptional, ValidateBy, ValidateNested } from 'class-validator';

/** A JSON Schema fragment (draft 2020-12), as plain data. */
export type JsonSchema = Readonly<Record<string, unknown>>;

type FieldSchema = {
  readonly schema: JsonSchema;
  readonly required: boolean;
  readonly lenient: boolean;
  readonly test: (value: unknown) => boolean;
  item?: new () => object;
};

// JSON Schema fragments are recorded next to the validation rules by the same decorator, so the
// exported schema and the runtime validation cannot drift apart.
const fields = new WeakMap<object, Map<string, FieldSchema>>();
const nested = new WeakMap<object, Array<new () => object>>();

/**
 * Options every field decorator accepts. A property is required (a signal without it is refused)
 * unless it is `optional` (nothing to say when it is missing) or `lenient`: in the tracking plan,
 * but not read by the lifecycle, so a signal without it is accepted and the absence recorded
 * (`missingLenientProperties`). The catalog says which, property by property (docs/events.md).
 */
export type FieldOptions = Readonly<{ optional?: boolean; lenient?: boolean; description?: string }>;

type Check = Readonly<{ name: string; expected: string; test: (value: unknown) => boolean; schema: JsonSchema }>;

/**
 * Declares one property of a schema class: a single class-validator constraint whose message says
 * what was expected (the caller appends what was got), plus its JSON Schema fragment.
 */
function field(check: Check, options: FieldOptions = {}): PropertyDecorator {
  return (target, property) => {
    const own = fields.get(target) ?? new Map<string, FieldSchema>();
    const lenient = options.lenient === true;
    const schema = {
      ...check.schema,
      ...(options.description ? { description: options.description } : {}),
      ...(lenient ? { 'x-lenient': true } : {}),
    };
    own.set(String(property), { schema, required: options.optional !== true && !lenient, lenient, test: check.test });
    fields.set(target, own);
    if (options.optional || lenient) IsOptional()(target, property);
    ValidateBy(
      { name: check.name, validator: { validate: (value) => check.test(value), defaultMessage: () => check.expected } },
      {},
    )(target, property);
  };
}

const isString = (value: unknown, min: number, max: number): value is string =>
  typeof value === 'string' && value.length >= min && value.length <= max;

/** Free text, such as a title or a merchant name. */
export const Text = (options?: FieldOptions & { maxLength?: number }): PropertyDecorator => {
  const max = options?.maxLength ?? 512;
  return field(
    {
      name: 'heedText',
      expected: `expected a string of at most ${max} characters`,
      test: (v) => isString(v, 0, max),
      schema: { type: 'string', maxLength: max },
    },
    options,
  );
};

/** An identifier chosen by the producer (order id, ticket id, card id). */
export const Identifier = (options?: FieldOptions): PropertyDecorator =>
  field(
    {
      name: 'heedIdentifier',
      expected: 'expected a non-empty identifier of at most 256 characters',
      test: (v) => isString(v, 1, 256),
      schema: { type: 'string', minLength: 1, maxLength: 256 },
    },
    options,
  );

/** Money: an integer amount of the currency's minor unit (cents), never a decimal. */
export const MinorUnits = (options?: FieldOptions): PropertyDecorator =>
  field(
    {
      name: 'heedMinorUnits',
      expected: 'expected integer minor units',
      test: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
      schema: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    },
    options,
  );

/** An ISO 4217 currency code. */
export const CurrencyCode = (options?: FieldOptions): PropertyDecorator =>
  field(
    {
      name: 'heedCurrency',
      expected: 'expected an ISO 4217 currency code such as "EUR"',
      test: (v) => typeof v === 'string' && /^[A-Z]{3}$/.test(v),
      schema: { type: 'string', pattern: '^[A-Z]{3}$' },
    },
    options,
  );

/** An ISO 3166-1 alpha-2 country code. */
export const CountryCode = (options?: FieldOptions): PropertyDecorator =>
  field(
    {
      name: 'heedCountry',
      expected: 'expected an ISO 3166-1 alpha-2 country code such as "DE"',
      test: (v) => typeof v === 'string' && /^[A-Z]{2}$/.test(v),
      schema: { type: 'string', pattern: '^[A-Z]{2}$' },
    },
    options,
  );

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Whether a value is an ISO-8601 date-time with an explicit offset that denotes a real instant. */
export const isIsoInstant = (value: unknown): value is string =>
  typeof value === 'string' && isoInstant.test(value) && Number.isFinite(Date.parse(value));

/** An instant, ISO-8601 with an offset (`2026-03-01T02:47:00Z`). */
export const Instant = (options?: FieldOptions): PropertyDecorator =>
  field(
    {
      name: 'heedInstant',
      expected: 'expected an ISO-8601 date-time with offset',
      test: isIsoInstant,
      schema: { type: 'string', format: 'date-time' },
    },
    options,
  );

/** A wall-clock time of day where something happened, `HH:MM` (24 h). */
export const LocalTimeOfDay = (options?: FieldOptions): PropertyDecorator =>
  field(
    {
      name: 'heedLocalTime',
      expected: 'expected a local time of day as "HH:MM"',
      test: (v) => typeof v === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(v),
      schema: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' },
    },
    options,
  );

/** A yes/no fact. */
export const Flag = (options?: FieldOptions): PropertyDecorator =>
  field(
    {
      name: 'heedFlag',
      expected: 'expected true or false',
      test: (v) => typeof v === 'boolean',
      schema: { type: 'boolean' },
    },
    options,
  );

/** A whole number in a range (quantities, seconds, scores). */
export const WholeNumber = (options?: FieldOptions & { min?: number; max?: number }): PropertyDecorator => {
  const min = options?.min ?? 0;
  const max = options?.max ?? Number.MAX_SAFE_INTEGER;
  return field(
    {
      name: 'heedWholeNumber',
      expected: `expected an integer from ${min} to ${max}`,
      test: (v) => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max,
      schema: { type: 'integer', minimum: min, maximum: max },
    },
    options,
  );
};

/** A non-negative number that may have a fraction. */
export const Decimal = (options?: FieldOptions): PropertyDecorator =>
  field(
    {
      name: 'heedDecimal',
      expected: 'expected a non-negative number',
      test: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0,
      schema: { type: 'number', minimum: 0 },
    },
    options,
  );

/** A URL as the browser reported it. */
export const Url = (options?: FieldOptions): PropertyDecorator =>
  field(
    {
      name: 'heedUrl',
      expected: 'expected an absolute http(s) URL of at most 2048 characters',
      test: (v) => isString(v, 1, 2048) && /^https?:\/\/\S+$/i.test(v),
      schema: { type: 'string', format: 'uri', maxLength: 2048 },
    },
    options,
  );

/** The path part of a URL, starting with `/`. */
export const UrlPath = (options?: FieldOptions): PropertyDecorator =>
  field(
    {
      name: 'heedUrlPath',
      expected: 'expected a URL path starting with "/"',
      test: (v) => isString(v, 1, 2048) && v.startsWith('/'),
      schema: { type: 'string', pattern: '^/', maxLength: 2048 },
    },
    options,
  );

/** One of a fixed set of strings. */
export const OneOf = (values: readonly string[], options?: FieldOptions): PropertyDecorator =>
  field(
    {
      name: 'heedOneOf',
      expected: `expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}`,
      test: (v) => typeof v === 'string' && values.includes(v),
      schema: { type: 'string', enum: values },
    },
    options,
  );

/** A list of plain words (reasons). */
export const Words = (options?: FieldOptions & { maxItems?: number }): PropertyDecorator => {
  const maxItems = options?.maxItems ?? 20;
  return field(
    {
      name: 'heedWords',
      expected: `expected a list of at most ${maxItems} strings`,
      test: (v) => Array.isArray(v) && v.length <= maxItems && v.every((s) => isString(s, 0, 512)),
      schema: { type: 'array', maxItems, items: { type: 'string', maxLength: 512 } },
    },
    options,
  );
};

/**
 * What a producer says about a person or a group (Segment `traits`): a JSON object of at most
 * `maxKeys` entries, its values any JSON (bounded like all properties, see `toPlainJson`).
 */
export const Traits = (options?: FieldOptions & { maxKeys?: number }): PropertyDecorator => {
  const maxKeys = options?.maxKeys ?? 100;
  return field(
    {
      name: 'heedTraits',
      expected: `expected an object of at most ${maxKeys} traits`,
      test: (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length <= maxKeys,
      schema: { type: 'object', maxProperties: maxKeys, additionalProperties: true },
    },
    options,
  );
};

/** A bounded list of nested objects, each validated against `item`. */
export function ListOf(
  item: () => new () => object,
  options?: FieldOptions & { maxItems?: number },
): PropertyDecorator {
  const maxItems = options?.maxItems ?? 100;
  const check = field(
    {
      name: 'heedList',
      expected: `expected a list of at most ${maxItems} objects`,
      test: (v) => Array.isArray(v) && v.length <= maxItems && v.every((e) => typeof e === 'object' && e !== null),
      schema: { type: 'array', maxItems, items: { $ref: `#/$defs/${item().name}` } },
    },
    options,
  );
  return (target, property) => {
    check(target, property);
    nested.set(target, [...(nested.get(target) ?? []), item()]);
    const own = fields.get(target)?.get(String(property));
    if (own) own.item = item();
    ValidateNested({ each: true })(target, property);
    Type(item)(target, property);
  };
}

/** The JSON Schema of a schema class, from its field decorators. */
export function schemaOf(schemaClass: abstract new () => object, description?: string): JsonSchema {
  const own = fields.get(schemaClass.prototype as object) ?? new Map<string, FieldSchema>();
  const properties = Object.fromEntries([...own].map(([name, f]) => [name, f.schema]));
  const required = [...own].filter(([, f]) => f.required).map(([name]) => name);
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties,
    required,
    additionalProperties: true,
  };
}

/** The nested classes a schema class embeds through {@link ListOf}, so the export defines them once. */
export function nestedClassesOf(schemaClass: abstract new () => object): ReadonlyArray<new () => object> {
  return nested.get(schemaClass.prototype as object) ?? [];
}

/**
 * The lenient properties of a schema class (see {@link FieldOptions}) that `properties` lacks:
 * absent or `null`, which Segment producers send for "unknown".
 */
export function missingLenientProperties(
  schemaClass: abstract new () => object,
  properties: Readonly<Record<string, unknown>>,
): string[] {
  const own = fields.get(schemaClass.prototype as object) ?? new Map<string, FieldSchema>();
  return [...own].filter(([name, f]) => f.lenient && properties[name] == null).map(([name]) => name);
}

/** One declared property of a schema class, as its decorator checks it. */
export type FieldCheck = Readonly<{
  name: string;
  required: boolean;
  /** The very test the class-validator constraint runs. */
  test: (value: unknown) => boolean;
  /** For {@link ListOf}: the class each item is validated against. */
  item?: new () => object;
}>;

/** The declared properties of a schema class with their checks, in declaration order. */
export function fieldChecksOf(schemaClass: abstract new () => object): readonly FieldCheck[] {
  const own = fields.get(schemaClass.prototype as object) ?? new Map<string, FieldSchema>();
  return [...own].map(([name, f]) => ({
    name,
    required: f.required,
    test: f.test,
    ...(f.item ? { item: f.item } : {}),
  }));
}
