import { AckBatcher } from './ack-batcher';

describe('AckBatcher', () => {
  it('sends the acks of one turn in one message, and each caller learns it was sent', async () => {
    const sent: number[][] = [];
    const batcher = new AckBatcher<number>(async (events) => void sent.push(events));
    await Promise.all([batcher.ack(1), batcher.ack(2), batcher.ack(3)]);
    expect(sent).toEqual([[1, 2, 3]]);
    await batcher.ack(4);
    expect(sent).toEqual([[1, 2, 3], [4]]);
  });

  it('sends at once when a batch is full', async () => {
    const sent: number[][] = [];
    const batcher = new AckBatcher<number>(async (events) => void sent.push(events), 2);
    const first = [batcher.ack(1), batcher.ack(2)];
    expect(sent).toEqual([[1, 2]]);
    await Promise.all([...first, batcher.ack(3)]);
    expect(sent).toEqual([[1, 2], [3]]);
  });

  it('rejects every caller of a batch that could not be sent', async () => {
    const batcher = new AckBatcher<number>(() => Promise.reject(new Error('gone')));
    const results = await Promise.allSettled([batcher.ack(1), batcher.ack(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
