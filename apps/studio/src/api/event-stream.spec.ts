import { EventStreamParser, readEventStream, type ServerSentEvent } from './event-stream';

const parse = (...chunks: string[]): ServerSentEvent[] => {
  const parser = new EventStreamParser();
  return chunks.flatMap((chunk) => [...parser.push(chunk)]);
};

describe('reading Server-Sent Events', () => {
  it('dispatches an event at a blank line, with its name and data', () => {
    expect(parse('event: state\ndata: {"a":1}\n\n')).toEqual([{ event: 'state', data: '{"a":1}', id: null }]);
  });

  it('joins data lines, skips comments, and takes any line ending', () => {
    expect(parse(': keep-alive\r\n', 'data: one\r\ndata: two\r\rid: 7\ndata:x\n\n')).toEqual([
      { event: 'message', data: 'one\ntwo', id: null },
      { event: 'message', data: 'x', id: '7' },
    ]);
  });

  it('reads events split anywhere across chunks, a CRLF included', () => {
    const text = 'event: state\r\ndata: {"customerId":"c-1"}\r\n\r\n';
    for (let cut = 1; cut < text.length; cut++) {
      expect(parse(text.slice(0, cut), text.slice(cut))).toEqual([
        { event: 'state', data: '{"customerId":"c-1"}', id: null },
      ]);
    }
  });

  it('dispatches nothing for an event without data', () => {
    expect(parse('event: state\n\n')).toEqual([]);
  });

  it('reads a response body, decoding UTF-8 split between chunks', async () => {
    const bytes = new TextEncoder().encode('data: café → ok\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 9));
        controller.enqueue(bytes.slice(9));
        controller.close();
      },
    });
    const events: ServerSentEvent[] = [];
    for await (const event of readEventStream(body)) events.push(event);
    expect(events).toEqual([{ event: 'message', data: 'café → ok', id: null }]);
  });
});
