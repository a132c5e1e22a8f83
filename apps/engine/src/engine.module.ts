import { Module, type DynamicModule } from '@nestjs/common';
import { ApiKeyGuard } from './auth/api-key.guard';
import { CustomerQuery } from './customers/customer-query';
import { CustomersController } from './customers/customers.controller';
import { IdentityLinks } from './customers/identity-links';
import { TimeTravel } from './customers/time-travel/time-travel';
import { CustomerTimeline } from './customers/timeline/customer-timeline';
import {
  ACTOR_KIND,
  ACTOR_RUNTIME,
  ENGINE_CONFIG,
  STORE_CLIENT,
  WALL_CLOCK,
  type EngineModuleOptions,
} from './engine-options';
import { ENGINE_STATUS, type EngineStatus } from './health/engine-status';
import { HealthController } from './health/health.controller';
import { PassivationService } from './lifecycle/passivation.service';
import { ENGINE_METRICS, type EngineMetrics } from './metrics/engine-metrics';
import { MachineController } from './machine/machine.controller';
import { PopulationController } from './population/population.controller';
import { PopulationProjection } from './population/population-projection';
import { SignalConsumer } from './signals/signal.consumer';
import { StateEntryProjection } from './state-entries/state-entry-projection';
import { TimerWheelService } from './timers/timer-wheel.service';
import { RederivationPass } from './upgrade/rederivation-pass';

/** The engine: consumes signals into actors, fires their timers, answers queries about them. */
@Module({})
export class EngineModule {
  static forRoot(options: EngineModuleOptions & { status: EngineStatus; metrics: EngineMetrics }): DynamicModule {
    return {
      module: EngineModule,
      controllers: [HealthController, MachineController, CustomersController, PopulationController, SignalConsumer],
      providers: [
        { provide: ENGINE_CONFIG, useValue: options.config },
        { provide: STORE_CLIENT, useValue: options.client },
        { provide: ACTOR_KIND, useValue: options.kind },
        { provide: ACTOR_RUNTIME, useValue: options.runtime },
        { provide: ENGINE_STATUS, useValue: options.status },
        { provide: ENGINE_METRICS, useValue: options.metrics },
        { provide: WALL_CLOCK, useValue: options.now ?? (() => Date.now()) },
        ApiKeyGuard,
        CustomerQuery,
        IdentityLinks,
        CustomerTimeline,
        TimeTravel,
        TimerWheelService,
        PassivationService,
        PopulationProjection,
        StateEntryProjection,
        RederivationPass,
      ],
    };
  }
}
