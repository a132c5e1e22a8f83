import { STATE_REDERIVED, TIMER_SCHEDULED } from '@heed/actors';
import { day, featureUsed, session, signedUp } from '../../../libs/domain/src/testing';
import type { ActorKind } from '../src/engine-options';
import { customerKind } from '../src/lifecycle/customer-kind';
import { RederivationPass, rederivationStream } from '../src/upgrade/rederivation-pass';
import { EngineHarness, forCustomer, newCustomer } from './engine-harness';

/** The customer lifecycle under another version number: what a deploy of a new machine looks like. */
const nextVersion = (version: string): ActorKind => {
  const kind = customerKind();
  return { ...kind, definition: { ...kind.definition, version } };
};

describe('engine: the eager re-derivation pass of a new machine version', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
  });
  afterAll(() => h.stop());

  it('re-derives every customer once, emits no command, and a later start finds it done', async () => {
    // Given customers whose outputs the deployed version wrote
    const deployed = await h.startEngine();
    const customers = ['a', 'b', 'c'].map((label) => newCustomer(`rederive-${label}`));
    for (const id of customers) {
      await h.append(
        ...forCustomer(id, [signedUp(day(0)), featureUsed('reports', day(0, '09:05'), true), ...session(day(2), 30)]),
      );
      await deployed.runtime.state(id);
    }
    const before = new Map<string, number>();
    for (const id of customers) before.set(id, (await h.read(`lifecycle-${id}`)).length);
    await deployed.stop();

    // When an engine of a new version starts with the eager pass (unpaced)
    const version = `next-${customers[0]}`;
    const env = { HEED_ENGINE_REDERIVE: 'eager', HEED_ENGINE_REDERIVE_RATE: '1000000' };
    const upgraded = await h.startEngine(env, nextVersion(version));
    const progress = await upgraded.app.get(RederivationPass).finished();

    // Then it went through every customer and re-derived each, writing nothing but the record
    expect(progress).toMatchObject({ done: true, visited: customers.length, rederived: customers.length });
    for (const id of customers) {
      const added = (await h.read(`lifecycle-${id}`)).slice(before.get(id));
      const types = added.map((e) => e.event?.type);
      expect(types[0]).toBe(STATE_REDERIVED);
      expect(types.slice(1).every((t) => t === TIMER_SCHEDULED)).toBe(true);
      expect(added[0]!.event!.data).toMatchObject({ key: id, toVersion: version });
      expect((added[0]!.event!.data as { fromVersion: string }).fromVersion).not.toBe(version);
    }
    await upgraded.stop();

    // and a replica starting later finds the pass done and re-derives nothing again
    const later = await h.startEngine(env, nextVersion(version));
    expect(await later.app.get(RederivationPass).finished()).toMatchObject({ done: true, rederived: customers.length });
    for (const id of customers) {
      expect((await h.types(`lifecycle-${id}`)).filter((t) => t === STATE_REDERIVED)).toHaveLength(1);
    }
    expect((await h.types(rederivationStream(version))).length).toBeGreaterThan(0);
    await later.stop();
  });
});
