import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Nest's `LoggerService` over pino: what every Heed service hands Nest, so that Nest's own lines
 * and the services' go out in one format. A message may be an object (`{ msg, correlationId }`):
 * its fields become the line's fields. Nest passes the context (the class that logs) last.
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...optional: unknown[]): void {
    this.write('info', message, optional);
  }

  error(message: unknown, ...optional: unknown[]): void {
    this.write('error', message, optional);
  }

  warn(message: unknown, ...optional: unknown[]): void {
    this.write('warn', message, optional);
  }

  debug(message: unknown, ...optional: unknown[]): void {
    this.write('debug', message, optional);
  }

  verbose(message: unknown, ...optional: unknown[]): void {
    this.write('trace', message, optional);
  }

  fatal(message: unknown, ...optional: unknown[]): void {
    this.write('fatal', message, optional);
  }

  private write(level: Level, message: unknown, optional: readonly unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const strings = optional.filter((o): o is string => typeof o === 'string');
    const context = strings.at(-1);
    // Nest's `error(message, stack, context)`: a stack comes before the context.
    const stack = level === 'error' || level === 'fatal' ? strings.at(-2) : undefined;
    const fields: Record<string, unknown> = {};
    if (context !== undefined) fields['context'] = context;
    if (stack !== undefined) fields['stack'] = stack;
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      const { msg, message: text, ...rest } = message as Record<string, unknown>;
      const line = typeof msg === 'string' ? msg : typeof text === 'string' ? text : undefined;
      this.logger[level]({ ...fields, ...rest }, line);
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
