import { Env } from '@heed/config';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';

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
}
