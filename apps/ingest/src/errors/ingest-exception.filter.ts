import {
  Catch,
  type ArgumentsHost,
  type ExceptionFilter,
  HttpException,
  Inject,
  Logger,
  Optional,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IngestMetrics } from '../metrics/ingest-metrics';
import { errorResponse } from './error-response';
import { IngestError } from './ingest-error';

/**
 * The one place where ingest errors become HTTP answers. Nest's own HTTP exceptions (a route that
 * does not exist, for instance) are reported in the same shape.
 */
@Catch()
export class IngestExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ingest');

  constructor(@Optional() @Inject(IngestMetrics) private readonly metrics?: IngestMetrics) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const error = exception instanceof HttpException ? { statusCode: exception.getStatus() } : exception;
    const response = errorResponse(error);
    this.metrics?.countError(response.body.code);
    if (response.status >= 500 && !(exception instanceof IngestError)) {
      // Only the error's class and message: request bodies and headers may hold write keys.
      this.logger.error({
        msg: exception instanceof Error ? `${exception.name}: ${exception.message}` : String(exception),
        correlationId: host.switchToHttp().getRequest<FastifyRequest>().id,
      });
    }
    void reply.status(response.status).headers(response.headers).send(response.body);
  }
}
