/** The target of a link event: data `"<revision>@<stream>"`, as EventStoreDB writes it. */
export interface LinkTarget {
  readonly streamName: string;
  readonly revision: number;
}

/** Encodes a link event's data. */
export function formatLink(target: LinkTarget): Buffer {
  return Buffer.from(`${target.revision}@${target.streamName}`, 'utf8');
}

/** Decodes a link event's data, or `undefined` when it is not a well-formed link. */
export function parseLink(data: Uint8Array): LinkTarget | undefined {
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  const at = text.indexOf('@');
  if (at <= 0) return undefined;
  const revision = Number(text.slice(0, at));
  if (!Number.isSafeInteger(revision) || revision < 0) return undefined;
  return { streamName: text.slice(at + 1), revision };
}
