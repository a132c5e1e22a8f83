import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { collect, uniqueStream, useStore } from './store-fixture';

describe('embedded store: connecting with @eventstore/db-client', () => {
  const fixture = useStore();

  it('advertises BatchAppend, so the client appends through it', async () => {
    const supports = (fixture.client as unknown as { supports: (method: unknown) => Promise<boolean> }).supports;
    await expect(supports(StreamsService.batchAppend)).resolves.toBe(true);
    await expect(supports(StreamsService.read)).resolves.toBe(true);
  });

  it('answers gossip as a single leader, so discovery connection strings work', async () => {
    const discovered = EventStoreDBClient.connectionString(
      `esdb+discover://127.0.0.1:${fixture.store.port}?tls=false&nodePreference=leader`,
    );
    try {
      const stream = uniqueStream('found');
      await discovered.appendToStream(stream, jsonEvent({ type: 'Found', data: {} }));
      const events = await collect(discovered.readStream(stream));
      expect(events.map((e) => e.event?.type)).toEqual(['Found']);
    } finally {
      await discovered.dispose();
    }
  });
});
