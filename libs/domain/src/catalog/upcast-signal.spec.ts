import fc from 'fast-check';
import {
  cardTransaction,
  cartViewed,
  orderCompleted,
  productAdded,
  sessionEnded,
  signal,
  subscriptionExpiring,
  viewedPage,
} from '../testing';
import { CatalogError } from './catalog-error';
import type { CustomerSignal } from './signal-catalog';
import { findSignalByType } from './signal-catalog';
import { isIsoInstant } from './schema/field.decorators';
import { upcastSignal } from './upcast-signal';
import type { StoredSignalData } from './upcast-signal';
import { validateInFull } from './validate-signal-properties';

// Stored signals at the current version are read without class-validator when the schema's own
// checks can vouch for them; these specs hold that reading to full validation's result, byte for byte.

const at = '2026-03-02T09:00:00.000Z';
const storedSignals: CustomerSignal[] = [
  signal('SignedIn', at, { username: 'ada' }),
  sessionEnded(at, 95),
  viewedPage('https://app.example.com/pricing#cancel', at),
  productAdded('cart-1', 'p-1', at, { sku: 'S-1', price: 1_250, quantity: 2 }),
  cartViewed('cart-1', at),
  { ...cartViewed('cart-1', at), properties: { cart_id: 'cart-1', products: [{ product_id: 'p-1', quantity: 1 }] } },
  orderCompleted('o-1', at),
  cardTransaction(at, { transaction_id: 'tx-1' }),
  subscriptionExpiring('sub-1', '2026-03-09T00:00:00+02:00', at),
];

const hostile = fc.oneof(
  fc.anything({ withNullPrototype: true, withSparseArray: true, withBoxedValues: true }),
  fc.constantFrom(null, undefined, -0, 0, NaN, '', 'x'.repeat(600), [], {}, [null], [{}], [[]], ['a'], true),
);

/** A change to a stored signal: replace, drop or add a property (also inside product lines), or touch the envelope. */
const change = fc.oneof(
  fc.tuple(fc.constant('replace' as const), fc.nat(), hostile),
  fc.tuple(fc.constant('drop' as const), fc.nat(), fc.constant(undefined)),
  fc.tuple(fc.constant('add' as const), fc.nat(), fc.oneof(fc.jsonValue(), hostile)),
  fc.tuple(fc.constant('line' as const), fc.nat(), hostile),
  fc.tuple(fc.constant('customerId' as const), fc.nat(), hostile),
  fc.tuple(
    fc.constant('occurredAt' as const),
    fc.nat(),
    fc.constantFrom(
      '2026-03-02T09:00:00Z',
      '2026-03-02T11:00:00+02:00',
      '2026-02-30T09:00:00.000Z',
      '2026-03-02T09:00:00.000z',
      '2026-03-02 09:00:00.000Z',
      'yesterday',
      undefined,
    ),
  ),
);

type Change = readonly [kind: string, n: number, value: unknown];

function applyChange(data: Record<string, unknown>, [kind, n, value]: Change): void {
  const properties = data.properties as Record<string, unknown>;
  const keys = Object.keys(properties);
  const key = keys.length > 0 ? keys[n % keys.length]! : 'none';
  if (kind === 'replace') properties[key] = value;
  if (kind === 'drop') delete properties[key];
  if (kind === 'add') properties[`extra_${n % 5}`] = value;
  if (kind === 'line') {
    const lines = Array.isArray(properties.products) ? (properties.products as unknown[]) : [];
    properties.products = [...lines, n % 2 === 0 ? { product_id: 'p-9', [`k${n}`]: value } : value];
  }
  if (kind === 'customerId') data.customerId = value;
  if (kind === 'occurredAt') data.occurredAt = value;
}

/** What loading must give: full validation of the properties, the time normalised, or INVALID_SIGNAL. */
function expectedLoad(type: string, version: number, data: Record<string, unknown>): unknown {
  const full = validateInFull(findSignalByType(type)!.versions[version]!, data.properties);
  const { customerId, occurredAt } = data;
  if (!full.ok || typeof customerId !== 'string' || customerId === '' || !isIsoInstant(occurredAt)) {
    return 'INVALID_SIGNAL';
  }
  const time = new Date(Date.parse(occurredAt)).toISOString();
  return { type, customerId, occurredAt: time, version, properties: full.properties };
}

function actualLoad(type: string, version: number, data: Record<string, unknown>): unknown {
  try {
    return upcastSignal(type, version, data as StoredSignalData);
  } catch (error) {
    if (error instanceof CatalogError) return error.code;
    throw error;
  }
}

describe('loading stored signals at the current version', () => {
  it('gives exactly what full validation gives, or INVALID_SIGNAL, whatever was stored', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...storedSignals),
        fc.array(change, { maxLength: 3 }),
        fc.boolean(),
        (s, changes, asJson) => {
          const base = {
            customerId: s.customerId,
            occurredAt: s.occurredAt,
            version: s.version,
            properties: s.properties,
          };
          const data = structuredClone(base) as Record<string, unknown>;
          for (const c of changes) applyChange(data, c);
          // Either as read from the store (JSON), or as an in-process caller may hand it over.
          const input =
            asJson && isJsonSafe(data) ? (JSON.parse(JSON.stringify(data)) as Record<string, unknown>) : data;
          const version = findSignalByType(s.type)!.currentVersion;
          const actual = actualLoad(s.type, version, input);
          const expected = expectedLoad(s.type, version, input);
          expect(exactly(actual)).toBe(exactly(expected));
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('loads each unchanged stored signal as it was built', () => {
    for (const s of storedSignals) {
      const data = JSON.parse(
        JSON.stringify({
          customerId: s.customerId,
          occurredAt: s.occurredAt,
          version: s.version,
          properties: s.properties,
        }),
      ) as StoredSignalData;
      expect(upcastSignal(s.type, s.version, data)).toEqual(s);
    }
  });

  it('drops what Heed does not read, in product lines too, and turns -0 into 0 as JSON does', () => {
    const loaded = upcastSignal('CartViewed', 1, {
      customerId: 'c-1',
      occurredAt: at,
      properties: {
        extra: { deep: [1, 2] },
        products: [{ quantity: 1, note: 'gift', product_id: 'p-1', price: -0 }],
        cart_id: 'cart-1',
      },
    });
    expect(exactly(loaded.properties)).toBe(
      exactly({ cart_id: 'cart-1', products: [{ product_id: 'p-1', price: 0, quantity: 1 }] }),
    );
  });

  it('rejects a stored signal whose properties break the schema with INVALID_SIGNAL and the reason', () => {
    const attempt = () =>
      upcastSignal('CardTransactionAuthorized', 1, {
        customerId: 'c-1',
        occurredAt: at,
        properties: { ...cardTransaction(at, { transaction_id: 'tx-1' }).properties, amount: 12.5 },
      });
    expect(attempt).toThrow(CatalogError);
    expect(attempt).toThrow('properties.amount: expected integer minor units, got 12.5');
  });
});

/** The value as text that tells key order, and -0 from 0 (full validation's JSON copy has no -0). */
const exactly = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (Object.is(v, -0) ? 'negative zero' : v));

function isJsonSafe(value: unknown): boolean {
  try {
    return JSON.stringify(value) !== undefined;
  } catch {
    return false;
  }
}
