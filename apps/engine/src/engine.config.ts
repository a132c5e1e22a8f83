import { Env } from '@heed/config';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';

/** The engine service's configuration, read from `HEED_*` variables once at start. */
export class EngineConfig {
  /** HTTP port of the query and UI API. */
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
}
