import { Env } from '@heed/config';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/** What ingest does with a `track` call whose event name is not in the domain's catalog. */
export type UnknownEventPolicy = 'reject' | 'accept';

/** The ingest service's configuration, read from `HEED_*` variables once at start. */
export class IngestConfig {
  /** HTTP port of the collection API. */
  @Env('HEED_INGEST_PORT')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  port = 3000;

  /** Interface the HTTP API binds to. */
  @Env('HEED_INGEST_HOST')
  @IsString()
  @MinLength(1)
  host = '127.0.0.1';

  /**
   * Write keys that producers authenticate with, comma-separated so that keys can be rotated; an
   * entry `<source>:<key>` names the key's source, the scope of deduplication (see `WriteKeys`).
   * Empty means "not configured": `main.ts` refuses to start, the all-in-one process generates a
   * development key (see `resolveWriteKeys`).
   */
  @Env('HEED_WRITE_KEYS')
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((k) => k.trim())
          .filter((k) => k.length > 0)
      : value,
  )
  @IsString({ each: true })
  @Matches(/^(?:[a-z0-9][a-z0-9_-]{0,63}:)?[\x21-\x7e]{16,256}$/, {
    each: true,
    message:
      'expected comma-separated write keys, each 16 to 256 printable ASCII characters without spaces or commas, ' +
      'optionally preceded by its source name and ":" (web:<key>)',
  })
  writeKeys: string[] = [];

  /** Unknown event names: `reject` them (400) or `accept` them as unplanned events. */
  @Env('HEED_UNKNOWN_EVENTS')
  @IsIn(['reject', 'accept'])
  unknownEvents: UnknownEventPolicy = 'reject';

  /** Largest accepted event, in bytes of JSON. */
  @Env('HEED_MAX_EVENT_BYTES')
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  maxEventBytes = 32 * 1024;

  /** Largest accepted request body, in bytes. */
  @Env('HEED_MAX_REQUEST_BYTES')
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  maxRequestBytes = 500 * 1024;

  /** Most events in one `/v1/batch` request. */
  @Env('HEED_MAX_BATCH_EVENTS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  maxBatchEvents = 2500;

  /** Deepest nesting of objects and arrays accepted in a request body. */
  @Env('HEED_MAX_JSON_DEPTH')
  @Type(() => Number)
  @IsInt()
  @Min(4)
  @Max(1000)
  maxJsonDepth = 32;

  /** How far past the receive time an event's corrected timestamp may be, in milliseconds. */
  @Env('HEED_MAX_FUTURE_MS')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  maxFutureMs = 60 * 60 * 1000;

  /** Requests processed at once; beyond it the service answers 429 before reading the body. */
  @Env('HEED_INGEST_MAX_IN_FLIGHT')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  maxInFlightRequests = 256;

  /** How long one store call may take before the request fails with 503, in milliseconds. */
  @Env('HEED_INGEST_STORE_TIMEOUT_MS')
  @Type(() => Number)
  @IsInt()
  @Min(100)
  storeTimeoutMs = 5000;

  /** `Retry-After` sent with 429 and 503 answers, in seconds. */
  @Env('HEED_INGEST_RETRY_AFTER_S')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  retryAfterSeconds = 1;
}
