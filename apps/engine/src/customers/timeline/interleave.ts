import type { TimelineCursor } from './timeline-cursor';

/** An event of either stream, with what ordering needs of it. */
export interface Sided<T> {
  readonly side: 'input' | 'output';
  readonly revision: bigint;
  /** Outputs: the revision of the input whose fold wrote it (`causationRevision`); unknown: undefined. */
  readonly causedBy?: bigint;
  readonly event: T;
}

export interface Interleaved<T> {
  readonly items: ReadonlyArray<Sided<T>>;
  /** Where the next page starts. */
  readonly cursor: TimelineCursor;
  /** Whether both streams were read to their end and everything read was taken. */
  readonly done: boolean;
}

/**
 * Orders a page of a timeline: each input followed by the outputs its fold wrote (which the output
 * stream holds in input order, a due timer's ahead of the input's own). `inputs` and `outputs` are
 * read forward from `from`; `more` tells whether a stream may hold events beyond those read.
 *
 * An input is taken only once no output of an earlier input can follow: so a page cut short by
 * what was read never puts an input before an output of the one in front of it.
 */
export function interleave<T>(
  inputs: ReadonlyArray<Sided<T>>,
  outputs: ReadonlyArray<Sided<T>>,
  from: TimelineCursor,
  limit: number,
  more: { readonly inputs: boolean; readonly outputs: boolean },
): Interleaved<T> {
  const items: Array<Sided<T>> = [];
  let { input, output } = from;
  let i = 0;
  let o = 0;
  while (items.length < limit) {
    const nextOutput = outputs[o];
    const nextInput = inputs[i];
    // An output whose input was shown (or whose cause is not on record) comes before any later input.
    if (nextOutput !== undefined && (nextOutput.causedBy === undefined || nextOutput.causedBy < input)) {
      items.push(nextOutput);
      output = nextOutput.revision + 1n;
      o++;
    } else if (nextOutput === undefined && more.outputs) {
      break;
    } else if (nextInput !== undefined) {
      items.push(nextInput);
      input = nextInput.revision + 1n;
      i++;
    } else if (nextOutput !== undefined && !more.inputs) {
      // An output whose input is not in the stream (it was truncated): shown rather than lost.
      items.push(nextOutput);
      output = nextOutput.revision + 1n;
      o++;
    } else {
      break;
    }
  }
  const done = i === inputs.length && o === outputs.length && !more.inputs && !more.outputs;
  return { items, cursor: { input, output }, done };
}
