import fc from 'fast-check';
import { CatalogError } from './catalog-error';
import { catalogJsonSchema } from './catalog-json-schema';
import type { JsonSchema } from './schema/field.decorators';
import { commandCatalog } from './commands/command-catalog';
import {
  customerSignalTypes,
  findSignalBySegmentName,
  findSignalByType,
  findSignalForCall,
  signalCatalog,
} from './signal-catalog';
import type { CustomerSignalType } from './signal-catalog';
import { upcastSignal } from './upcast-signal';
import { validateSignalProperties } from './validate-signal-properties';

const transaction = {
  transaction_id: 'tx-1',
  card_id: 'card-1',
  amount: 1250,
  currency: 'EUR',
  merchant: 'Corner Shop',
  country: 'DE',
  local_time: '14:05',
};

describe('signal catalog', () => {
  it('names signals as Segment does where Segment has a name', () => {
    const segment: Record<string, CustomerSignalType> = {
      'Signed Up': 'SignedUp',
      'Signed In': 'SignedIn',
      'Signed Out': 'SignedOut',
      'Product Viewed': 'ProductViewed',
      'Product Added': 'ProductAdded',
      'Product Removed': 'ProductRemoved',
      'Cart Viewed': 'CartViewed',
      'Checkout Started': 'CheckoutStarted',
      'Order Completed': 'OrderCompleted',
      'Email Opened': 'EmailOpened',
      'Email Link Clicked': 'EmailLinkClicked',
      'Page Viewed': 'PageViewed',
    };
    for (const [name, type] of Object.entries(segment)) expect(findSignalBySegmentName(name)?.type).toBe(type);
    expect(findSignalBySegmentName('Page Viewed')?.segmentCall).toBe('page');
    expect(findSignalBySegmentName('Logged In')).toBeUndefined();
  });

  it('stores each page, screen and group call as its one signal', () => {
    expect(findSignalForCall('page')?.type).toBe('PageViewed');
    expect(findSignalForCall('screen')?.type).toBe('ScreenViewed');
    expect(findSignalForCall('group')?.type).toBe('GroupIdentified');
  });

  it('takes a group’s traits as any JSON object, bounded', () => {
    const traits = { name: 'Acme', employees: 120, address: { city: 'Lyon' }, tags: ['b2b'] };
    expect(validateSignalProperties('GroupIdentified', 1, { group_id: 'acme', traits })).toEqual({
      ok: true,
      properties: { group_id: 'acme', traits },
      missing: [],
    });
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`t${i}`, i]));
    expect(validateSignalProperties('GroupIdentified', 1, { group_id: 'acme', traits: many })).toEqual({
      ok: false,
      errors: [{ path: 'properties.traits', message: 'expected an object of at most 100 traits, got an object' }],
    });
    expect(validateSignalProperties('GroupIdentified', 1, { traits: {} })).toMatchObject({
      ok: false,
      errors: [{ path: 'properties.group_id' }],
    });
  });

  it('gives every signal a unique type and Segment name, a description and a schema per version', () => {
    expect(new Set(customerSignalTypes).size).toBe(signalCatalog.length);
    expect(new Set(signalCatalog.map((s) => s.segmentName)).size).toBe(signalCatalog.length);
    for (const signal of signalCatalog) {
      expect(signal.description.length).toBeGreaterThan(10);
      for (let v = 1; v <= signal.currentVersion; v++) expect(signal.versions[v]).toBeDefined();
      for (let v = 1; v < signal.currentVersion; v++) expect(signal.upcasters[v]).toBeDefined();
    }
    expect(findSignalByType('CardTransactionAuthorized')?.segmentName).toBe('Card Transaction Authorized');
    expect(findSignalByType('__proto__')).toBeUndefined();
  });

  it('accepts valid properties and drops the ones Heed does not read', () => {
    const result = validateSignalProperties('CardTransactionAuthorized', 1, { ...transaction, mcc: '5411' });
    expect(result).toEqual({ ok: true, properties: transaction, missing: [] });
  });

  it('says where a property is wrong, what was expected and what was got', () => {
    const result = validateSignalProperties('CardTransactionAuthorized', 1, { ...transaction, amount: '12.50' });
    expect(result).toEqual({
      ok: false,
      errors: [{ path: 'properties.amount', message: 'expected integer minor units, got "12.50"' }],
    });
  });

  it('reports missing properties and nested items by path', () => {
    const result = validateSignalProperties('OrderCompleted', 1, {
      total: 990,
      currency: 'eur',
      products: [{ product_id: 'p-1', price: 9.9 }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        {
          path: 'properties.order_id',
          message: 'expected a non-empty identifier of at most 256 characters, got nothing',
        },
        { path: 'properties.currency', message: 'expected an ISO 4217 currency code such as "EUR", got "eur"' },
        { path: 'properties.products[0].price', message: 'expected integer minor units, got 9.9' },
      ]),
    );
  });

  describe('leniency', () => {
    it('accepts a lenient property left out or null, and names it as missing', () => {
      expect(validateSignalProperties('OrderCompleted', 1, { order_id: 'o-1', currency: null })).toEqual({
        ok: true,
        properties: { order_id: 'o-1' },
        missing: ['total', 'currency', 'products'],
      });
    });

    it('checks a lenient property that is there as strictly as any other', () => {
      expect(validateSignalProperties('OrderCompleted', 1, { order_id: 'o-1', total: '9.90' })).toEqual({
        ok: false,
        errors: [{ path: 'properties.total', message: 'expected integer minor units, got "9.90"' }],
      });
    });

    it('still refuses a missing property the tracking plan requires or the lifecycle reads', () => {
      const { amount: _amount, ...noAmount } = transaction;
      expect(validateSignalProperties('CardTransactionAuthorized', 1, noAmount)).toMatchObject({
        ok: false,
        errors: [{ path: 'properties.amount' }],
      });
      expect(validateSignalProperties('OrderCompleted', 1, { total: 990 })).toMatchObject({
        ok: false,
        errors: [{ path: 'properties.order_id' }],
      });
    });

    it('marks lenient properties in the JSON Schema, outside `required`', () => {
      const order = (catalogJsonSchema()['$defs'] as Record<string, JsonSchema>)['OrderCompletedV1']!;
      expect(order['required']).toEqual(['order_id']);
      expect((order['properties'] as Record<string, JsonSchema>)['total']).toMatchObject({ 'x-lenient': true });
    });
  });

  it('rejects unknown types and versions without throwing', () => {
    expect(validateSignalProperties('LoggedIn', 1, {})).toMatchObject({ ok: false, errors: [{ path: 'type' }] });
    expect(validateSignalProperties('SignedIn', 7, {})).toEqual({
      ok: false,
      errors: [{ path: 'version', message: 'expected a schema version of SignedIn (1), got 7' }],
    });
  });

  it('survives hostile input: prototype keys, deep nesting, non-objects', () => {
    const poisoned = JSON.parse(
      '{"__proto__": {"polluted": true}, "feature_key": "export", "is_core": true}',
    ) as object;
    expect(validateSignalProperties('FeatureUsed', 1, poisoned)).toEqual({
      ok: true,
      properties: { feature_key: 'export', is_core: true },
      missing: [],
    });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    let deep: unknown = {};
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expect(validateSignalProperties('SignedIn', 1, deep)).toMatchObject({ ok: false });
    expect(validateSignalProperties('SignedIn', 1, [1, 2])).toMatchObject({
      ok: false,
      errors: [{ path: 'properties', message: 'expected an object, got a list' }],
    });
  });

  it('never throws, whatever the payload', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...customerSignalTypes, 'Nope'),
        fc.integer({ min: -1, max: 3 }),
        fc.anything({ withObjectString: true, withNullPrototype: true, maxDepth: 4 }),
        (type, version, properties) => {
          const result = validateSignalProperties(type, version, properties);
          expect(typeof result.ok).toBe('boolean');
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('upcasting', () => {
  const stored = { customerId: 'c-1', occurredAt: '2026-03-01T10:00:00Z' };

  it('loads a v1 SessionEnded (minutes) as v2 (whole seconds)', () => {
    expect(upcastSignal('SessionEnded', 1, { ...stored, properties: { session_id: 's-1', duration: 1.5 } })).toEqual({
      type: 'SessionEnded',
      customerId: 'c-1',
      occurredAt: '2026-03-01T10:00:00.000Z',
      version: 2,
      properties: { session_id: 's-1', duration_seconds: 90 },
    });
  });

  it('loads a current-version signal as it is', () => {
    const loaded = upcastSignal('SessionEnded', 2, { ...stored, properties: { duration_seconds: 42 } });
    expect(loaded.properties).toEqual({ duration_seconds: 42 });
  });

  it('fails with stable codes when it cannot', () => {
    const codeOf = (attempt: () => unknown): string | undefined => {
      try {
        attempt();
        return undefined;
      } catch (error) {
        return error instanceof CatalogError ? error.code : 'not a CatalogError';
      }
    };
    expect(codeOf(() => upcastSignal('LoggedIn', 1, { ...stored, properties: {} }))).toBe('UNKNOWN_EVENT_TYPE');
    expect(codeOf(() => upcastSignal('SessionEnded', 3, { ...stored, properties: {} }))).toBe(
      'UNSUPPORTED_SCHEMA_VERSION',
    );
    expect(codeOf(() => upcastSignal('SessionEnded', 1, { ...stored, properties: { duration: 'long' } }))).toBe(
      'INVALID_SIGNAL',
    );
    expect(codeOf(() => upcastSignal('SignedIn', 1, { customerId: '', occurredAt: 'yesterday', properties: {} }))).toBe(
      'INVALID_SIGNAL',
    );
  });
});

describe('catalog JSON Schema', () => {
  const schema = catalogJsonSchema() as { $schema: string; $defs: Record<string, Record<string, unknown>> };

  it('describes every signal and command at every version', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    for (const signal of signalCatalog) {
      for (const version of Object.keys(signal.versions)) {
        expect(schema.$defs[`${signal.type}.v${version}`]).toMatchObject({ 'x-segment-name': signal.segmentName });
      }
    }
    for (const command of commandCatalog) expect(schema.$defs[`${command.type}.v1`]).toBeDefined();
  });

  it('carries each property’s constraints and the nested product lines', () => {
    expect(schema.$defs['CardTransactionAuthorizedV1']).toMatchObject({
      required: expect.arrayContaining(['amount', 'currency', 'country', 'local_time']) as unknown,
      properties: { amount: { type: 'integer', minimum: 0 }, currency: { pattern: '^[A-Z]{3}$' } },
    });
    expect(schema.$defs['OrderCompletedV1']).toMatchObject({
      properties: { products: { type: 'array', items: { $ref: '#/$defs/ProductLine' } } },
    });
    expect(schema.$defs['ProductLine']).toMatchObject({ required: ['product_id'] });
  });

  it('resolves every $ref inside the document', () => {
    const refs = JSON.stringify(schema).match(/"\$ref":"#\/\$defs\/[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) expect(schema.$defs[ref.slice('"$ref":"#/$defs/'.length, -1)]).toBeDefined();
  });
});
