import { Duplex } from 'node:stream';
import { UnavailableError } from '@eventstore/db-client';
import { writeWhileOpen } from './decoded-persistent-subscription';

type Call = Parameters<typeof writeWhileOpen>[0];

/** A call whose writes are never taken in: its first write fills it, the next waits for a drain. */
const stalledCall = (): Duplex => new Duplex({ objectMode: true, writableHighWaterMark: 1, read() {}, write() {} });

const within = <T>(work: Promise<T>, ms = 2_000): Promise<T | 'waiting'> =>
  Promise.race([work, new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), ms))]);

describe('writeWhileOpen (acknowledgements of a persistent subscription)', () => {
  it('fails the writes waiting for a drain when the call fails, with its error', async () => {
    const call = stalledCall();
    const first = writeWhileOpen(call as unknown as Call, Buffer.from([1]));
    const second = writeWhileOpen(call as unknown as Call, Buffer.from([2]));
    const failure = new Error('14 UNAVAILABLE: connection dropped');
    call.destroy(failure);
    await expect(within(first.catch((e: unknown) => e))).resolves.toBe(failure);
    await expect(within(second.catch((e: unknown) => e))).resolves.toBe(failure);
    // Its listeners are gone with the writes.
    expect(call.listenerCount('close')).toBe(0);
  });

  it('fails them as unavailable when the call closes without an error', async () => {
    const call = stalledCall();
    const waiting = writeWhileOpen(call as unknown as Call, Buffer.from([1]));
    call.destroy();
    await expect(within(waiting.catch((e: unknown) => e))).resolves.toBeInstanceOf(UnavailableError);
    await expect(writeWhileOpen(call as unknown as Call, Buffer.from([2]))).rejects.toBeInstanceOf(UnavailableError);
  });

  it('resolves a write the call takes, and leaves no listener behind', async () => {
    const taken: unknown[] = [];
    const call = new Duplex({
      objectMode: true,
      read() {},
      write(chunk, _encoding, done) {
        taken.push(chunk);
        done();
      },
    });
    const closeListeners = call.listenerCount('close');
    await writeWhileOpen(call as unknown as Call, Buffer.from([7]));
    expect(taken).toEqual([Buffer.from([7])]);
    expect(call.listenerCount('close')).toBe(closeListeners);
  });
});
