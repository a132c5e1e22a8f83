import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postBatch } from './ingest-client';

/** An ingest stand-in that answers with the given statuses in turn (the last one repeats). */
async function ingestAnswering(
  statuses: readonly number[],
): Promise<{ url: string; server: Server; requests: () => number }> {
  let requests = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const status = statuses[Math.min(requests, statuses.length - 1)]!;
      requests++;
      if (status === 200) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ results: [{ status: 'accepted', messageId: 'm-1', eventId: 'e-1' }] }));
      } else {
        response.writeHead(status, { 'content-type': 'application/json', 'retry-after': '0' });
        response.end(JSON.stringify({ code: 'STORE_UNAVAILABLE', message: 'the event store is unavailable' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, requests: () => requests };
}

describe('postBatch', () => {
  it('retries a batch while ingest answers 503 or 429, with the same body, until it is stored', async () => {
    const ingest = await ingestAnswering([503, 429, 503, 200]);
    try {
      const results = await postBatch({ url: ingest.url, writeKey: 'k' }, [
        { type: 'track', event: 'Signed Up', userId: 'u', messageId: 'm-1', timestamp: '2026-03-01T00:00:00Z' },
      ] as never);
      expect(results).toEqual([{ status: 'accepted', messageId: 'm-1', eventId: 'e-1' }]);
      expect(ingest.requests()).toBe(4);
    } finally {
      ingest.server.close();
    }
  });

  it('does not retry a refusal', async () => {
    const ingest = await ingestAnswering([400]);
    try {
      await expect(postBatch({ url: ingest.url, writeKey: 'k' }, [])).rejects.toThrow(
        'expected a batch result, got 400',
      );
      expect(ingest.requests()).toBe(1);
    } finally {
      ingest.server.close();
    }
  });
});
