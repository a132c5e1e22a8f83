// Runs @kurrent/kurrentdb-client scenarios in a worker thread. The client and the store each ship
// google-protobuf code generated for the same `event_store.client` package, which registers its
// classes in one global namespace: in one thread the two sets overwrite each other. A worker has
// its own globals, as a separate process would.
const { parentPort, workerData } = require('node:worker_threads');
const {
  BACKWARDS,
  END,
  jsonEvent,
  KurrentDBClient,
  NO_STREAM,
  PARK,
  persistentSubscriptionToStreamSettingsFromDefaults,
  START,
} = require('@kurrent/kurrentdb-client');

const client = KurrentDBClient.connectionString(workerData.connectionString);
const happened = (n) => jsonEvent({ type: 'Happened', data: { n } });
const collect = async (iterable) => {
  const events = [];
  for await (const event of iterable) events.push(event);
  return events;
};
const view = (resolved) => ({
  streamId: resolved.event?.streamId,
  revision: String(resolved.event?.revision),
  data: resolved.event?.data,
  commit: resolved.event?.position ? String(resolved.event.position.commit) : undefined,
});
const errorName = (error) => ({ error: error?.constructor?.name ?? String(error), message: String(error?.message) });

const scenarios = {
  async appendAndRead({ stream }) {
    const appended = await client.appendToStream(stream, [happened(1), happened(2), happened(3)]);
    const forwards = await collect(client.readStream(stream));
    const backwards = await collect(
      client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 2 }),
    );
    return {
      nextExpectedRevision: String(appended.nextExpectedRevision),
      commit: String(appended.position?.commit),
      forwards: forwards.map(view),
      backwards: backwards.map(view),
    };
  },
  async wrongExpectedRevision({ stream }) {
    await client.appendToStream(stream, happened(1));
    const refused = await client.appendToStream(stream, happened(2), { streamState: NO_STREAM }).catch(errorName);
    const next = await client.appendToStream(stream, happened(2), { streamState: 0n });
    return { refused, next: String(next.nextExpectedRevision) };
  },
  async readMissing({ stream }) {
    return collect(client.readStream(stream)).then(() => ({ error: 'none' }), errorName);
  },
  async readAll({ stream }) {
    await client.appendToStream(stream, happened(1));
    const all = await collect(client.readAll({ fromPosition: START, maxCount: 100_000 }));
    return { first: view(all[0]), ours: all.filter((e) => e.event?.streamId === stream).map(view) };
  },
  async catchUp({ stream }) {
    await client.appendToStream(stream, [happened(1), happened(2)]);
    const subscription = client.subscribeToStream(stream, { fromRevision: START });
    const seen = [];
    for await (const resolved of subscription) {
      seen.push(resolved.event.data.n);
      if (seen.length === 2) await client.appendToStream(stream, happened(3));
      if (seen.length === 3) break;
    }
    await subscription.unsubscribe();
    return seen;
  },
  async persistent({ stream, group }) {
    await client.createPersistentSubscriptionToStream(
      stream,
      group,
      persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START }),
    );
    await client.appendToStream(stream, [happened(1), happened(2)]);
    const subscription = client.subscribeToPersistentSubscriptionToStream(stream, group);
    const seen = [];
    for await (const resolved of subscription) {
      seen.push(resolved.event.data.n);
      if (resolved.event.data.n === 1) await subscription.ack(resolved);
      else await subscription.nack(PARK, 'not today', resolved);
      if (seen.length === 2) break;
    }
    await subscription.unsubscribe();
    // A nack is sent without an answer: wait for the parked event to be written, then read the stream.
    const parkedStream = `$persistentsubscription-${stream}::${group}-parked`;
    const watch = client.subscribeToStream(parkedStream, { fromRevision: START });
    for await (const _ of watch) break;
    await watch.unsubscribe();
    const parked = await collect(client.readStream(parkedStream));
    const info = await client.getPersistentSubscriptionToStreamInfo(stream, group);
    return { seen, parked: parked.length, parkedMessageCount: String(info.stats.parkedMessageCount) };
  },
};

parentPort.on('message', async ({ id, scenario, args }) => {
  if (scenario === 'dispose') {
    await client.dispose();
    parentPort.postMessage({ id, result: null });
    return;
  }
  try {
    parentPort.postMessage({ id, result: await scenarios[scenario](args) });
  } catch (error) {
    parentPort.postMessage({ id, failure: String(error?.stack ?? error) });
  }
});
