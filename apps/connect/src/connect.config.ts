import { Env } from '@heed/config';
import { IsOptional, IsString, Matches, MinLength } from 'class-validator';

/** The connect service's configuration, read from `HEED_*` variables once at start. */
export class ConnectConfig {
  /**
   * The destinations file (JSON, see docs/connect.md and config/connect.example.json). Unset:
   * delivery is off and connect says so at start.
   */
  @Env('HEED_CONNECT_CONFIG')
  @IsOptional()
  @IsString()
  @MinLength(1)
  file?: string;

  /** Prefix of the destinations' consumer groups: `<prefix>-<destination name>`. */
  @Env('HEED_CONNECT_GROUP_PREFIX')
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, { message: 'expected a group prefix of letters, digits, . _ -' })
  groupPrefix = 'heed-connect';
}
