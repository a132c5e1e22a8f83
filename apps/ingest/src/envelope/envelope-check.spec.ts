import fc from 'fast-check';
import { IsInt, IsOptional, Min, validateSync, ValidateNested } from 'class-validator';
import { compileEnvelopeCheck } from './envelope-check';
import { AliasCall, GroupCall, IdentifyCall, PageCall, ScreenCall, TrackCall } from './segment-call.dto';

const CLASSES = { TrackCall, IdentifyCall, PageCall, ScreenCall, GroupCall, AliasCall };

/** Values that pass some envelope rule and fail others. */
const fieldValue = fc.oneof(
  fc.constantFrom(
    'c-42',
    'Signed In',
    '$reserved',
    '',
    'x'.repeat(101),
    'x'.repeat(257),
    'bad id!',
    '2026-03-01T12:00:00.000Z',
    '2026-03-01T12:00:00+02:00',
    '2026-03-01',
    'not a time',
    0,
    42,
    true,
    null,
    [],
    ['a'],
    {},
    { plan: 'team' },
  ),
  fc.string({ maxLength: 12 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const FIELDS = [
  'messageId',
  'userId',
  'anonymousId',
  'timestamp',
  'originalTimestamp',
  'sentAt',
  'context',
  'integrations',
  'event',
  'properties',
  'traits',
  'name',
  'category',
  'groupId',
  'previousId',
];
const envelope = fc.dictionary(fc.constantFrom(...FIELDS), fieldValue, { maxKeys: 8 });
/** A call valid for every type, with a few of its fields replaced by any of the values above. */
const VALID = { messageId: 'm-1', userId: 'c-42', event: 'Signed In', groupId: 'acme', previousId: 'dev-1' };
const mutated = fc
  .dictionary(fc.constantFrom(...FIELDS), fieldValue, { maxKeys: 2 })
  .map((changes) => ({ ...VALID, ...changes }));

describe('the envelope check compiled from class-validator metadata', () => {
  it.each(Object.entries(CLASSES))('answers as validateSync does for any %s', (_, Class) => {
    const accepts = compileEnvelopeCheck(Class)!;
    expect(accepts).toBeDefined();
    const verdicts = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(fc.oneof(envelope, mutated), (fields) => {
        const call = Object.assign(new Class(), fields);
        const errors = validateSync(call, { forbidUnknownValues: true, stopAtFirstError: true });
        expect(accepts(call)).toBe(errors.length === 0);
        verdicts[errors.length === 0 ? 'accepted' : 'refused']++;
      }),
      { numRuns: 2000 },
    );
    // Both answers were put to the test.
    expect(verdicts.accepted).toBeGreaterThan(200);
    expect(verdicts.refused).toBeGreaterThan(200);
  });

  it('accepts the calls the ingest benchmark sends and refuses a missing event name', () => {
    const accepts = compileEnvelopeCheck(TrackCall)!;
    const call = Object.assign(new TrackCall(), { messageId: 'm-1', userId: 'c-1', event: 'Signed In' });
    expect(accepts(call)).toBe(true);
    expect(accepts(Object.assign(new TrackCall(), { messageId: 'm-1', userId: 'c-1' }))).toBe(false);
  });

  it('leaves to validateSync a class with rules it does not run', () => {
    class Nested {
      @IsInt()
      @Min(1)
      n!: number;
    }
    class Outer {
      @IsOptional()
      @ValidateNested()
      inner?: Nested;
    }
    class Empty {}
    expect(compileEnvelopeCheck(Outer)).toBeUndefined();
    expect(compileEnvelopeCheck(Empty)).toBeUndefined();
  });
});
