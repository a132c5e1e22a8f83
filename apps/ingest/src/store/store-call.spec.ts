import { DeadlineExceededError, TimeoutError, UnknownError } from '@eventstore/db-client';
import { RetryLaterError } from '../errors/ingest-error';
import { storeCall } from './store-call';

describe('storeCall', () => {
  afterEach(() => jest.useRealTimers());

  it('answers STORE_UNAVAILABLE when a store that holds the connection never answers within the deadline', async () => {
    jest.useFakeTimers();
    const outcomes: string[] = [];
    const silent = storeCall(() => new Promise<never>(() => undefined), 3, {
      operation: 'append',
      observe: (_, outcome) => outcomes.push(outcome),
      deadlineMs: 2_000,
    });
    const answered = expect(silent).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', retryAfterSeconds: 3 });
    await jest.advanceTimersByTimeAsync(3_000);
    await answered;
    await expect(silent).rejects.toBeInstanceOf(RetryLaterError);
    expect(outcomes).toEqual(['unavailable']);
  });

  it("leaves the answer to the store's own deadline while it is within the grace", async () => {
    jest.useFakeTimers();
    let answer: (value: string) => void = () => undefined;
    const slow = storeCall(() => new Promise<string>((resolve) => (answer = resolve)), 3, {
      operation: 'append',
      observe: undefined,
      deadlineMs: 2_000,
    });
    await jest.advanceTimersByTimeAsync(2_500);
    answer('stored');
    await expect(slow).resolves.toBe('stored');
  });

  it.each([
    ['a batch append (DeadlineExceededError)', () => new DeadlineExceededError()],
    [
      'a unary append (TimeoutError)',
      () => new TimeoutError(undefined, 'Operation timed out: the data directory is full'),
    ],
  ])('answers STORE_UNAVAILABLE when the store cannot write now, as for %s on a full disk', async (_, failure) => {
    const outcomes: string[] = [];
    const full = storeCall(() => Promise.reject(failure()), 3, {
      operation: 'append',
      observe: (__, outcome) => outcomes.push(outcome),
    });
    await expect(full).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: 'the event store is unavailable; nothing was stored',
      retryAfterSeconds: 3,
    });
    expect(outcomes).toEqual(['unavailable']);
  });

  it('passes a failure the store could not name through (answered 500)', async () => {
    await expect(storeCall(() => Promise.reject(new UnknownError()), 3)).rejects.toBeInstanceOf(UnknownError);
  });

  it('passes other failures through', async () => {
    const failing = storeCall(() => Promise.reject(new Error('no such stream')), 3, {
      operation: 'read',
      observe: undefined,
      deadlineMs: 2_000,
    });
    await expect(failing).rejects.toThrow('no such stream');
  });
});
