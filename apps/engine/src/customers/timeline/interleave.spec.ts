import fc from 'fast-check';
import { interleave, type Sided } from './interleave';
import { TIMELINE_START, type TimelineCursor } from './timeline-cursor';

/** Two streams from the number of outputs each input wrote, in the runtime's order. */
function streams(outputsPerInput: readonly number[]) {
  const inputs: Array<Sided<string>> = [];
  const outputs: Array<Sided<string>> = [];
  const expected: string[] = [];
  outputsPerInput.forEach((count, r) => {
    inputs.push({ side: 'input', revision: BigInt(r), event: `in:${r}` });
    expected.push(`in:${r}`);
    for (let k = 0; k < count; k++) {
      const revision = BigInt(outputs.length);
      outputs.push({ side: 'output', revision, causedBy: BigInt(r), event: `out:${revision}` });
      expected.push(`out:${revision}`);
    }
  });
  return { inputs, outputs, expected };
}

/** Pages through as the endpoint does: at most `limit` events of each stream read from the cursor. */
function pageThrough(inputs: Array<Sided<string>>, outputs: Array<Sided<string>>, limit: number): string[] {
  const seen: string[] = [];
  for (let cursor: TimelineCursor = TIMELINE_START, pages = 0; pages < 10_000; pages++) {
    const readInputs = inputs.slice(Number(cursor.input), Number(cursor.input) + limit);
    const readOutputs = outputs.slice(Number(cursor.output), Number(cursor.output) + limit);
    const page = interleave(readInputs, readOutputs, cursor, limit, {
      inputs: readInputs.length === limit,
      outputs: readOutputs.length === limit,
    });
    seen.push(...page.items.map((i) => i.event));
    if (page.done) return seen;
    cursor = page.cursor;
  }
  throw new Error('no end');
}

describe('interleaving a page of a timeline', () => {
  it('puts each input before the outputs its fold wrote', () => {
    const { inputs, outputs, expected } = streams([2, 0, 3, 1]);
    const page = interleave(inputs, outputs, TIMELINE_START, 100, { inputs: false, outputs: false });
    expect(page.items.map((i) => i.event)).toEqual(expected);
    expect(page).toMatchObject({ done: true, cursor: { input: 4n, output: 6n } });
  });

  it('does not take an input while outputs of the one before it may still be unread', () => {
    const { inputs, outputs } = streams([3, 1]);
    const page = interleave(inputs, outputs.slice(0, 2), TIMELINE_START, 10, { inputs: false, outputs: true });
    expect(page.items.map((i) => i.event)).toEqual(['in:0', 'out:0', 'out:1']);
    expect(page).toMatchObject({ done: false, cursor: { input: 1n, output: 2n } });
  });

  it('shows every event once and in order, page by page, whatever the page size', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(6), { maxLength: 30 }), fc.integer({ min: 1, max: 12 }), (counts, limit) => {
        const { inputs, outputs, expected } = streams(counts);
        expect(pageThrough(inputs, outputs, limit)).toEqual(expected);
      }),
    );
  });
});
