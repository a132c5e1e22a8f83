import { BACKWARDS, END, jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';
import type { CustomerSignal } from '@heed/domain';
import { customerStream } from '@heed/event-store';
import { ReplayError, type WhatIfReport } from '@heed/replay';
import type { SimulatedCustomer } from '@heed/simulator';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { day, featureUsed, session, signedUp, viewedPage } from '../../../libs/domain/src/testing';
import { useStore } from '../../../libs/embedded-store/test/store-fixture';
import { runWhatIf, type WhatIfOptions } from '../src/whatif/run-whatif';
import { runWhatIfCommand } from '../src/whatif/whatif-command';

const fixture = useStore();
const dir = mkdtempSync(join(tmpdir(), 'heed-whatif-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

/** Appends signals to their customer's stream, as ingest stores them. */
async function store(client: EventStoreDBClient, signals: readonly CustomerSignal[]): Promise<void> {
  for (const s of signals)
    await client.appendToStream(
      customerStream(s.customerId),
      jsonEvent({
        type: s.type,
        data: { customerId: s.customerId, occurredAt: s.occurredAt, version: s.version, properties: s.properties },
      }),
    );
}

/** Short sessions after a good first day, then a pricing page: churn points reach 17, short of 62. */
const fading = (customerId: string): CustomerSignal[] => [
  signedUp(day(0), {}, { customerId }),
  featureUsed('reports', day(0, '09:05'), true, { customerId }),
  ...session(day(8), 60, { customerId }),
  ...session(day(9), 45, { customerId }),
  ...session(day(10), 90, { customerId }),
  viewedPage('https://app.example.com/pricing', day(11, '10:00'), { customerId }),
];

/** Long sessions with the core feature every day: never at risk. */
const steady = (customerId: string): CustomerSignal[] =>
  Array.from({ length: 12 }, (_, d) => [
    ...session(day(d), 1_800, { customerId }),
    featureUsed('projects', day(d, '09:10'), true, { customerId }),
  ]).flat();

const lowerThreshold = () => file(`at-risk-15-${randomUUID()}.json`, { atRiskScore: 15 });
const options = (overrides: Partial<WhatIfOptions>): WhatIfOptions => ({
  customers: { kind: 'all' },
  storeUrl: fixture.store.connectionString,
  workers: 0,
  to: day(14),
  ...overrides,
});
const withoutRun = ({ run: _run, ...report }: WhatIfReport) => report;

const allHead = async (client: EventStoreDBClient): Promise<string> => {
  let head = 'empty';
  // Read to the end of the call (one event) rather than leaving it open.
  for await (const e of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }))
    head = `${e.event?.position?.commit}`;
  return head;
};

describe('npm run whatif', () => {
  const run = randomUUID().slice(0, 8);
  const fadingId = `wi-${run}-fading`;
  const steadyId = `wi-${run}-steady`;
  // A few more customers, for the pool to share out.
  const others = Array.from({ length: 6 }, (_, i) => `wi-${run}-other-${i}`);

  beforeAll(async () => {
    await store(fixture.client, fading(fadingId));
    await store(fixture.client, steady(steadyId));
    for (const [i, id] of others.entries()) await store(fixture.client, i % 2 === 0 ? fading(id) : steady(id));
  });

  it('a lower at-risk threshold gains the flag on the fading customer, first diverging on its third short session', async () => {
    const report = await runWhatIf(
      options({ changeFile: lowerThreshold(), customers: { kind: 'ids', ids: [steadyId, fadingId] } }),
    );
    expect(report.summary.customers).toBe(2);
    expect(report.summary.differingCustomers).toEqual([fadingId]);
    expect(report.summary.flags).toEqual([
      expect.objectContaining({
        flag: 'engagement.at-risk',
        customers: { current: 0, changed: 1 },
        gained: 1,
        lost: 0,
      }),
    ]);
    const commands = Object.fromEntries(report.summary.commands.map((c) => [c.type, c]));
    expect(commands['FlagAccountForSuccessTeamRequested']).toMatchObject({ added: 1, customersAdded: 1 });
    expect(commands['ReEngagementEmailRequested']).toMatchObject({ added: 1 });
    const gained = report.summary.examples.find((e) => e.kind === 'flag-gained');
    expect(gained?.customerId).toBe(fadingId);
    expect(gained?.firstDivergence?.input).toMatchObject({
      revision: 7,
      type: 'SessionEnded',
      at: '2026-03-12T09:01:30.000Z',
    });
  });

  it('folds a machine module as the changed side: the lifecycle module with the change decides as the change', async () => {
    const change = lowerThreshold();
    const customers = { kind: 'ids', ids: [fadingId, steadyId] } as const;
    const bySettings = await runWhatIf(options({ changeFile: change, customers }));
    const byModule = await runWhatIf(
      options({ changeFile: change, machine: 'libs/domain/src/lifecycle/lifecycle.machine.ts', customers }),
    );
    expect(byModule.change.changed.machine).toMatch(/libs\/domain\/src\/lifecycle\/lifecycle\.machine\.ts$/);
    expect(byModule.summary).toEqual(bySettings.summary);
    await expect(runWhatIf(options({ machine: 'nowhere/machine.ts', customers }))).rejects.toThrow(
      '--machine nowhere/machine.ts: no such module',
    );
  });

  it('writes nothing to the store', async () => {
    const before = await allHead(fixture.client);
    await runWhatIf(options({ changeFile: lowerThreshold(), to: undefined }));
    await runWhatIf(options({ changeFile: lowerThreshold(), customers: { kind: 'ids', ids: [fadingId, 'nobody'] } }));
    expect(await allHead(fixture.client)).toBe(before);
  });

  it('refuses a bad change file, naming the setting', async () => {
    await expect(runWhatIf(options({ changeFile: file('typo.json', { atRiskScroe: 15 }) }))).rejects.toThrow(
      new ReplayError(
        'INVALID_CHANGE',
        `${join(dir, 'typo.json')}: atRiskScroe: not a setting; did you mean atRiskScore?`,
      ),
    );
    await expect(runWhatIf(options({ changeFile: file('type.json', { atRiskScore: 'low' }) }))).rejects.toThrow(
      'atRiskScore: expected a number, got "low"',
    );
    await expect(runWhatIf(options({ changeFile: file('broken.json', '{ "atRiskScore": ') }))).rejects.toThrow(
      /broken\.json: not valid JSON/,
    );
    await expect(runWhatIf(options({}))).rejects.toThrow('nothing to compare');
  });

  it('workers give the same report as one thread', async () => {
    const ids = [fadingId, steadyId, ...others];
    const change = lowerThreshold();
    const alone = await runWhatIf(options({ changeFile: change, customers: { kind: 'ids', ids }, batchSize: 2 }));
    const pooled = await runWhatIf(
      options({ changeFile: change, customers: { kind: 'ids', ids }, workers: 2, batchSize: 2 }),
    );
    expect(pooled.run.workers).toBe(2);
    expect(withoutRun(pooled)).toEqual(withoutRun(alone));
    expect(alone.summary.decisionsDiffer).toBe(4);
  }, 60_000);

  it('draws the same sample with the same seed, and a horizon from the store', async () => {
    const draw = () =>
      runWhatIf(
        options({ changeFile: lowerThreshold(), customers: { kind: 'sample', size: 3, seed: 5 }, to: undefined }),
      );
    const [a, b] = [await draw(), await draw()];
    expect(a.summary.customers).toBe(3);
    expect(a.selection).toMatchObject({ customers: 'sample', sample: 3, seed: 5 });
    expect(withoutRun(b).summary).toEqual(withoutRun(a).summary);
    expect(a.window.toFrom).toBe('store');
  });

  it('measures precision, recall and lead time against ground truth before and after', async () => {
    const truth: SimulatedCustomer[] = [
      {
        customerId: fadingId,
        truth: {
          kind: 'saas',
          persona: 'fading',
          subscriptionId: 'sub-1',
          churnsAt: day(20),
          signedUpAt: day(0),
          habit: {
            activeDay: 0.8,
            weekendDay: 0.2,
            sessionMinutes: 20,
            coreShare: 0.7,
            shortShare: 0.1,
            pricingPerDay: 0,
            ticketPerDay: 0,
          },
          fade: { startsAt: day(7), floor: 0.1 },
          lull: null,
          season: null,
        },
      },
    ];
    const truthFile = file('truth.ndjson', truth.map((c) => JSON.stringify(c)).join('\n'));
    const report = await runWhatIf(
      options({ changeFile: lowerThreshold(), truthFile, customers: { kind: 'ids', ids: [fadingId, steadyId] } }),
    );
    expect(report.quality?.customers).toBe(1);
    const recall = report.quality?.figures.find((f) => f.name === 'churn recall');
    expect(recall).toEqual({ name: 'churn recall', unit: 'ratio', current: 0, changed: 1 });
    const lead = report.quality?.figures.find((f) => f.name === 'churn lead time (median)');
    // Flagged on day 10 at 09:01, cancels on day 20 at 09:00.
    expect(lead?.changed).toBeCloseTo(10, 1);
  });

  it('writes a JSON report of the documented shape from the command line', async () => {
    const out = join(dir, 'report.json');
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await runWhatIfCommand([
        'node',
        'whatif',
        '--change',
        lowerThreshold(),
        '--customers',
        `${fadingId},${steadyId}`,
        '--to',
        day(14),
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
    } finally {
      logged.mockRestore();
    }
    const report = JSON.parse(readFileSync(out, 'utf8')) as WhatIfReport;
    expect(Object.keys(report)).toEqual(['format', 'change', 'window', 'selection', 'summary', 'quality', 'run']);
    expect(report).toMatchObject({
      format: 'heed-whatif/1',
      change: {
        current: { machine: 'lifecycle', version: expect.any(String) as string },
        changed: { machine: 'lifecycle' },
        settings: [{ setting: 'atRiskScore', current: 62, changed: 15 }],
      },
      window: { from: null, to: day(14), toFrom: 'option', inputsAfterTo: 'skipped' },
      selection: { customers: 'ids', available: null, sample: null, seed: null, missing: [] },
      quality: null,
      run: { workers: 0, seconds: expect.any(Number) as number, inputsPerSecond: expect.any(Number) as number },
    });
    expect(Object.keys(report.summary)).toEqual([
      'customers',
      'inputs',
      'decisionsDiffer',
      'finalStateDiffers',
      'differingCustomers',
      'flags',
      'commands',
      'examples',
    ]);
    expect(report.summary.examples[0]).toMatchObject({
      kind: 'flag-gained',
      customerId: fadingId,
      what: expect.stringContaining('engagement.at-risk') as string,
      firstDivergence: { input: { type: 'SessionEnded' }, current: [], changed: expect.any(Array) as unknown[] },
    });
  });
});
