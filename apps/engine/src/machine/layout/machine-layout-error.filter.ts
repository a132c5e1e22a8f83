import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { MachineLayoutError } from './machine-layout.error';

/** Answers a failed layout with `{ statusCode: 500, code, message }`; the next request tries again. */
@Catch(MachineLayoutError)
export class MachineLayoutErrorFilter implements ExceptionFilter<MachineLayoutError> {
  catch(error: MachineLayoutError, host: ArgumentsHost): void {
    void host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(500)
      .send({ statusCode: 500, code: error.code, message: error.message });
  }
}
