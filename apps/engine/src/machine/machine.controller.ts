import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { ACTOR_KIND, type ActorKind } from '../engine-options';
import { describeMachine } from './describe-machine';
import type { MachineView } from './machine-view';

@ApiTags('machine')
@ApiBearerAuth()
@ApiUnauthorizedResponse({
  description: '`UNAUTHORIZED`: no `Authorization: Bearer <key>` with a key of HEED_API_KEYS.',
})
@Controller('v1/machine')
@UseGuards(ApiKeyGuard)
export class MachineController {
  /** A machine does not change while it runs: walked once, on start. */
  private readonly view: MachineView;

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
}
