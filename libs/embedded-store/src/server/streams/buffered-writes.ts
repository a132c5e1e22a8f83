import type { Writable } from 'node:stream';

/**
 * Lets a server call pass the responses that queued up behind a write in flight to the transport
 * all at once, instead of one per completed write.
 *
 * A grpc-js call is a Node `Writable` without `_writev`: while one response is being written, the
 * next ones wait in its buffer and leave one at a time, each after the previous one's HTTP/2 write
 * completed — one DATA frame, one socket write and one event-loop turn per response. With this,
 * the responses queued behind the first go down together: HTTP/2 takes them with one `writev` and
 * packs them into as few DATA frames as fit, which the client also reads as fewer chunks. Every
 * server stream of the store that sends many responses uses it: a read's events, a catch-up or
 * persistent subscription's, a BatchAppend call's answers (a group commit answers several at
 * once). The responses, their order and their framing are unchanged: each is still one `_write` of
 * the call, only issued without waiting; the call's buffer limit (its high-water mark) and with it
 * the back-pressure are unchanged. `callback` reports once every one of them was written (or the
 * first failure).
 *
 * This holds for grpc-js's server calls without interceptors (the store's): their `sendMessage`
 * writes to the HTTP/2 stream at once. Not for client calls: until a call is under way, grpc-js
 * keeps one message aside, and a second one sent before the first's callback would replace it.
 */
export function writeBufferedResponsesTogether(call: Writable): void {
  call._writev = function (this: Writable, chunks, callback): void {
    let left = chunks.length;
    let failed = false;
    const done = (error?: Error | null): void => {
      if (failed) return;
      if (error) {
        failed = true;
        return callback(error);
      }
      if (--left === 0) callback();
    };
    for (const { chunk, encoding } of chunks) this._write(chunk, encoding, done);
  };
}
