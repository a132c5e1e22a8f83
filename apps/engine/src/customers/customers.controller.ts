import { CUSTOMER_ID_PATTERN } from '@heed/event-store';
import { BadRequestException, Controller, Get, NotFoundException, Param, UseGuards } from '@nestjs/common';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CustomerQuery, type CustomerView } from './customer-query';

@Controller('v1/customers')
@UseGuards(ApiKeyGuard)
export class CustomersController {
  constructor(private readonly customers: CustomerQuery) {}

  /** The customer's current state, context summary, scores with reasons and recent transitions. */
  @Get(':id')
  async get(@Param('id') id: string): Promise<CustomerView> {
    if (!CUSTOMER_ID_PATTERN.test(id)) {
      throw new BadRequestException({
        statusCode: 400,
        code: 'INVALID_CUSTOMER_ID',
        path: 'id',
        message: `id: expected 1-128 characters of letters, digits and . _ : @ + -, got ${JSON.stringify(id.slice(0, 140))}`,
      });
    }
    const view = await this.customers.find(id);
    if (view === undefined) {
      throw new NotFoundException({
        statusCode: 404,
        code: 'CUSTOMER_NOT_FOUND',
        message: `no signal of customer ${id} was processed`,
      });
    }
    return view;
  }
}
