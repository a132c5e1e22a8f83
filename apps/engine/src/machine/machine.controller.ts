import type { MachineLayout, MachineView } from '@heed/statechart';
import { Controller, Get, Inject, Logger, Optional, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiInternalServerErrorResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { ACTOR_KIND, ENGINE_CONFIG, type ActorKind } from '../engine-options';
import type { EngineConfig } from '../engine.config';
import { describeMachine } from './describe-machine';
import { layOutInWorker } from './layout/lay-out-in-worker';
import { layoutCacheFile, readCachedLayout, SHIPPED_LAYOUTS, writeCachedLayout } from './layout/layout-cache';
import { MachineLayoutErrorFilter } from './layout/machine-layout-error.filter';

@ApiTags('machine')
@ApiBearerAuth()
@ApiUnauthorizedResponse({
  description: '`UNAUTHORIZED`: no `Authorization: Bearer <key>` with a key of HEED_API_KEYS.',
})
@Controller('v1/machine')
@UseGuards(ApiKeyGuard)
@UseFilters(MachineLayoutErrorFilter)
export class MachineController {
  /** A machine does not change while it runs: walked once, on start. */
  private readonly view: MachineView;
  /**
   * Its chart: kept in the data directory, or shipped by the build for the default machine, else
   * laid out once, on the first request for it or for Studio's page.
   */
  private layout: Promise<MachineLayout> | undefined;
  /** Where the chart is kept across restarts (the data directory), keyed by what it is made from. */
  private readonly cacheFile: string | undefined;
  /** Where the build keeps its layout of the default machine, under the same key. */
  private readonly shippedFile: string | undefined;
  private readonly logger = new Logger(MachineController.name);

  constructor(@Inject(ACTOR_KIND) kind: ActorKind, @Optional() @Inject(ENGINE_CONFIG) config?: EngineConfig) {
    this.view = describeMachine(kind.definition);
    this.cacheFile = config === undefined ? undefined : layoutCacheFile(config.dataDir, this.view);
    this.shippedFile = layoutCacheFile(SHIPPED_LAYOUTS, this.view);
  }

  @Get()
  @ApiOperation({
    summary: 'The running machine: its states, transitions, guards, actions and version (MachineView).',
  })
  @ApiOkResponse({ description: 'MachineView, see docs/studio-api.md.' })
  get(): MachineView {
    return this.view;
  }

  @Get('layout')
  @ApiOperation({
    summary:
      'The running machine’s statechart laid out by ELK (MachineLayout): a box per state, a route and a label ' +
      'per transition and target, in pixels, for text in the styles it names (Inter, which Heed Studio bundles). ' +
      'The default machine’s layout ships with the build; any other is laid out on a worker thread the first ' +
      'time it is asked for (the request waits, about a second), then kept in the data directory: an engine ' +
      'restarted with the same machine answers at once.',
  })
  @ApiOkResponse({ description: 'MachineLayout, see docs/studio.md.' })
  @ApiInternalServerErrorResponse({ description: '`MACHINE_LAYOUT_FAILED`: the layout failed; ask again to retry.' })
  getLayout(): Promise<MachineLayout> {
    return this.layOut();
  }

  /**
   * The chart: kept in the data directory by an earlier run of the same machine and layout code,
   * else laid out now (and kept). Starts it if it is not there or under way; a failed layout is
   * tried again on the next call.
   */
  layOut(): Promise<MachineLayout> {
    this.layout ??= this.cachedOrLaidOut().catch((error: unknown) => {
      this.layout = undefined;
      throw error;
    });
    return this.layout;
  }

  private async cachedOrLaidOut(): Promise<MachineLayout> {
    // The data directory's, else the build's own when this is the machine it laid out (same code,
    // same configuration): a fresh data directory then does not wait for ELK.
    for (const kept of [this.cacheFile, this.shippedFile]) {
      const layout = kept === undefined ? undefined : await readCachedLayout(kept, this.view);
      if (layout !== undefined) return layout;
    }
    const file = this.cacheFile;
    const layout = await layOutInWorker(this.view);
    // A read-only or full data directory costs the next start a layout, nothing else.
    if (file !== undefined) {
      await writeCachedLayout(file, layout).catch((error: unknown) =>
        this.logger.warn(`The machine's layout was not kept in ${file}: ${(error as Error).message}`),
      );
    }
    return layout;
  }
}
