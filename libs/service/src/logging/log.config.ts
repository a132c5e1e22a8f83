import { Env } from '@heed/config';
import { IsIn, IsOptional, IsString } from 'class-validator';

/** Levels of `HEED_LOG_LEVEL`, most to least severe; `silent` logs nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** How a Heed process logs, read from the environment once at start. */
export class LogConfig {
  /** Least severe level written. */
  @Env('HEED_LOG_LEVEL')
  @IsIn(LOG_LEVELS)
  level: LogLevel = 'info';

  /** `production`: one JSON object a line; anything else: pretty, for a person at a terminal. */
  @Env('NODE_ENV')
  @IsOptional()
  @IsString()
  nodeEnv?: string;
}
