import { Controller, Get, Inject, Param, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { map } from 'rxjs';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { ACTOR_KIND, type ActorKind } from '../engine-options';
import { streamEvents } from './change-event-stream';
import { encodeCursor } from './page-cursor';
import type { PopulationChange } from './population-change';
import { PopulationErrorFilter } from './population-error.filter';
import { PopulationQueryError } from './population-errors';
import { PopulationProjection } from './population-projection';
import {
  HISTORY_DAYS,
  PAGE_LIMIT,
  parseCursor,
  parseDays,
  parseLimit,
  parseWindow,
  TRANSITION_WINDOWS,
} from './population-query';
import type {
  PopulationChangeView,
  PopulationCountsView,
  PopulationHistoryView,
  PopulationTransitionsView,
  StateCustomersView,
} from './population-view';
import { machineStateIds } from './state-value-ids';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The population read model over HTTP: counts, transitions, history, customers per state, live changes. */
@ApiTags('population')
@ApiBearerAuth()
@ApiUnauthorizedResponse({
  description: '`UNAUTHORIZED`: no `Authorization: Bearer <key>` with a key of HEED_API_KEYS.',
})
@Controller('v1/population')
@UseGuards(ApiKeyGuard)
@UseFilters(PopulationErrorFilter)
export class PopulationController {
  /** The running machine's states, in document order: every one is listed in the counts. */
  private readonly machineStates: readonly string[];
  private readonly known: ReadonlySet<string>;
  private readonly machineVersion: string;

  constructor(
    private readonly projection: PopulationProjection,
    @Inject(ACTOR_KIND) kind: ActorKind,
  ) {
    this.machineStates = machineStateIds(kind.definition.machine);
    this.known = new Set(this.machineStates);
    this.machineVersion = kind.definition.version;
  }

  @Get('counts')
  @ApiOperation({ summary: 'Customers per state (every active state, ancestors included), and the checkpoint.' })
  @ApiOkResponse({ description: '`{ machineVersion, customers, states, checkpoint: { position, caughtUp }, asOf }`' })
  counts(): PopulationCountsView {
    const read = this.projection.readModel.reader;
    const { customers, asOf } = read.progress();
    const counts = read.counts();
    // States of the running machine first (none left out), then any that only another version had.
    const states: Record<string, number> = {};
    for (const state of this.machineStates) states[state] = counts.get(state) ?? 0;
    for (const [state, count] of counts) states[state] ??= count;
    const { checkpoint, caughtUp } = this.projection.current;
    return {
      machineVersion: this.machineVersion,
      customers,
      states,
      checkpoint: { position: checkpoint === undefined ? null : checkpoint.commit.toString(), caughtUp },
      asOf: asOf === undefined ? null : iso(asOf),
    };
  }

  @Get('transitions')
  @ApiOperation({ summary: 'Region moves (from leaf, to leaf, cause) in the last hour, day or week of customer time.' })
  @ApiQuery({ name: 'window', required: false, enum: Object.keys(TRANSITION_WINDOWS), description: 'default day' })
  @ApiOkResponse({ description: '`{ window, since, until, transitions: [{ from, to, event, count }] }`' })
  @ApiBadRequestResponse({ description: '`INVALID_PARAMETER` (`path`: `window`)' })
  transitions(@Query('window') raw: unknown): PopulationTransitionsView {
    const window = parseWindow(raw);
    const found = this.projection.readModel.reader.transitions(TRANSITION_WINDOWS[window]);
    if (found === undefined) return { window, since: null, until: null, transitions: [] };
    return { window, since: iso(found.since), until: iso(found.until), transitions: found.transitions };
  }

  @Get('history')
  @ApiOperation({ summary: 'Customers per state at the end of each hour of the last days (customer time).' })
  @ApiQuery({
    name: 'days',
    required: false,
    type: Number,
    description: `1 to ${HISTORY_DAYS.max}, default ${HISTORY_DAYS.default}`,
  })
  @ApiOkResponse({
    description: '`{ points: [{ at, states }] }`, oldest first; a state with no customer is left out of a point.',
  })
  @ApiBadRequestResponse({ description: '`INVALID_PARAMETER` (`path`: `days`)' })
  history(@Query('days') raw: unknown): PopulationHistoryView {
    const points = this.projection.readModel.reader.history(parseDays(raw));
    return { points: points.map(({ at, states }) => ({ at: iso(at), states: Object.fromEntries(states) })) };
  }

  @Get('states/:stateId/customers')
  @ApiOperation({ summary: 'Customers in a state, the latest entry first, a page at a time (keyset cursor).' })
  @ApiParam({ name: 'stateId', description: 'a state id of the running machine, `customer.engagement.at-risk`' })
  @ApiQuery({
    name: 'limit',
    required: false,
    type: Number,
    description: `1 to ${PAGE_LIMIT.max}, default ${PAGE_LIMIT.default}`,
  })
  @ApiQuery({ name: 'cursor', required: false, description: 'the `next` of the previous page' })
  @ApiOkResponse({ description: '`{ state, total, items: [{ customerId, since, scores }], next }`' })
  @ApiBadRequestResponse({ description: '`INVALID_PARAMETER` (`path`: `limit`), `INVALID_CURSOR`' })
  @ApiNotFoundResponse({ description: '`UNKNOWN_STATE`: the running machine has no such state.' })
  customers(
    @Param('stateId') state: string,
    @Query('limit') rawLimit: unknown,
    @Query('cursor') rawCursor: unknown,
  ): StateCustomersView {
    if (!this.known.has(state)) {
      throw new PopulationQueryError(
        'UNKNOWN_STATE',
        'stateId',
        `expected a state id of the running machine (GET /v1/machine), got ${JSON.stringify(state.slice(0, 200))}`,
      );
    }
    const limit = parseLimit(rawLimit);
    const cursor = parseCursor(rawCursor);
    const read = this.projection.readModel.reader;
    // One more than asked tells whether there is a next page, without an empty last one.
    const found = read.customersIn(state, limit + 1, cursor);
    const items = found.slice(0, limit);
    const last = items.at(-1);
    return {
      state,
      total: read.countOf(state),
      items: items.map(({ customerId, since, scores }) => ({ customerId, since: iso(since), scores: { ...scores } })),
      next: found.length > limit && last !== undefined ? encodeCursor(last.cursor) : null,
    };
  }

  @Get('changes')
  @ApiOperation({
    summary: 'Server-Sent Events: one `event: state` per change the read model projects; a comment every 15 s.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: '`data: { customerId, from, to, at, cause, scores, position }`' })
  changes(@Res() reply: FastifyReply): void {
    streamEvents(reply, 'state', this.projection.changes.pipe(map(changeView)));
  }
}

function changeView(change: PopulationChange): PopulationChangeView {
  const { customerId, from, to, at, cause, scores, position } = change;
  return { customerId, from, to, at, cause, scores, position: position.commit.toString() };
}
