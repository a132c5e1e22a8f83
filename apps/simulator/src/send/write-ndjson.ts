import type { SegmentCall, SimulatedCustomer } from '@heed/simulator';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Writes one JSON document per line; resolves when the file is flushed. */
export async function writeNdjson(path: string, items: Iterable<SegmentCall | SimulatedCustomer>): Promise<number> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  let lines = 0;
  for (const item of items) {
    if (!out.write(`${JSON.stringify(item)}\n`)) await once(out, 'drain');
    lines++;
  }
  out.end();
  await once(out, 'finish');
  return lines;
}
