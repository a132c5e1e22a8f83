import { IngestError } from '../errors/ingest-error';
import { callTypeOf, readCall } from './read-call';

const rejection = (attempt: () => unknown): IngestError => {
  try {
    attempt();
  } catch (error) {
    if (error instanceof IngestError) return error;
    throw error;
  }
  throw new Error('accepted');
};

describe('reading a Segment call', () => {
  it('reads a track call and ignores fields Heed does not know', () => {
    const read = readCall('track', { messageId: 'm1', userId: 'c1', event: 'Signed In', extra: 1 }, 'body');
    expect(read.type).toBe('track');
    expect(read.call).toMatchObject({ messageId: 'm1', userId: 'c1', event: 'Signed In' });
    expect(read.call).not.toHaveProperty('extra');
  });

  it('accepts an anonymous call', () => {
    expect(readCall('page', { messageId: 'm1', anonymousId: 'dev-1' }, 'body').call.anonymousId).toBe('dev-1');
  });

  it('reads a field set to null as absent, as analytics.js sends an anonymous userId', () => {
    const read = readCall(
      'track',
      { messageId: 'm1', anonymousId: 'dev-1', userId: null, event: 'E', timestamp: null },
      'body',
    );
    expect(read.call.userId).toBeUndefined();
    expect(read.call.timestamp).toBeUndefined();
  });

  it.each([
    ['absent', { userId: 'c1', event: 'Signed In' }],
    ['null', { messageId: null, userId: 'c1', event: 'Signed In' }],
  ])('generates a messageId when it is %s, as the Segment API does', (_, raw) => {
    const first = readCall('track', raw, 'body');
    const second = readCall('track', raw, 'body');
    expect(first.messageId).toMatch(/^ingest-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.call.messageId).toBe(first.messageId);
    expect(first.messageIdGenerated).toBe(true);
    expect(second.messageId).not.toBe(first.messageId);
  });

  it("keeps the producer's messageId and does not mark it generated", () => {
    const read = readCall('identify', { messageId: 'm-7', userId: 'c1' }, 'body');
    expect(read.messageId).toBe('m-7');
    expect(read.messageIdGenerated).toBeUndefined();
  });

  it.each([
    ['an empty messageId', { messageId: '', userId: 'c1', event: 'Signed In' }, 'body.messageId'],
    ['a numeric messageId', { messageId: 7, userId: 'c1', event: 'Signed In' }, 'body.messageId'],
    ['no user at all', { messageId: 'm', event: 'Signed In' }, 'body.userId'],
    ['a numeric userId', { messageId: 'm', userId: 42, event: 'Signed In' }, 'body.userId'],
    ['an unsafe customer id', { messageId: 'm', userId: '$all', event: 'Signed In' }, 'body.userId'],
    ['a customer id too long', { messageId: 'm', userId: 'x'.repeat(129), event: 'E' }, 'body.userId'],
    ['a reserved event name', { messageId: 'm', userId: 'c', event: '$stats' }, 'body.event'],
    [
      'a timestamp that is not ISO-8601',
      { messageId: 'm', userId: 'c', event: 'E', timestamp: 1700000000 },
      'body.timestamp',
    ],
    ['properties that are a list', { messageId: 'm', userId: 'c', event: 'E', properties: [] }, 'body.properties'],
  ])('rejects %s, naming the path', (_what, raw, path) => {
    const error = rejection(() => readCall('track', raw, 'body'));
    expect(error.code).toBe('INVALID_EVENT');
    expect(error.problems.map((p) => p.path)).toContain(path);
    expect(error.message).toContain('expected');
  });

  it('names the batch item at fault', () => {
    const error = rejection(() => readCall('identify', { messageId: 'm', userId: 42 }, 'batch[7]'));
    expect(error.problems[0]?.path).toBe('batch[7].userId');
  });

  it.each(['track', 'identify', 'page', 'screen', 'group', 'alias'])('knows the call type %j', (type) => {
    expect(callTypeOf({ type }, 'batch[0]')).toBe(type);
  });

  it.each([undefined, 'Track', 'tracks', 'merge', '__proto__', 3])(
    'refuses the call type %j, naming them all',
    (type) => {
      const error = rejection(() => callTypeOf({ type }, 'batch[0]'));
      expect(error.code).toBe('UNSUPPORTED_CALL_TYPE');
      expect(error.problems[0]?.path).toBe('batch[0].type');
      expect(error.message).toContain('expected one of "track", "identify", "page", "screen", "group", "alias", got');
    },
  );

  it('reads a group call with its groupId and traits', () => {
    const read = readCall('group', { messageId: 'm', userId: 'c', groupId: 'acme', traits: { plan: 'team' } }, 'body');
    expect(read.call).toMatchObject({ groupId: 'acme', traits: { plan: 'team' } });
  });

  it.each([
    ['a group without groupId', 'group', { messageId: 'm', userId: 'c' }, 'body.groupId'],
    ['a numeric groupId', 'group', { messageId: 'm', userId: 'c', groupId: 42 }, 'body.groupId'],
    ['an alias without previousId', 'alias', { messageId: 'm', userId: 'c' }, 'body.previousId'],
    ['an unsafe previousId', 'alias', { messageId: 'm', userId: 'c', previousId: 'a/b' }, 'body.previousId'],
    ['an alias without userId', 'alias', { messageId: 'm', anonymousId: 'd', previousId: 'd0' }, 'body.userId'],
    ['a screen name that is not text', 'screen', { messageId: 'm', userId: 'c', name: 7 }, 'body.name'],
  ] as const)('rejects %s, naming the path', (_what, type, raw, path) => {
    const error = rejection(() => readCall(type, raw, 'body'));
    expect(error.code).toBe('INVALID_EVENT');
    expect(error.problems.map((p) => p.path)).toContain(path);
  });
});
