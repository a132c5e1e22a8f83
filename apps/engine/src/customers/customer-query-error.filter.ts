import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CustomerQueryError, type CustomerQueryErrorCode } from './customer-query.error';

/** The HTTP status of each code: the one place where the customer queries' errors meet HTTP. */
const STATUS_OF: Readonly<Record<CustomerQueryErrorCode, number>> = {
  INVALID_PARAMETER: 400,
  INVALID_CUSTOMER_ID: 400,
  INVALID_CURSOR: 400,
  REVISION_BEYOND_END: 400,
  CUSTOMER_NOT_FOUND: 404,
  UNKNOWN_ANONYMOUS_ID: 404,
};

/** Answers a `CustomerQueryError` as `{ statusCode, code, message, path? }` (docs/studio-api.md). */
@Catch(CustomerQueryError)
export class CustomerQueryErrorFilter implements ExceptionFilter<CustomerQueryError> {
  catch(error: CustomerQueryError, host: ArgumentsHost): void {
    const statusCode = STATUS_OF[error.code];
    const body = {
      statusCode,
      code: error.code,
      message: error.message,
      ...(error.path !== undefined && { path: error.path }),
    };
    void host.switchToHttp().getResponse<FastifyReply>().status(statusCode).send(body);
  }
}
