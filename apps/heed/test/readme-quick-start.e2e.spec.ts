import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

/** The shell commands of the README's quick start, in order: its `bash` blocks. */
function quickStartCommands(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = /^## Quick start\n([\s\S]*?)^## /m.exec(readme)?.[1];
  if (section === undefined) throw new Error('README.md has no "## Quick start" section');
  return [...section.matchAll(/^```bash\n([\s\S]*?)^```/gm)].map((m) => m[1]!.trim());
}

/** Runs a shell command in its own process group, so that what it starts is stopped with it. */
function shell(command: string, env: Record<string, string> = {}): ChildProcess {
  return spawn('bash', ['-c', command], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
}

/** Everything a process prints, and a promise of the moment it prints something matching. */
function watch(child: ChildProcess): { output: () => string; until: (pattern: RegExp) => Promise<RegExpExecArray> } {
  let output = '';
  const waiting: Array<{ pattern: RegExp; found: (m: RegExpExecArray) => void }> = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const w of [...waiting]) {
      const match = w.pattern.exec(output);
      if (match !== null) {
        waiting.splice(waiting.indexOf(w), 1);
        w.found(match);
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return {
    output: () => output,
    until: (pattern) =>
      new Promise((found, fail) => {
        const match = pattern.exec(output);
        if (match !== null) return found(match);
        waiting.push({ pattern, found });
        child.once('exit', (code) => fail(new Error(`exited with ${code} before printing ${pattern}:\n${output}`)));
      }),
  };
}

/** Runs a command to its end: what it printed and its exit code. */
function run(command: string): Promise<{ code: number | null; output: string }> {
  const child = shell(command);
  const watched = watch(child);
  return new Promise((done) => child.once('exit', (code) => done({ code, output: watched.output() })));
}

const stopGroup = (child: ChildProcess, signal: NodeJS.Signals): void => {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
};

describe('README quick start, run literally', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'heed-readme-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('has four commands: start, send a signal, read the customer back, subscribe to a command stream', () => {
    const commands = quickStartCommands();
    expect(commands).toHaveLength(4);
    expect(commands[0]).toBe('npm start');
    expect(commands[1]).toMatch(/^curl .*\/v1\/track/);
    expect(commands[2]).toMatch(/^curl .*\/v1\/customers\/ada\b.*Authorization: Bearer/);
    expect(commands[3]).toContain('subscribeToStream("$et-');
  });

  it('starts Heed, takes the signal, shows the customer and delivers her command', async () => {
    const [start, track, read, subscribe] = quickStartCommands() as [string, string, string, string];
    // Its own data directory and free ports, through the variables docs/configuration.md documents.
    const heed = shell(start, {
      HEED_DATA_DIR: dataDir,
      HEED_STORE_PORT: '0',
      HEED_INGEST_PORT: '0',
      HEED_ENGINE_PORT: '0',
    });
    const heedOutput = watch(heed);
    let subscriber: ChildProcess | undefined;
    try {
      // The line a newcomer pastes into a second terminal, as `npm start` printed it.
      const [exportLine] = await heedOutput.until(/^\s*export HEED_INGEST_URL=.*$/m);
      await heedOutput.until(/Press Ctrl\+C to stop\./);
      const inSecondTerminal = (command: string) => `${exportLine.trim()}\n${command}`;

      const sent = await run(inSecondTerminal(track));
      expect(sent.code).toBe(0);
      expect(JSON.parse(sent.output)).toMatchObject({
        success: true,
        status: 'accepted',
        messageId: expect.stringMatching(/^ingest-/) as unknown,
      });

      // The engine takes the signal within milliseconds: read until it has (a person would re-run).
      let customer: { code: number | null; output: string } = { code: null, output: '' };
      const deadline = Date.now() + 30_000;
      while (!customer.output.includes('"customerId":"ada"') && Date.now() < deadline) {
        customer = await run(inSecondTerminal(read));
      }
      expect(customer.code).toBe(0);
      const view = JSON.parse(customer.output) as { summary: { state: { cart: string } } };
      expect(['open', 'abandoned']).toContain(view.summary.state.cart);

      // Studio's chart of the default machine comes with the build (`ship-layout.ts`): the engine
      // answers with it at once, and lays nothing out into its new data directory.
      const layout = await run(
        inSecondTerminal('curl -s "$HEED_ENGINE_URL/v1/machine/layout" -H "Authorization: Bearer $HEED_API_KEY"'),
      );
      expect(JSON.parse(layout.output)).toMatchObject({ machineId: 'customer', states: expect.any(Array) as unknown });
      const kept = readdirSync(dataDir, { recursive: true }).map((name) => basename(String(name)));
      expect(kept.filter((name) => name.startsWith('studio-layout-'))).toEqual([]);

      subscriber = shell(inSecondTerminal(subscribe));
      const delivered = watch(subscriber);
      const [line] = await delivered.until(/^CartRecoveryEmailRequested (.*)$/m);
      const command = JSON.parse(line.slice('CartRecoveryEmailRequested '.length)) as Record<string, unknown>;
      expect(command).toMatchObject({
        customerId: 'ada',
        reasons: ['cart left with 1 item(s) and no checkout for 60 minutes'],
        data: { cartId: 'cart-1', items: [{ product_id: 'espresso-cups', price: 2400, quantity: 1 }] },
      });
      // And the customer read back now shows the abandoned cart the README describes.
      const after = JSON.parse((await run(inSecondTerminal(read))).output) as { summary: { state: { cart: string } } };
      expect(after.summary.state.cart).toBe('abandoned');

      // Ctrl+C in the first terminal: the whole group gets the signal. Its output closes when the
      // last process of the group (Heed itself, after its clean stop) has exited.
      const closed = new Promise((done) => heed.once('close', done));
      stopGroup(heed, 'SIGINT');
      await closed;
      expect(heedOutput.output()).toMatch(/stopped\s*$/);
    } finally {
      if (subscriber !== undefined) stopGroup(subscriber, 'SIGKILL');
      stopGroup(heed, 'SIGKILL');
    }
  }, 300_000);
});
