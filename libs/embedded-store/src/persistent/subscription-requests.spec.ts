import { CreateReq } from '@eventstore/db-client/generated/persistent_pb';
import { StreamIdentifier } from '@eventstore/db-client/generated/shared_pb';
import { status } from '@grpc/grpc-js';

import { shouldCheckpoint } from './checkpoint-policy';
import { SubscriptionGroupExistsError } from './persistent-subscription-errors';
import { toServiceError } from './persistent-subscriptions.service';
import { definitionOf } from './subscription-requests';

const createRequest = (revision: string, build: (settings: CreateReq.Settings) => void = () => {}) => {
  const settings = new CreateReq.Settings()
    .setRevision(revision)
    .setMessageTimeoutMs(1_000)
    .setCheckpointAfterMs(2_000)
    .setMaxRetryCount(3)
    .setMinCheckpointCount(1)
    .setMaxCheckpointCount(10)
    .setLiveBufferSize(50)
    .setReadBatchSize(5)
    .setHistoryBufferSize(50)
    .setNamedConsumerStrategy(CreateReq.ConsumerStrategy.PINNED);
  build(settings);
  const options = new CreateReq.Options()
    .setGroupName('g')
    .setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from('orders')))
    .setSettings(settings);
  return new CreateReq().setOptions(options);
};

describe('a create request, as 6.x clients send it', () => {
  it('reads the deprecated revision: 2^64-1 is the end, 0 the start, others a revision', () => {
    expect(definitionOf(createRequest('18446744073709551615')).settings.startFrom).toEqual({ kind: 'end' });
    expect(definitionOf(createRequest('0')).settings.startFrom).toEqual({ kind: 'start' });
    expect(definitionOf(createRequest('7')).settings.startFrom).toEqual({
      kind: 'position',
      position: { commit: 7n, prepare: 7n },
    });
  });

  it('names the consumer strategy from the enum when no name string is sent', () => {
    expect(definitionOf(createRequest('0')).settings.consumerStrategy).toBe('Pinned');
  });

  it('is refused as INVALID_ARGUMENT when malformed, naming the field', () => {
    const noOptions = () => definitionOf(new CreateReq());
    const zeroBatch = () => definitionOf(createRequest('0', (s) => s.setReadBatchSize(0)));
    const badRevision = () => definitionOf(createRequest('-3'));
    for (const malformed of [noOptions, zeroBatch, badRevision]) {
      let caught: unknown;
      try {
        malformed();
      } catch (error) {
        caught = error;
      }
      expect(toServiceError(caught).code).toBe(status.INVALID_ARGUMENT);
    }
    expect(zeroBatch).toThrow(/settings\.readBatchSize: expected at least 1, got 0/);
  });

  it('maps an existing group to ALREADY_EXISTS with the trailers the client reads', () => {
    const error = toServiceError(new SubscriptionGroupExistsError('orders', 'g'));
    expect(error.code).toBe(status.ALREADY_EXISTS);
    expect(error.metadata?.get('exception')).toEqual(['persistent-subscription-exists']);
    expect(error.metadata?.get('group-name')).toEqual(['g']);
  });
});

describe('when to checkpoint', () => {
  const settings = { checkpointAfterMs: 1_000, minCheckpointCount: 5, maxCheckpointCount: 100 };
  const state = { doneThrough: 10, lastCheckpointed: 0, lastCheckpointAt: 0, now: 1_000, timeCheck: true };

  it('checkpoints on the clock once checkpointAfter passed and the lower bound is reached', () => {
    expect(shouldCheckpoint(settings, state)).toBe(true);
  });

  it('waits for checkpointAfter, and for the lower bound', () => {
    expect(shouldCheckpoint(settings, { ...state, now: 999 })).toBe(false);
    expect(shouldCheckpoint(settings, { ...state, doneThrough: 4 })).toBe(false);
  });

  it('checkpoints at once at the upper bound, even between clock checks', () => {
    expect(shouldCheckpoint(settings, { ...state, doneThrough: 100, now: 1, timeCheck: false })).toBe(true);
  });

  it('never writes a checkpoint that would not move', () => {
    expect(shouldCheckpoint({ ...settings, minCheckpointCount: 0 }, { ...state, doneThrough: 0 })).toBe(false);
  });
});
