import { domainCatalog } from './event-catalog';
import { prepareEvent } from './prepare-event';
import { readCall } from './read-call';

/**
 * What ingest stores for a call, byte for byte: the stored event's JSON (its keys in order) and its
 * metadata, pinned for one call of every kind and shape. The catalog's version is left out (it
 * changes with the catalog), and so are the id and hash a generated message id makes.
 */
describe('prepareEvent', () => {
  const policy = { catalog: domainCatalog(), unknownEvents: 'accept' as const, maxFutureMs: 86_400_000 };
  const receipt = {
    writeKeyId: 'wk_1',
    sourceId: 'web',
    correlationId: 'req-1',
    receivedAt: Date.UTC(2026, 11, 7, 9, 30, 0, 250),
  };
  const calls: Array<[string, Record<string, unknown>]> = [
    [
      'track',
      {
        messageId: 'm1',
        userId: 'ada',
        event: 'Signed In',
        properties: { username: 'ada' },
        timestamp: '2026-12-07T09:29:59.000Z',
        context: { library: { name: 'analytics-node', version: '7.0.0' }, ip: '10.0.0.1' },
      },
    ],
    [
      'track',
      {
        messageId: 'm2',
        anonymousId: 'anon-9',
        userId: 'ada',
        event: 'Product Added',
        properties: {
          cart_id: 'c1',
          product_id: 'p1',
          price: 1250,
          quantity: 2,
          zeta: { b: 1, a: [3, { y: 1, x: null }] },
        },
        sentAt: '2026-12-07T09:30:01.000Z',
        timestamp: '2026-12-07T09:29:58.000Z',
        integrations: { All: true },
      },
    ],
    ['track', { userId: 'ada', event: 'Order Completed', properties: { order_id: 'o-1', currency: null } }],
    [
      'track',
      { messageId: 'm4', anonymousId: 'anon-9', event: 'Something New', properties: { é: 'ü', '10': 1, '2': 2 } },
    ],
    [
      'identify',
      {
        messageId: 'm5',
        userId: 'ada',
        anonymousId: 'anon-9',
        traits: { email: 'ada@example.com', plan: 'pro' },
        context: { page: { path: '/' }, locale: 'en' },
      },
    ],
    ['identify', { messageId: 'm6', userId: 'bob' }],
    ['alias', { messageId: 'm7', userId: 'ada', previousId: 'anon-9' }],
    ['alias', { messageId: 'm8', userId: 'ada', previousId: 'ada' }],
    [
      'page',
      {
        messageId: 'm9',
        userId: 'ada',
        name: 'Pricing',
        properties: { path: '/pricing', url: 'https://x.test/pricing' },
        originalTimestamp: '2026-12-07T09:00:00+01:00',
      },
    ],
    ['screen', { messageId: 'm10', anonymousId: 'anon-2', name: 'Home', category: 'Main' }],
    ['group', { messageId: 'm11', userId: 'ada', groupId: 'acme', traits: { name: 'Acme' } }],
  ];
  const stored = [
    '{"eventId":"4fe32624-0856-5174-80d9-6fd83b17d2a3","customerId":"ada","type":"SignedIn","data":{"customerId":"ada","occurredAt":"2026-12-07T09:29:59.000Z","version":1,"properties":{"username":"ada"},"context":{"library":{"name":"analytics-node","version":"7.0.0"}}},"metadata":{"messageId":"m1","receivedAt":"2026-12-07T09:30:00.250Z","writeKeyId":"wk_1","catalogVersion":"<catalog>","$correlationId":"req-1","payloadHash":"2OCKt3XrMPpNHQ3dXluOJH6tMgqJZku1TOLKpyYWxM4"}}',
    '{"eventId":"92665dab-da97-5e1d-b0b9-5a903cb9bb83","customerId":"ada","anonymousId":"anon-9","type":"ProductAdded","data":{"customerId":"ada","anonymousId":"anon-9","occurredAt":"2026-12-07T09:29:57.250Z","version":1,"properties":{"cart_id":"c1","product_id":"p1","price":1250,"quantity":2}},"metadata":{"messageId":"m2","receivedAt":"2026-12-07T09:30:00.250Z","sentAt":"2026-12-07T09:30:01.000Z","writeKeyId":"wk_1","catalogVersion":"<catalog>","anonymousId":"anon-9","$correlationId":"req-1","payloadHash":"LUdV1DMB0d6txVJ6h9vFAtwigVNaex5CiAmrXhw0cIQ"}}',
    '{"eventId":"<generated>","customerId":"ada","type":"OrderCompleted","data":{"customerId":"ada","occurredAt":"2026-12-07T09:30:00.250Z","version":1,"properties":{"order_id":"o-1"},"missing":["total","currency","products"]},"metadata":{"messageId":"<generated>","messageIdGenerated":true,"receivedAt":"2026-12-07T09:30:00.250Z","writeKeyId":"wk_1","catalogVersion":"<catalog>","$correlationId":"req-1","payloadHash":"<with generated id>"}}',
    '{"eventId":"884a3678-2140-5c07-90a0-e153068a4592","anonymousId":"anon-9","type":"UnplannedEvent","data":{"anonymousId":"anon-9","occurredAt":"2026-12-07T09:30:00.250Z","version":1,"event":"Something New","properties":{"2":2,"10":1,"é":"ü"}},"metadata":{"messageId":"m4","receivedAt":"2026-12-07T09:30:00.250Z","writeKeyId":"wk_1","catalogVersion":"<catalog>","anonymousId":"anon-9","$correlationId":"req-1","payloadHash":"iHhb7uePbKaHgcOmS9y-L2ksFcEWrw5Y3zJyZWSQCeY","unplanned":true}}',
    '{"eventId":"d16203cf-c635-5bc5-9f6c-2c53ed82c659","customerId":"ada","anonymousId":"anon-9","type":"CustomerIdentified","data":{"customerId":"ada","anonymousId":"anon-9","occurredAt":"2026-12-07T09:30:00.250Z","version":1,"traits":{"email":"ada@example.com","plan":"pro"},"context":{"locale":"en","page":{"path":"/"}}},"links":{"anonymousId":"anon-9","customerId":"ada"},"metadata":{"messageId":"m5","receivedAt":"2026-12-07T09:30:00.250Z","writeKeyId":"wk_1","catalogVersion":"<catalog>","anonymousId":"anon-9","$correlationId":"req-1","payloadHash":"IFri5pLtrEzl4ULrAb-en2NDJ8EpxCFg_zruM6CbpG4"}}',
    '{"eventId":"dc359d96-3237-5a77-a731-12ab145ff4f8","customerId":"bob","type":"CustomerIdentified","data":{"customerId":"bob","occurredAt":"2026-12-07T09:30:00.250Z","version":1,"traits":{}},"metadata":{"messageId":"m6","receivedAt":"2026-12-07T09:30:00.250Z","writeKeyId":"wk_1","catalogVersion":"<catalog>","$correlationId":"req-1","payloadHash":"NnXDcxjfK5qPyVjBAEtP_uQml97pqs3oGfFgPVhSqQ4"}}',
    '{"eventId":"ace49170-ebff-5ac3-9a8c-60d388cb9f5c","customerId":"ada","type":"CustomerAliased","data":{"customerId":"ada","occurredAt":"2026-12-07T09:30:00.250Z","version":1,"previousId":"anon-9"},"links":{"anonymousId":"anon-9","customerId":"ada"},"metadata":{"messageId":"m7","receivedAt":"2026-12-07T09:30:00.250Z","writeKeyId":"wk_1","catalogVersion":"<catalog>","$correlationId":"req-1","payloadHash":"g9M7PLOoWeN2TygSPQ9wdcSZTx1Z-11bZYw7w0GWrnc"}}',
    '{"eventId":"671538cd-68c2-55ba-8d81-7e74cbf71eed","customerId":"ada","type":"CustomerAliased","data":{"customerId":"ada","occurredAt":"2026-12-07T09:30:00.250Z","version":1,"previousId":"ada"},"metadata":{"messageId":"m8","receivedAt":"2026-12-07T09:30:00.250Z","writeKeyId":"wk_1","catalogVersion":"<catalog>","$correlationId":"req-1","payloadHash":"9QT67VJ4FPqLYwSu0lcS6ldoLPwh6RQPnVvBUalxAu4"}}',
    '{"eventId":"99f5e49e-aaa7-504b-8a94-c3af5db2ad0c","customerId":"ada","type":"PageViewed","data":{"customerId":"ada","occurredAt":"2026-12-07T08:00:00.000Z","version":1,"properties":{"url":"https://x.test/pricing","path":"/pricing","name":"Pricing"}},"metadata":{"messageId":"m9","receivedAt":"2026-12-07T09:30:00.250Z","writeKeyId":"wk_1","catalogVersion":"<catalog>","$correlationId":"req-1","payloadHash":"r1ISD2uKQKi6i_0O78pOhAg34vku_D62hJ4DLBmMHyI"}}',
    '{"eventId":"e39b080b-dda7-5213-8c09-ff12e1cb97ec","anonymousId":"anon-2","type":"ScreenViewed","data":{"anonymousId":"anon-2","occurredAt":"2026-12-07T09:30:00.250Z","version":1,"properties":{"name":"Home","category":"Main"}},"metadata":{"messageId":"m10","receivedAt":"2026-12-07T09:30:00.250Z","writeKeyId":"wk_1","catalogVersion":"<catalog>","anonymousId":"anon-2","$correlationId":"req-1","payloadHash":"AdJ64sfbuHC0MxjnoYaUH9-09L352DtInmEFjKz-Pv0"}}',
    '{"eventId":"bfeda4aa-333a-5540-8de7-186faad092ac","customerId":"ada","type":"GroupIdentified","data":{"customerId":"ada","occurredAt":"2026-12-07T09:30:00.250Z","version":1,"properties":{"group_id":"acme","traits":{"name":"Acme"}}},"metadata":{"messageId":"m11","receivedAt":"2026-12-07T09:30:00.250Z","writeKeyId":"wk_1","catalogVersion":"<catalog>","$correlationId":"req-1","payloadHash":"OZWJt3rdzpQ_lxwzcSxXlpbJuqNtRsSF6MsijeNPwAo"}}',
  ];

  it.each(calls.map(([type, raw], i) => [i, type, raw, stored[i]!] as const))(
    'stores call %i (%s) exactly as pinned',
    (_, type, raw, expected) => {
      const event = prepareEvent(readCall(type as never, raw, 'body'), receipt, policy, 'body');
      const { metadata, ...rest } = event;
      expect(metadata.catalogVersion).toBe(policy.catalog.version);
      const generated = metadata.messageIdGenerated === true;
      const pinned = {
        ...rest,
        eventId: generated ? '<generated>' : event.eventId,
        metadata: {
          ...metadata,
          catalogVersion: '<catalog>',
          ...(generated && { messageId: '<generated>', payloadHash: '<with generated id>' }),
        },
      };
      expect(JSON.stringify(pinned)).toBe(expected);
    },
  );
});
