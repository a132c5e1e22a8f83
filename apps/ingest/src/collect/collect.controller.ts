import { Body, Controller, HttpCode, Inject, Param, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBasicAuth,
  ApiBearerAuth,
  ApiBody,
  ApiExcludeEndpoint,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { type AuthenticatedRequest, WriteKeyGuard } from '../auth/write-key.guard';
import { BatchRejectedError } from '../errors/batch-rejected.error';
import { IngestError } from '../errors/ingest-error';
import {
  AliasCall,
  BatchCall,
  GroupCall,
  IdentifyCall,
  PageCall,
  ScreenCall,
  TrackCall,
} from '../envelope/segment-call.dto';
import { type CallType, callTypeOf } from '../envelope/read-call';
import { INGEST_OPTIONS, type IngestOptions } from '../ingest.options';
import { IngestMetrics } from '../metrics/ingest-metrics';
import { CollectService, type IncomingCall } from './collect.service';
import type { EventResult } from './event-result';
import { WRITE_KEY_BASIC, WRITE_KEY_BEARER } from '../openapi/openapi';

/** A call that was stored (or already was). */
interface StoredAnswer {
  success: true;
  status: 'accepted' | 'duplicate';
  messageId: string;
  eventId: string;
}

/** Segment-compatible collection endpoints. */
@ApiTags('collect')
@ApiBasicAuth(WRITE_KEY_BASIC)
@ApiBearerAuth(WRITE_KEY_BEARER)
@ApiResponse({ status: 400, description: 'Invalid event: code, problems[].path and what was expected.' })
@ApiResponse({ status: 401, description: 'Missing or unknown write key.' })
@ApiResponse({ status: 413, description: 'Request, event or batch too large.' })
@ApiResponse({ status: 415, description: 'Not JSON (application/json, text/plain), or not gzip, deflate or identity.' })
@ApiResponse({ status: 429, description: 'Overloaded; retry after Retry-After seconds.' })
@ApiResponse({ status: 503, description: 'Event store unavailable; retry after Retry-After seconds.' })
@Controller('v1')
@UseGuards(WriteKeyGuard)
export class CollectController {
  constructor(
    @Inject(CollectService) private readonly collector: CollectService,
    @Inject(INGEST_OPTIONS) private readonly options: IngestOptions,
    @Inject(IngestMetrics) private readonly metrics: IngestMetrics,
  ) {}

  @Post('track')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record something a customer did (a catalog event).' })
  @ApiBody({ type: TrackCall })
  @ApiResponse({ status: 200, description: 'Durably appended, or already there (status "duplicate").' })
  @ApiResponse({ status: 409, description: 'messageId already used for another payload.' })
  track(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<StoredAnswer> {
    return this.one('track', body, request);
  }

  @Post('identify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Say who a customer is; links an anonymousId to the userId.' })
  @ApiBody({ type: IdentifyCall })
  identify(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<StoredAnswer> {
    return this.one('identify', body, request);
  }

  @Post('page')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record a page view (the catalog signal "Page Viewed").' })
  @ApiBody({ type: PageCall })
  page(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<StoredAnswer> {
    return this.one('page', body, request);
  }

  @Post('screen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record an app screen view (the catalog signal "Screen Viewed").' })
  @ApiBody({ type: ScreenCall })
  screen(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<StoredAnswer> {
    return this.one('screen', body, request);
  }

  @Post('group')
  @HttpCode(200)
  @ApiOperation({ summary: 'Put the customer in a group (account) with its traits ("Group Identified").' })
  @ApiBody({ type: GroupCall })
  group(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<StoredAnswer> {
    return this.one('group', body, request);
  }

  @Post('alias')
  @HttpCode(200)
  @ApiOperation({ summary: 'Link an earlier id (previousId) to the customer (userId).' })
  @ApiBody({ type: AliasCall })
  alias(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<StoredAnswer> {
    return this.one('alias', body, request);
  }

  @Post('batch')
  @HttpCode(200)
  @ApiOperation({ summary: 'Several calls of any type; answers per call.' })
  @ApiBody({ type: BatchCall })
  async batch(
    @Body() body: unknown,
    @Req() request: AuthenticatedRequest,
  ): Promise<{ success: true; results: EventResult[] }> {
    const { batch, context } = asRecord(body);
    if (!Array.isArray(batch)) throw IngestError.at('INVALID_EVENT', 'body.batch', 'expected a list of calls');
    if (batch.length > this.options.config.maxBatchEvents) {
      throw IngestError.at(
        'BATCH_TOO_LARGE',
        'body.batch',
        `expected at most ${this.options.config.maxBatchEvents} calls, got ${batch.length}`,
      );
    }
    const shared = typeof context === 'object' && context !== null && !Array.isArray(context) ? context : undefined;
    const calls: IncomingCall[] = [];
    const early: EventResult[] = [];
    for (const [index, item] of batch.entries()) {
      const at = `body.batch[${index}]`;
      try {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) {
          throw IngestError.at('INVALID_EVENT', at, 'expected a call object');
        }
        const raw = item as Record<string, unknown>;
        const merged = shared === undefined ? raw : { ...raw, context: { ...shared, ...asRecord(raw['context']) } };
        calls.push({ type: callTypeOf(raw, at), raw: merged, at });
      } catch (error) {
        if (!(error instanceof IngestError)) throw error;
        early.push({ index, status: 'rejected', code: error.code, message: error.message, problems: error.problems });
      }
    }
    const collected = await this.collector.collect(calls, request.writeKey!, request.id);
    // collect() numbers the calls it was given; put them back at their place in the batch.
    const results: EventResult[] = new Array<EventResult>(batch.length);
    for (const e of early) results[e.index] = e;
    let next = 0;
    for (const r of collected) {
      while (results[next] !== undefined) next++;
      results[next] = { ...r, index: next };
    }
    this.metrics.countResults(results);
    const refused = results.filter((r) => r.status === 'rejected');
    if (refused.length > 0) throw new BatchRejectedError(refused.length, results);
    return { success: true, results };
  }

  /**
   * Segment's one-letter paths (`/v1/t`, `/v1/i`, `/v1/p`, `/v1/s`, `/v1/g`, `/v1/a`, `/v1/b`), which
   * analytics.js posts to: the same calls, left out of the OpenAPI document. Other paths stay 404.
   */
  @Post(':short(^[tipsgab]$)')
  @HttpCode(200)
  @ApiExcludeEndpoint()
  short(
    @Param('short') short: string,
    @Body() body: unknown,
    @Req() request: AuthenticatedRequest,
  ): Promise<StoredAnswer | { success: true; results: EventResult[] }> {
    const type = SHORT_PATHS[short];
    if (type === undefined) throw new IngestError('NOT_FOUND', `no endpoint /v1/${short}`);
    return type === 'batch' ? this.batch(body, request) : this.one(type, body, request);
  }

  private async one(type: CallType, body: unknown, request: AuthenticatedRequest): Promise<StoredAnswer> {
    const [result] = await this.collector.collect(
      [{ type, raw: asRecord(body), at: 'body' }],
      request.writeKey!,
      request.id,
    );
    if (result === undefined) throw new Error('no result for the call');
    this.metrics.countResults([result]);
    if (result.status === 'rejected') throw new IngestError(result.code, result.message, result.problems);
    return { success: true, status: result.status, messageId: result.messageId, eventId: result.eventId };
  }
}

const SHORT_PATHS: Readonly<Record<string, CallType | 'batch'>> = {
  t: 'track',
  i: 'identify',
  p: 'page',
  s: 'screen',
  g: 'group',
  a: 'alias',
  b: 'batch',
};

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
