import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { Env } from '@heed/config';

/** The standalone store's configuration, from `HEED_*` variables. */
export class StoreConfig {
  @Env('HEED_STORE_PORT')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  port = 2113;

  @Env('HEED_STORE_HOST')
  @IsString()
  @MinLength(1)
  host = '127.0.0.1';

  @Env('HEED_DATA_DIR')
  @IsString()
  @MinLength(1)
  dataDir = './.heed';

  /**
   * `normal`: acknowledged appends survive `kill -9` of the store; `full`: they also survive a
   * power loss, at one fsync per group commit. See docs/embedded-store.md.
   */
  @Env('HEED_STORE_SYNC')
  @IsIn(['normal', 'full'])
  synchronous: 'normal' | 'full' = 'normal';

  /**
   * `true`: the store keeps the `$ce-` and `$et-` link streams, as EventStoreDB's standard projections do
   * (run with `--run-projections=All --start-standard-projections=true`); `false`: it writes none.
   */
  @Env('HEED_STORE_SYSTEM_PROJECTIONS')
  @IsIn(['true', 'false'])
  systemProjections: 'true' | 'false' = 'true';

  /**
   * Port of the standalone store's metrics (`http://<HEED_STORE_HOST>:<port>/metrics`); unset, the
   * store serves none. The all-in-one process serves the store's metrics on its ingest and engine
   * ports instead.
   */
  @Env('HEED_STORE_METRICS_PORT')
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  metricsPort?: number;
}
