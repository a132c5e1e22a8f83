import type { TimelinePage } from '@heed/statechart';
import { Controller, Get, Param, Query, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { anonymousIdParam, customerIdParam } from './customer-params';
import { CustomerQuery, type CustomerView } from './customer-query';
import { CustomerQueryError } from './customer-query.error';
import { CustomerQueryErrorFilter } from './customer-query-error.filter';
import { IdentityLinks } from './identity-links';
import { TimeTravel, type TimeTravelView } from './time-travel/time-travel';
import { parseTimeTravelQuery } from './time-travel/time-travel-query';
import { CustomerTimeline } from './timeline/customer-timeline';
import { MAX_TIMELINE_LIMIT, parseTimelineQuery } from './timeline/timeline-query';

const ID_PARAM = { name: 'id', description: 'The customer id (`userId` of the calls ingested).' } as const;

/** One customer: its state now, its timeline, its state at any point of its history. */
@ApiTags('customers')
@ApiBearerAuth()
@ApiUnauthorizedResponse({
  description: '`UNAUTHORIZED`: no `Authorization: Bearer <key>` with a key of HEED_API_KEYS.',
})
@Controller('v1/customers')
@UseGuards(ApiKeyGuard)
@UseFilters(CustomerQueryErrorFilter)
export class CustomersController {
  constructor(
    private readonly customers: CustomerQuery,
    private readonly links: IdentityLinks,
    private readonly timelines: CustomerTimeline,
    private readonly timeTravel: TimeTravel,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The customer an anonymous id was linked to by an identify call.' })
  @ApiQuery({ name: 'anonymousId', required: true })
  @ApiOkResponse({ description: '`{ customerId }`' })
  @ApiBadRequestResponse({ description: '`INVALID_PARAMETER`: anonymousId missing or malformed (`path`).' })
  @ApiNotFoundResponse({ description: '`UNKNOWN_ANONYMOUS_ID`: no identify call linked it.' })
  async byAnonymousId(@Query('anonymousId') anonymousId: unknown): Promise<{ customerId: string }> {
    const id = anonymousIdParam(anonymousId);
    const customerId = await this.links.customerOf(id);
    if (customerId === undefined) {
      throw new CustomerQueryError('UNKNOWN_ANONYMOUS_ID', `anonymous id ${id} is linked to no customer`);
    }
    return { customerId };
  }

  @Get(':id')
  @ApiOperation({ summary: 'The current state, context summary, scores with reasons and recent transitions.' })
  @ApiParam(ID_PARAM)
  @ApiBadRequestResponse({ description: '`INVALID_CUSTOMER_ID`' })
  @ApiNotFoundResponse({ description: '`CUSTOMER_NOT_FOUND`: no signal of the customer was processed.' })
  async get(@Param('id') id: string): Promise<CustomerView> {
    const view = await this.customers.find(customerIdParam(id));
    if (view === undefined) {
      throw new CustomerQueryError('CUSTOMER_NOT_FOUND', `no signal of customer ${id} was processed`);
    }
    return view;
  }

  @Get(':id/timeline')
  @ApiOperation({
    summary:
      'Everything of the customer in order: each input (signal, TimerFired, identify) followed by the outputs its fold wrote.',
  })
  @ApiParam(ID_PARAM)
  @ApiQuery({
    name: 'after',
    required: false,
    description: "A page's `next`, or an item's position (`in:3`, `out:7`).",
  })
  @ApiQuery({ name: 'limit', required: false, description: `Items per page, 1 to ${MAX_TIMELINE_LIMIT} (100).` })
  @ApiOkResponse({ description: '`{ items: TimelineItem[], next: string | null }`' })
  @ApiBadRequestResponse({
    description: '`INVALID_PARAMETER` (limit), `INVALID_CURSOR` (after), `INVALID_CUSTOMER_ID`.',
  })
  @ApiNotFoundResponse({ description: '`CUSTOMER_NOT_FOUND`: the customer has no events.' })
  timeline(@Param('id') id: string, @Query() query: Record<string, unknown>): Promise<TimelinePage> {
    return this.timelines.page(customerIdParam(id), parseTimelineQuery(query));
  }

  @Get(':id/state')
  @ApiOperation({
    summary:
      'Time travel: the state after input `revision`, or at instant `at` (its inputs up to then, then the timers due by it). Nothing is written.',
  })
  @ApiParam(ID_PARAM)
  @ApiQuery({ name: 'revision', required: false, description: 'An input revision (exactly one of revision and at).' })
  @ApiQuery({ name: 'at', required: false, description: 'An ISO-8601 instant with a zone.' })
  @ApiOkResponse({ description: '`{ customerId, revision, at, value, activeStates, summary, pendingTimers }`' })
  @ApiBadRequestResponse({
    description: '`INVALID_PARAMETER` (revision, at: malformed, both or neither), `REVISION_BEYOND_END`.',
  })
  @ApiNotFoundResponse({ description: '`CUSTOMER_NOT_FOUND`: the customer has no events.' })
  state(@Param('id') id: string, @Query() query: Record<string, unknown>): Promise<TimeTravelView> {
    return this.timeTravel.stateOf(customerIdParam(id), parseTimeTravelQuery(query));
  }
}
