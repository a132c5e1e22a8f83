import { Env } from '@heed/config';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';

/**
 * Where the standalone connect process serves its metrics; connect has no HTTP API of its own.
 * In the all-in-one process its metrics are served with the others' on the ingest and engine ports.
 */
export class ConnectMetricsConfig {
  /** Port of `http://<host>:<port>/metrics`; unset, connect serves none. */
  @Env('HEED_CONNECT_METRICS_PORT')
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  port?: number;

  /** Interface the metrics port binds to. */
  @Env('HEED_CONNECT_METRICS_HOST')
  @IsString()
  @MinLength(1)
  host = '127.0.0.1';
}
