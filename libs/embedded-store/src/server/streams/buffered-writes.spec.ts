import type { ServerWritableStream } from '@grpc/grpc-js';
import { Writable } from 'node:stream';
import { writeBufferedResponsesTogether } from './buffered-writes';
import { ResponseWriter } from './response-writer';

/** A call whose writes complete only when the test says so, as an HTTP/2 write completes later. */
function slowCall(): { call: Writable; started: string[]; complete: () => void } {
  const started: string[] = [];
  const pending: Array<() => void> = [];
  const call = new Writable({
    objectMode: true,
    write(chunk: string, _encoding, callback) {
      started.push(chunk);
      pending.push(() => callback());
    },
  });
  return { call, started, complete: () => pending.splice(0).forEach((done) => done()) };
}

describe('writeBufferedResponsesTogether', () => {
  it('passes the responses queued behind a write in flight down at once, in order', async () => {
    const { call, started, complete } = slowCall();
    writeBufferedResponsesTogether(call);
    const written: string[] = [];
    for (const response of ['a', 'b', 'c', 'd']) call.write(response, () => written.push(response));
    expect(started).toEqual(['a']);

    complete();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    expect(written).toEqual(['a']);

    complete();
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toEqual(['a', 'b', 'c', 'd']);
  });

  it('without it, a call writes the queued responses one at a time', async () => {
    const { call, started, complete } = slowCall();
    for (const response of ['a', 'b', 'c']) call.write(response);
    complete();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['a', 'b']);
  });
});

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('ResponseWriter', () => {
  it('sends the responses queued behind a write in flight down together, in order', async () => {
    const { call, started, complete } = slowCall();
    const writer = new ResponseWriter(call as unknown as ServerWritableStream<unknown, string>);
    for (const response of ['a', 'b', 'c', 'd']) void writer.write(response);
    expect(started).toEqual(['a']);

    complete();
    await turn();
    // b, c and d left in the same turn, without waiting for each other's writes.
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    complete();
  });

  it('holds the next response back while the call is full, and sends it once there is room', async () => {
    const { call, started, complete } = slowCall();
    const writer = new ResponseWriter(call as unknown as ServerWritableStream<unknown, string>);
    const limit = call.writableHighWaterMark;
    for (let i = 0; i < limit; i++) void writer.write(`r${i}`);
    let resolved = false;
    const full = writer.write('last').then(() => (resolved = true));
    await turn();
    expect(resolved).toBe(false);

    complete();
    await turn();
    complete();
    await full;
    expect(started).toEqual([...Array.from({ length: limit }, (_, i) => `r${i}`), 'last']);
  });
});
