/**
 * The link streams EventStoreDB's standard projections `$by_category` and `$by_event_type` keep,
 * for one source event: `$ce-<category>` (category = stream name before the first `-`) and
 * `$et-<type>`. System streams (`$…`) and system event types (`$…`, including links and metadata)
 * are not projected, as on EventStoreDB.
 */
export function projectedStreamsOf(streamName: string, eventType: string): string[] {
  if (streamName.startsWith('$')) return [];
  const streams: string[] = [];
  const dash = streamName.indexOf('-');
  if (dash > 0) streams.push(`$ce-${streamName.slice(0, dash)}`);
  if (eventType !== '' && !eventType.startsWith('$')) streams.push(`$et-${eventType}`);
  return streams;
}
