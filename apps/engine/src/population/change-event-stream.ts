import type { FastifyReply } from 'fastify';
import { Subscription, type Observable } from 'rxjs';

/** A comment line this often keeps proxies and clients from timing an idle stream out. */
export const KEEP_ALIVE_MS = 15_000;
/** A client this far behind is let go (it reconnects and reads the counts again) rather than buffered without end. */
const MAX_BUFFERED_BYTES = 1 << 20;

/**
 * Answers with Server-Sent Events on the raw response, one `event: <name>` per message, until the
 * client goes or the feed completes (the engine stops). Written by hand rather than with Nest's
 * `@Sse()`, which has no comment lines for keep-alive and no limit on what a slow client buffers.
 */
export function streamEvents<T>(
  reply: FastifyReply,
  name: string,
  messages: Observable<T>,
  keepAliveMs = KEEP_ALIVE_MS,
): void {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  // A first line sends the headers now: the client's `fetch` resolves before the first change.
  raw.write(': connected\n\n');
  const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), keepAliveMs);
  keepAlive.unref();
  // Created first, so that a feed completing at once (the engine stopping) finds it to close.
  const subscription = new Subscription();
  const end = (): void => {
    clearInterval(keepAlive);
    subscription.unsubscribe();
    if (!raw.writableEnded) raw.end();
  };
  subscription.add(
    messages.subscribe({
      next: (message) => {
        raw.write(`event: ${name}\ndata: ${JSON.stringify(message)}\n\n`);
        if (raw.writableLength > MAX_BUFFERED_BYTES) end();
      },
      complete: () => end(),
    }),
  );
  raw.on('close', end);
}
