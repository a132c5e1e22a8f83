import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { OutboundRequest } from '@heed/connect';
import { sendRequest, type AttemptResult } from './send-request';

// A full garbage collection on demand: what a busy connect process does by itself now and then.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** A receiver that never answers: every call to it ends only by the sender's timeout. */
async function silentReceiver(): Promise<{ url: string; stop: () => Promise<void> }> {
  const held: ServerResponse[] = [];
  const server = createServer((_req, res) => void held.push(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    stop: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const request = (url: string): OutboundRequest => ({
  url,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: '{}',
});

describe('one outbound call', () => {
  it('ends at its timeout even when the process collects garbage while it waits, killable or not', async () => {
    const receiver = await silentReceiver();
    const kill = new AbortController();
    try {
      const calls = Array.from({ length: 20 }, (_, i) =>
        sendRequest(request(receiver.url), 150, i % 2 === 0 ? kill.signal : undefined),
      );
      // Collect while the calls wait, as a loaded worker does; the timeouts must survive it.
      for (let round = 0; round < 2; round++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        collectGarbage();
      }
      let limitTimer: NodeJS.Timeout | undefined;
      const limit = new Promise<'still waiting'>((resolve) => {
        limitTimer = setTimeout(() => resolve('still waiting'), 2_000);
      });
      const results = await Promise.race([Promise.all(calls), limit]).finally(() => clearTimeout(limitTimer));
      expect(results).not.toBe('still waiting');
      for (const result of results as AttemptResult[])
        expect(result).toMatchObject({
          outcome: 'failed',
          status: null,
          error: 'timeout: no answer within 150 ms',
          retryable: true,
        });
    } finally {
      await receiver.stop();
    }
    // A full collection of a test worker's grown heap can take a second or more.
  }, 30_000);

  it('ends at once when the worker is killed', async () => {
    const receiver = await silentReceiver();
    const kill = new AbortController();
    try {
      const call = sendRequest(request(receiver.url), 60_000, kill.signal);
      await new Promise((resolve) => setTimeout(resolve, 20));
      kill.abort();
      const result = await call;
      expect(result).toMatchObject({ outcome: 'failed', status: null, retryable: true });
      expect(result.durationMs).toBeLessThan(5_000);
    } finally {
      await receiver.stop();
    }
  });
});
