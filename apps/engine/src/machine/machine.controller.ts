import type { MachineLayout, MachineView } from '@heed/statechart';
import { Controller, Get, Inject, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiInternalServerErrorResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { ACTOR_KIND, type ActorKind } from '../engine-options';
import { describeMachine } from './describe-machine';
import { layOutInWorker } from './layout/lay-out-in-worker';
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
  /** Its chart, laid out once, on the first request for it or for Studio's page. */
  private layout: Promise<MachineLayout> | undefined;

  constructor(@Inject(ACTOR_KIND) kind: ActorKind) {
    this.view = describeMachine(kind.definition);
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
      'Laid out once per engine process, on a worker thread; the first request waits for it (about a second).',
  })
  @ApiOkResponse({ description: 'MachineLayout, see docs/studio.md.' })
  @ApiInternalServerErrorResponse({ description: '`MACHINE_LAYOUT_FAILED`: the layout failed; ask again to retry.' })
  getLayout(): Promise<MachineLayout> {
    return this.layOut();
  }

  /** Starts laying the chart out if no layout is there or under way; a failed one is tried again. */
  layOut(): Promise<MachineLayout> {
    this.layout ??= layOutInWorker(this.view).catch((error: unknown) => {
      this.layout = undefined;
      throw error;
    });
    return this.layout;
  }
}
