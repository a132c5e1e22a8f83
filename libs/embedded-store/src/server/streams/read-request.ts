import { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import type { AllFilter } from '../../storage';
import { InvalidRequestError } from '../invalid-request';
import { streamNameOf, uint64 } from '../wire-format';

/** EventStoreDB's default search window of a filtered `$all` read or subscription. */
export const DEFAULT_MAX_SEARCH_WINDOW = 32;

/** A checked `Streams.Read` request. */
export interface ReadRequest {
  readonly source:
    | { readonly kind: 'stream'; readonly name: string; readonly from: 'start' | 'end' | number }
    | { readonly kind: 'all'; readonly from: 'start' | 'end' | number };
  readonly direction: 'forwards' | 'backwards';
  /** Max events of a read; unused by subscriptions. */
  readonly count: number;
  readonly subscription: boolean;
  readonly resolveLinks: boolean;
  readonly structuredIds: boolean;
  readonly filter?: AllFilter;
  /** Records examined between two checkpoints: multiplier × max search window, as EventStoreDB. */
  readonly checkpointInterval: number;
}

/** Checks and decodes a `ReadReq`. @throws InvalidRequestError naming the field at fault. */
export function readRequestOf(request: ReadReq): ReadRequest {
  const options = request.getOptions();
  if (options === undefined) throw new InvalidRequestError('options are required');
  const subscription = options.getCountOptionCase() === ReadReq.Options.CountOptionCase.SUBSCRIPTION;
  if (!subscription && options.getCountOptionCase() !== ReadReq.Options.CountOptionCase.COUNT) {
    throw new InvalidRequestError('options: count or subscription is required');
  }
  const common = {
    direction: options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS ? 'backwards' : 'forwards',
    count: subscription ? Number.MAX_SAFE_INTEGER : uint64(options.getCount(), 'count'),
    subscription,
    resolveLinks: options.getResolveLinks(),
    structuredIds: options.getUuidOption()?.getContentCase() === ReadReq.Options.UUIDOption.ContentCase.STRUCTURED,
  } as const;
  if (subscription && common.direction === 'backwards') {
    throw new InvalidRequestError('subscriptions read forwards only');
  }
  switch (options.getStreamOptionCase()) {
    case ReadReq.Options.StreamOptionCase.STREAM: {
      const stream = options.getStream()!;
      const name = streamNameOf(stream.getStreamIdentifier());
      const cases = ReadReq.Options.StreamOptions.RevisionOptionCase;
      const revisionCase = stream.getRevisionOptionCase();
      const from =
        revisionCase === cases.START
          ? 'start'
          : revisionCase === cases.END
            ? 'end'
            : revisionCase === cases.REVISION
              ? uint64(stream.getRevision(), 'stream.revision')
              : invalid('stream: start, end or revision is required');
      return { ...common, source: { kind: 'stream', name, from }, checkpointInterval: 0 };
    }
    case ReadReq.Options.StreamOptionCase.ALL: {
      const all = options.getAll()!;
      const cases = ReadReq.Options.AllOptions.AllOptionCase;
      const from =
        all.getAllOptionCase() === cases.START
          ? 'start'
          : all.getAllOptionCase() === cases.END
            ? 'end'
            : all.getAllOptionCase() === cases.POSITION
              ? uint64(all.getPosition()!.getCommitPosition(), 'all.position.commit_position')
              : invalid('all: start, end or position is required');
      const filtered = filterOf(options);
      return { ...common, source: { kind: 'all', from }, ...filtered };
    }
    case ReadReq.Options.StreamOptionCase.STREAM_OPTION_NOT_SET:
      return invalid('options: stream or all is required');
  }
}

function filterOf(options: ReadReq.Options): { filter?: AllFilter; checkpointInterval: number } {
  if (options.getFilterOptionCase() !== ReadReq.Options.FilterOptionCase.FILTER) return { checkpointInterval: 0 };
  const filter = options.getFilter()!;
  const cases = ReadReq.Options.FilterOptions.FilterCase;
  const on = filter.getFilterCase() === cases.STREAM_IDENTIFIER ? 'stream' : 'eventType';
  const expression = on === 'stream' ? filter.getStreamIdentifier() : filter.getEventType();
  if (filter.getFilterCase() === cases.FILTER_NOT_SET || expression === undefined) {
    return invalid('filter: stream_identifier or event_type is required');
  }
  let regex: RegExp | undefined;
  if (expression.getRegex() !== '') {
    try {
      regex = new RegExp(expression.getRegex());
    } catch {
      return invalid(`filter.regex: not a valid regular expression: "${expression.getRegex()}"`);
    }
  }
  const window =
    filter.getWindowCase() === ReadReq.Options.FilterOptions.WindowCase.MAX && filter.getMax() > 0
      ? filter.getMax()
      : DEFAULT_MAX_SEARCH_WINDOW;
  const multiplier = Math.max(1, filter.getCheckpointintervalmultiplier());
  return { filter: { on, prefixes: expression.getPrefixList(), regex }, checkpointInterval: multiplier * window };
}

function invalid(message: string): never {
  throw new InvalidRequestError(message);
}
