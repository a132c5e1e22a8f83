import { ServiceUnavailableException } from '@nestjs/common';
import type { EngineStatus } from './engine-status';
import { HealthController } from './health.controller';
import type { LagSample } from './subscription-lag';

const status = (subscription: string, lag: LagSample | Error, readyMaxLag = 100): EngineStatus => ({
  subscription: () => subscription,
  lag: () => (lag instanceof Error ? Promise.reject(lag) : Promise.resolve(lag)),
  readyMaxLag,
});

const refusal = async (controller: HealthController): Promise<unknown> => {
  const error = await controller.ready().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceUnavailableException);
  return (error as ServiceUnavailableException).getResponse();
};

describe('engine readiness', () => {
  it('is ready when subscribed and at most HEED_ENGINE_READY_MAX_LAG events behind', async () => {
    const ready = await new HealthController(status('connected', { events: 100, seconds: 2, parked: 0 })).ready();
    expect(ready).toEqual({
      status: 'ready',
      service: 'engine',
      subscription: 'connected',
      lag: { events: 100, seconds: 2, maxEvents: 100 },
    });
  });

  it('is not ready while catching up beyond the bound, and says how far behind it is', async () => {
    const controller = new HealthController(status('connected', { events: 101, seconds: 30, parked: 0 }));
    expect(await refusal(controller)).toMatchObject({
      code: 'NOT_READY',
      reason: 'catching up',
      lag: { events: 101, seconds: 30, maxEvents: 100 },
    });
  });

  it('is not ready before it is subscribed, whatever the lag', async () => {
    const controller = new HealthController(status('connecting', { events: 0, seconds: 0, parked: 0 }));
    expect(await refusal(controller)).toMatchObject({ reason: 'not subscribed', subscription: 'connecting' });
  });

  it('is not ready when its lag cannot be measured (the store does not answer)', async () => {
    const controller = new HealthController(status('connected', new Error('UNAVAILABLE: no connection')));
    expect(await refusal(controller)).toMatchObject({ reason: 'lag unknown: UNAVAILABLE: no connection' });
  });
});
