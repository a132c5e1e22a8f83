import Fastify, { type FastifyInstance } from 'fastify';
import { Observable, Subject } from 'rxjs';
import { streamEvents } from './change-event-stream';

// The Server-Sent Events answer on a bare Fastify server: what a client reads, and that a client
// going away lets go of the feed.
describe('server-sent events', () => {
  let server: FastifyInstance;
  let feed: Subject<{ n: number }>;
  let subscribers: number;
  let released: Promise<void>;

  beforeEach(async () => {
    feed = new Subject();
    subscribers = 0;
    let release: () => void;
    released = new Promise((resolve) => (release = resolve));
    const counted = new Observable<{ n: number }>((subscriber) => {
      subscribers++;
      const inner = feed.subscribe(subscriber);
      return () => {
        subscribers--;
        inner.unsubscribe();
        release();
      };
    });
    // Closing does not wait for the client to drop its kept-alive connection (Fastify's default does).
    server = Fastify({ forceCloseConnections: true });
    server.get('/changes', (_request, reply) => streamEvents(reply, 'state', counted, 20));
    await server.listen({ port: 0, host: '127.0.0.1' });
  });
  afterEach(() => server.close());

  const open = async (signal?: AbortSignal) => {
    const response = await fetch(`${server.listeningOrigin}/changes`, { signal });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    return {
      response,
      /** Reads until the text holds `part`; the whole text, or undefined when the stream ended first. */
      until: async (part: string): Promise<string | undefined> => {
        while (!text.includes(part)) {
          const { value, done } = await reader.read();
          if (done) return undefined;
          text += value;
        }
        return text;
      },
    };
  };

  it('sends each message as a named event, and comment lines while nothing happens', async () => {
    const client = await open();
    expect(client.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    await client.until(': connected');
    feed.next({ n: 1 });
    expect(await client.until('"n":1')).toContain('event: state\ndata: {"n":1}\n\n');
    expect(await client.until(': keep-alive\n\n')).toBeDefined();
    feed.complete();
    expect(await client.until('never')).toBeUndefined();
  });

  it('lets go of the feed when the client goes away', async () => {
    const abort = new AbortController();
    const client = await open(abort.signal);
    await client.until(': connected');
    expect(subscribers).toBe(1);
    abort.abort();
    await released;
    expect(subscribers).toBe(0);
  });
});
