export type { AllFilter } from './all-filter';
export { passesFilter } from './all-filter';
export type {
  AllRead,
  AllReadOptions,
  AppendResult,
  DeleteResult,
  EventStorageOptions,
  StreamRead,
  StreamReadStart,
  StorageStatistics,
  StreamState,
  StoreSynchronous,
} from './event-storage';
export { DataDirInUseError, lockDataDir } from './data-dir-lock';
export { EventStorage } from './event-storage';
export { EPOCH_INFORMATION_STREAM } from './first-system-events';
export type { ExpectedRevision } from './expected-revision';
export type { LinkTarget } from './link';
export { formatLink, parseLink } from './link';
export type { ProposedEvent, RecordedEvent } from './recorded-event';
export { LINK_EVENT_TYPE, METADATA_EVENT_TYPE, TOMBSTONE_EVENT_TYPE, TOMBSTONE_REVISION } from './recorded-event';
export { StorageClosedError, StorageFullError, StreamDeletedError, WrongExpectedRevisionError } from './storage-errors';
export type { StreamMetadata } from './stream-metadata';
export { metastreamOf, parseStreamMetadata } from './stream-metadata';
export { projectedStreamsOf } from './system-projections';
