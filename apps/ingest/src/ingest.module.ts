import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { WriteKeyGuard } from './auth/write-key.guard';
import { WRITE_KEYS, WriteKeys } from './auth/write-keys';
import { CatalogController } from './catalog/catalog.controller';
import { CollectController } from './collect/collect.controller';
import { CollectService } from './collect/collect.service';
import { domainCatalog } from './envelope/event-catalog';
import { IngestExceptionFilter } from './errors/ingest-exception.filter';
import { HealthController } from './health/health.controller';
import { STORE_PROBE, storeProbe } from './health/store-probe';
import { IdentityLinker } from './identity/identity-linker';
import { INGEST_OPTIONS, type IngestOptions } from './ingest.options';
import { IngestMetrics } from './metrics/ingest-metrics';
import { EventWriter } from './store/event-writer';
import { Registry } from 'prom-client';

/**
 * The ingest service. `IngestModule` alone serves only `/health`; `IngestModule.forRoot(...)` is the
 * collection API, built from its configuration and a store client (see `createIngestApp`, which
 * also installs the body parser, the in-flight limit and the OpenAPI document).
 */
@Module({ controllers: [HealthController] })
export class IngestModule {
  static forRoot(options: IngestOptions): DynamicModule {
    const { config, client } = options;
    const catalog = options.catalog ?? domainCatalog();
    const metrics = new IngestMetrics(options.metrics ?? new Registry());
    const store = {
      client,
      timeoutMs: config.storeTimeoutMs,
      retryAfterSeconds: config.retryAfterSeconds,
      observe: metrics.observeStoreCall.bind(metrics),
    };
    return {
      module: IngestModule,
      controllers: [CollectController, CatalogController],
      providers: [
        { provide: INGEST_OPTIONS, useValue: options },
        { provide: IngestMetrics, useValue: metrics },
        {
          provide: STORE_PROBE,
          useValue: {
            probe: storeProbe(client, Math.min(config.storeTimeoutMs, 2000)),
            retryAfterSeconds: config.retryAfterSeconds,
          },
        },
        { provide: WRITE_KEYS, useValue: new WriteKeys(config.writeKeys) },
        WriteKeyGuard,
        {
          provide: CollectService,
          useFactory: () => {
            const policy = {
              catalog,
              unknownEvents: config.unknownEvents,
              maxFutureMs: config.maxFutureMs,
              maxEventBytes: config.maxEventBytes,
            };
            return new CollectService(policy, new EventWriter(store), new IdentityLinker(store), options.clock);
          },
        },
        { provide: APP_FILTER, useClass: IngestExceptionFilter },
      ],
    };
  }
}
