import { jsonEvent } from '@eventstore/db-client';
import { lifecycleMachineVersion, type CustomerSignal } from '@heed/domain';
import { customerStream } from '@heed/event-store';
import type { WhatIfReport } from '@heed/replay';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { day, featureUsed, session, signedUp, viewedPage } from '../../../libs/domain/src/testing';
import { useStore } from '../../../libs/embedded-store/test/store-fixture';
import { runUpgradeCommand } from '../src/upgrade/upgrade-command';

const fixture = useStore();
const dir = mkdtempSync(join(tmpdir(), 'heed-upgrade-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fading = (customerId: string): CustomerSignal[] => [
  signedUp(day(0), {}, { customerId }),
  featureUsed('reports', day(0, '09:05'), true, { customerId }),
  ...session(day(8), 60, { customerId }),
  ...session(day(9), 45, { customerId }),
  ...session(day(10), 90, { customerId }),
  viewedPage('https://app.example.com/pricing', day(11, '10:00'), { customerId }),
];

describe('npm run upgrade -- --plan', () => {
  const customerId = `up-${randomUUID().slice(0, 8)}`;
  const out = join(dir, 'plan.json');
  const plan = (...args: string[]) =>
    runUpgradeCommand([
      'node',
      'upgrade',
      ...args,
      '--store',
      fixture.store.connectionString,
      '--workers',
      '0',
      '--format',
      'json',
      '--out',
      out,
      '--no-progress',
    ]);

  beforeAll(async () => {
    for (const s of fading(customerId))
      await fixture.client.appendToStream(
        customerStream(s.customerId),
        jsonEvent({
          type: s.type,
          data: { customerId: s.customerId, occurredAt: s.occurredAt, version: s.version, properties: s.properties },
        }),
      );
    // What a version 7 engine left behind: its snapshot of the customer.
    await fixture.client.appendToStream(
      `lifecyclesnapshot-${customerId}`,
      jsonEvent({ type: 'ActorSnapshot', data: { machineVersion: '7', foldVersion: '2', key: customerId } }),
    );
  });

  it('asks for the deployed machine when the snapshots are of another version', async () => {
    await expect(plan('--plan')).rejects.toThrow(
      `the engine's latest snapshots are of machine version 7, this checkout's is ${lifecycleMachineVersion}: give the deployed machine with --deployed <module>`,
    );
    await expect(plan()).rejects.toThrow('only --plan is available');
  });

  it('reports what the new version decides differently, from the deployed one', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await plan('--plan', '--deployed', join(__dirname, 'fixtures', 'deployed-machine.ts'));
    } finally {
      logged.mockRestore();
    }
    const report = JSON.parse(readFileSync(out, 'utf8')) as WhatIfReport;
    expect(report.change.source).toMatch(
      /^upgrade plan, .*deployed-machine\.ts \(deployed: v7 in 1 of the latest snapshots\)/,
    );
    expect(report.change.current.version).toBe('7');
    expect(report.change.changed).toEqual({ machine: 'lifecycle', version: lifecycleMachineVersion });
    expect(report.summary.flags).toEqual([
      expect.objectContaining({ flag: 'engagement.at-risk', customers: { current: 1, changed: 0 }, lost: 1 }),
    ]);
    expect(report.summary.differingCustomers).toEqual([customerId]);
  });
});
