import { Env } from '@heed/config';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { DEFAULT_ALLOWED_LATENESS_MS } from './lifecycle/customer-kind';

const list = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0)
    : value;

/** The engine's configuration, read from `HEED_*` variables once at start. */
export class EngineConfig {
  /** HTTP port of the query API and UI. */
  @Env('HEED_ENGINE_PORT')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  port = 3001;

  /** Interface the HTTP API binds to. */
  @Env('HEED_ENGINE_HOST')
  @IsString()
  @MinLength(1)
  host = '127.0.0.1';

  /**
   * Keys that may call the HTTP API (`Authorization: Bearer <key>`), comma-separated. Empty means
   * none is configured: `npm start` then generates a development key and prints it.
   */
  @Env('HEED_API_KEYS')
  @Transform(list)
  @IsArray()
  @IsString({ each: true })
  @MinLength(16, { each: true, message: 'each API key must be at least 16 characters' })
  apiKeys: string[] = [];

  /** Persistent subscription group shared by the engine replicas. */
  @Env('HEED_ENGINE_GROUP')
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: 'expected a group name of letters, digits, . _ -' })
  group = 'heed-engine';

  /** Failed attempts after which a signal is parked with the reason. */
  @Env('HEED_ENGINE_MAX_RETRIES')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  maxRetries = 5;

  /** Signals the store may have in flight to this replica. */
  @Env('HEED_ENGINE_BUFFER_SIZE')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  bufferSize = 256;

  /** A snapshot is written after this many signals folded since the last one. */
  @Env('HEED_SNAPSHOT_EVERY')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  snapshotEvery = 100;

  /**
   * Readiness bound: the replica answers `/health/ready` with 200 only while it is subscribed and at
   * most this many events of `$ce-customer` are left for it to handle (see docs/operations.md).
   */
  @Env('HEED_ENGINE_READY_MAX_LAG')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  readyMaxLag = 1_000;

  /**
   * When this machine version takes over customers an older version wrote (ADR 0075): `lazy`, as each
   * is next loaded (a signal, a query, a timer); `eager`, also by a background pass over every
   * customer the population read model knows, at `HEED_ENGINE_REDERIVE_RATE`, resumable.
   */
  @Env('HEED_ENGINE_REDERIVE')
  @IsIn(['lazy', 'eager'], { message: 'expected lazy or eager' })
  rederive: 'lazy' | 'eager' = 'lazy';

  /**
   * How far behind a customer's latest signal time a signal may arrive and still be folded where its
   * time puts it, re-deriving the customer and recording `StateCorrected` (ADR 0078); a later one is
   * folded where it arrived and marked `InputLate`. 0 folds every late signal where it arrived.
   */
  @Env('HEED_ENGINE_ALLOWED_LATENESS_MS')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  allowedLatenessMs = DEFAULT_ALLOWED_LATENESS_MS;

  /** Customers per second the eager re-derivation pass loads at most. */
  @Env('HEED_ENGINE_REDERIVE_RATE')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  rederiveRate = 200;

  /** Most customers kept in memory. */
  @Env('HEED_MAX_RESIDENT')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  maxResident = 200_000;

  /** A customer idle this long is dropped from memory (rehydrated on its next signal). */
  @Env('HEED_IDLE_MS')
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  idleMs = 15 * 60_000;

  /** Most rehydrations at once, so that a restart under load does not stampede the store. */
  @Env('HEED_MAX_REHYDRATIONS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  maxConcurrentRehydrations = 16;

  /** How often due timers are looked for. */
  @Env('HEED_TIMER_TICK_MS')
  @Type(() => Number)
  @IsInt()
  @Min(10)
  timerTickMs = 1_000;

  /**
   * A customer who had a signal within this many ms is still being fed (a backlog, an import): the
   * wall clock does not fire their due timers until they have been quiet this long. Their next
   * signal fires those timers in front of itself anyway; 0 fires at once.
   */
  @Env('HEED_TIMER_QUIET_MS')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  timerQuietMs = 10_000;

  /** Data directory (shared with the embedded store): where the read model lives by default. */
  @Env('HEED_DATA_DIR')
  @IsString()
  @MinLength(1)
  dataDir = './.heed';

  /**
   * The population read model's SQLite file, one per engine replica (a second engine on the same
   * file refuses to start); `:memory:` rebuilds it from the streams at every start. Unset:
   * `<HEED_DATA_DIR>/engine-read-model.sqlite`.
   */
  @Env('HEED_ENGINE_READ_MODEL')
  @IsOptional()
  @IsString()
  @MinLength(1)
  readModel?: string;
}
