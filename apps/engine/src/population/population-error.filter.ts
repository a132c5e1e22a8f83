import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PopulationQueryError, type PopulationErrorCode } from './population-errors';

/** The HTTP status of each population error: the one place where they meet HTTP. */
const STATUS_OF: Readonly<Record<PopulationErrorCode, number>> = {
  INVALID_PARAMETER: 400,
  INVALID_CURSOR: 400,
  UNKNOWN_STATE: 404,
};

/** Answers a refused population query with `{ statusCode, code, message, path }`. */
@Catch(PopulationQueryError)
export class PopulationErrorFilter implements ExceptionFilter<PopulationQueryError> {
  catch(error: PopulationQueryError, host: ArgumentsHost): void {
    const statusCode = STATUS_OF[error.code];
    void host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(statusCode)
      .send({ statusCode, code: error.code, message: error.message, path: error.path });
  }
}
