import { Duplex } from 'node:stream';
import { jsonEvent, UnavailableError } from '@eventstore/db-client';
import { clientOnStandInStream } from '../../test/stand-in-batch-append';
import { isStoreUnavailable } from './store-unavailable';
import { withEncodedAppends } from './encoded-appends';

/** A wrapped client whose `BatchAppend` stream is a stand-in the test ends or fails. */
function standIn() {
  const written: Buffer[] = [];
  const stream = new Duplex({
    objectMode: true,
    read() {},
    write(bytes: Buffer, _encoding, done) {
      written.push(bytes);
      done();
    },
  });
  return { client: withEncodedAppends(clientOnStandInStream(stream)), stream, written };
}

/** Resolves once the stand-in stream has been written to `count` times. */
async function writtenTimes(written: Buffer[], count: number): Promise<void> {
  while (written.length < count) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('withEncodedAppends: a stream that answers no more', () => {
  it('rejects what waits on a stream the store ends without an error, as unavailable', async () => {
    const { client, stream, written } = standIn();
    const appends = [1, 2].map((n) => client.appendToStream(`s-${n}`, jsonEvent({ type: 'T', data: { n } })));
    await writtenTimes(written, 2);
    stream.push(null);
    for (const append of appends) {
      const error = await append.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnavailableError);
      expect(isStoreUnavailable(error)).toBe(true);
    }
    // An append handed the ended stream is refused at once, not left waiting.
    await expect(client.appendToStream('s-3', jsonEvent({ type: 'T', data: {} }))).rejects.toBeInstanceOf(
      UnavailableError,
    );
    expect(written).toHaveLength(2);
  });

  it('fails appends still waiting to be written (back-pressure) when the stream fails, none unhandled', async () => {
    // A call whose writes are never taken in: its first request fills it, the rest wait for a drain.
    const stream = new Duplex({ objectMode: true, writableHighWaterMark: 1, read() {}, write() {} });
    const client = withEncodedAppends(clientOnStandInStream(stream));
    const unhandled: unknown[] = [];
    const record = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const appends = [1, 2, 3].map((n) => client.appendToStream(`s-${n}`, jsonEvent({ type: 'T', data: { n } })));
      await new Promise<void>((resolve) => setImmediate(resolve));
      expect(stream.writableNeedDrain).toBe(true);
      stream.destroy(
        Object.assign(new Error('14 UNAVAILABLE: connection dropped'), { code: 14, details: 'connection dropped' }),
      );
      const settled = await Promise.race([
        Promise.allSettled(appends),
        new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), 2_000)),
      ]);
      expect(settled).not.toBe('waiting');
      for (const outcome of settled as PromiseSettledResult<unknown>[]) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(UnavailableError);
      }
      // Unhandled rejections are reported after the microtasks of the turn that made them.
      await new Promise<void>((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it('rejects what waits on a stream that fails with the error the client makes of it', async () => {
    const { client, stream, written } = standIn();
    const append = client.appendToStream('s', jsonEvent({ type: 'T', data: {} }));
    await writtenTimes(written, 1);
    stream.destroy(
      Object.assign(new Error('14 UNAVAILABLE: connection dropped'), { code: 14, details: 'connection dropped' }),
    );
    const error = await append.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(isStoreUnavailable(error)).toBe(true);
  });
});
