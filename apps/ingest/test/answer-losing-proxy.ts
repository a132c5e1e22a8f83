import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP proxy in front of a service that loses some of its answers. */
export interface AnswerLosingProxy {
  readonly url: string;
  /** Requests forwarded so far, lost answers included. */
  readonly forwarded: number;
  /** Answers lost so far. */
  readonly lost: number;
  stop(): Promise<void>;
}

/**
 * Forwards every request to `target`, but for the first `lose` requests it waits for the whole
 * answer and then resets the producer's connection instead of passing it on: the request was
 * processed (stored), the producer saw a network error. What a retry after a lost answer looks like.
 */
export async function startAnswerLosingProxy(target: string, lose: number): Promise<AnswerLosingProxy> {
  let forwarded = 0;
  let lost = 0;
  const server = createServer((incoming, outgoing) => {
    forwarded++;
    const losing = lost < lose;
    if (losing) lost++;
    const upstream = request(
      new URL(incoming.url ?? '/', target),
      { method: incoming.method, headers: incoming.headers },
      (answer) => {
        if (losing) {
          answer.once('end', () => incoming.socket.destroy());
          answer.resume();
          return;
        }
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.once('error', () => incoming.socket.destroy());
    incoming.pipe(upstream);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get forwarded() {
      return forwarded;
    },
    get lost() {
      return lost;
    },
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
