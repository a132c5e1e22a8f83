import fc from 'fast-check';
import { fieldChecksOf } from './schema/field.decorators';
import type { SchemaClass } from './signal-definition';
import { signalCatalog } from './signal-catalog';
import { validateAgainst, validateInFull, validateSignalProperties } from './validate-signal-properties';

// Ingest validates every arriving signal's properties with `validateAgainst`, which reads them with
// the schema's own checks where they can vouch for the result and validates in full otherwise.
// These specs hold it to full validation (class-transformer and class-validator), byte for byte,
// on every schema of the catalog, every version.

const schemas: ReadonlyArray<{ name: string; schema: SchemaClass }> = signalCatalog.flatMap((d) =>
  Object.entries(d.versions).map(([version, schema]) => ({ name: `${d.type} v${version}`, schema: schema })),
);

const productLine = { product_id: 'p-1', sku: 'S-1', price: 1_250, quantity: 2 };
/** Values of every kind the catalog's fields take, valid for some fields and not for others. */
const pool: readonly unknown[] = [
  '',
  'a',
  'ada',
  'x'.repeat(300),
  'x'.repeat(600),
  'EUR',
  'eur',
  'DE',
  'card-1',
  '2026-03-02T09:00:00.000Z',
  '2026-03-02T11:00:00+02:00',
  '2026-02-30T09:00:00Z',
  '21:30',
  'in_store',
  'online',
  'urgent',
  'https://app.example.com/pricing#cancel',
  '/pricing',
  0,
  -0,
  1,
  7,
  1_250,
  -3,
  12.5,
  2 ** 53,
  true,
  false,
  null,
  [],
  ['a', 'b'],
  [1],
  [productLine],
  [
    { ...productLine, note: 'gift', price: -0 },
    { quantity: 1, product_id: 'p-2' },
  ],
  [{ sku: 'S-2' }],
  {},
  { plan: 'pro', seats: 3 },
  { nested: { list: [1, 'two'] } },
];

const hostile = fc.oneof(
  fc.anything({ withNullPrototype: true, withSparseArray: true, withBoxedValues: true }),
  fc.constantFrom(undefined, NaN, Infinity, { __proto__: { polluted: true } }, Object.create(null) as unknown),
);

/**
 * Properties for a schema: each declared field mostly from the values its own check accepts (so that
 * many inputs are valid as a whole), sometimes from the rest of the pool, left out, or hostile; plus
 * properties the schema does not declare, in any order.
 */
const propertiesFor = (schema: SchemaClass): fc.Arbitrary<Record<string, unknown>> => {
  const fields = fieldChecksOf(schema).map((check) => {
    const accepted = pool.filter((v) => v !== null && check.test(v));
    const value = fc.oneof(
      { weight: 40, arbitrary: accepted.length > 0 ? fc.constantFrom(...accepted) : fc.constantFrom(...pool) },
      { weight: 1, arbitrary: fc.constantFrom(...pool) },
      { weight: 1, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: hostile },
    );
    return fc.tuple(fc.constant(check.name), value);
  });
  const extra = fc.array(fc.tuple(fc.constantFrom('extra', 'note', 'context', 'price', 'products'), fc.jsonValue()), {
    maxLength: 2,
  });
  return fc.tuple(fc.tuple(...fields), extra, fc.boolean()).map(([declared, more, reversed]) => {
    const entries = [...declared, ...more];
    if (reversed) entries.reverse();
    const out: Record<string, unknown> = {};
    for (const [name, value] of entries) if (value !== undefined) out[name] = value;
    return out;
  });
};

/** The value as text that tells key order, and -0 from 0 (full validation's JSON copy has no -0). */
const exactly = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (Object.is(v, -0) ? 'negative zero' : v));

describe('validating a signal’s properties', () => {
  it.each(schemas)('gives exactly what full validation gives: $name', ({ schema }) => {
    let valid = 0;
    fc.assert(
      fc.property(propertiesFor(schema), fc.boolean(), (properties, asJson) => {
        // As ingest hands them over (parsed JSON), or as an in-process caller may.
        let input: unknown = properties;
        if (asJson) {
          try {
            input = JSON.parse(JSON.stringify(properties)) as unknown;
          } catch {
            input = properties;
          }
        }
        const actual = validateAgainst(schema, input);
        const expected = validateInFull(schema, input);
        if (expected.ok) valid++;
        expect(exactly(actual)).toBe(exactly(expected));
      }),
      { numRuns: 400 },
    );
    // The comparison must cover accepted inputs, not only refused ones.
    expect(valid).toBeGreaterThan(20);
  });

  it('names what is wrong as full validation does when the schema’s checks cannot vouch', () => {
    const result = validateSignalProperties('CardTransactionAuthorized', 1, { amount: 12.5 });
    expect(result.ok).toBe(false);
    const full = validateInFull(signalCatalog.find((d) => d.type === 'CardTransactionAuthorized')!.versions[1]!, {
      amount: 12.5,
    });
    expect(result).toEqual(full);
    expect(!result.ok && result.errors.map((e) => e.path)).toContain('properties.amount');
  });
});
