import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../..');

/** How a service says it is up: the line it prints, and the address in it. */
const READY: Record<ServiceName, RegExp> = {
  store: /^(esdb:\/\/\S+)/,
  ingest: /Heed ingest listening on (http:\/\/\S+)/,
  engine: /Heed engine listening on (http:\/\/\S+)/,
  // Connect has no API: it is up once it serves its metrics (HEED_CONNECT_METRICS_PORT=0).
  connect: /Heed connect metrics: (http:\/\/\S+)\/metrics/,
};

export type ServiceName = 'store' | 'ingest' | 'engine' | 'connect';

/** Longest a service may take to print its ready line (it compiles its sources first). */
const START_TIMEOUT_MS = 60_000;

/** Processes started by the suite and not yet exited, so that a failing run never leaves one behind. */
const living = new Set<ChildProcess>();

/** Kills every process the suite started and that is still running: for a runner that is interrupted. */
export function killEveryProcess(): void {
  for (const child of living) child.kill('SIGKILL');
}
process.once('exit', killEveryProcess);

/**
 * One Heed service as its own operating-system process, as in production: started from its
 * sources (`node -r @swc-node/register apps/<name>/src/main.ts`, so a fresh clone needs no build),
 * killed with SIGKILL, stopped with SIGTERM, paused with SIGSTOP.
 */
export class HeedProcess {
  private exited: Promise<number | null>;
  private output = '';
  /** Whether it was sent SIGSTOP and not SIGCONT since. */
  private paused = false;

  private constructor(
    readonly name: ServiceName,
    readonly child: ChildProcess,
    readonly url: string,
    output: string,
    exited: Promise<number | null>,
  ) {
    this.output = output;
    this.exited = exited;
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  /**
   * Starts `apps/<name>` with `env` on top of this process's environment; resolves once it printed
   * its ready line (its address), rejects with its output when it exits or hangs first.
   */
  static start(
    name: ServiceName,
    env: Record<string, string>,
    entry = `apps/${name}/src/main.ts`,
  ): Promise<HeedProcess> {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', entry], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    living.add(child);
    const exited = new Promise<number | null>((done) =>
      child.once('exit', (code, signal) => {
        living.delete(child);
        done(code ?? (signal === null ? null : -1));
      }),
    );
    let output = '';
    return new Promise<HeedProcess>((ready, fail) => {
      const timeout = setTimeout(() => {
        child.kill('SIGKILL');
        fail(new Error(`${name} did not start within ${START_TIMEOUT_MS} ms:\n${output}`));
      }, START_TIMEOUT_MS);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        for (const line of output.split('\n')) {
          const url = READY[name].exec(line.trim())?.[1];
          if (url === undefined) continue;
          clearTimeout(timeout);
          child.stdout?.off('data', onData);
          child.stderr?.off('data', onData);
          ready(new HeedProcess(name, child, url, output, exited));
          return;
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      void exited.then((code) => {
        clearTimeout(timeout);
        fail(new Error(`${name} exited with ${code} before it was up:\n${output}`));
      });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Whether the process has not exited. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** What it printed lately (the last 20,000 characters). */
  get log(): string {
    return this.output;
  }

  /** kill -9: no graceful stop, nothing flushed. Resolves once the process is gone. */
  async kill9(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** A graceful stop (SIGTERM); SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 30_000): Promise<number | null> {
    if (!this.running) return this.exited;
    if (this.paused) this.resume();
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGSTOP: the process holds its sockets but answers nothing, like a host that went away. */
  pause(): void {
    this.child.kill('SIGSTOP');
    this.paused = true;
  }

  resume(): void {
    this.child.kill('SIGCONT');
    this.paused = false;
  }

  /** Resident set size in bytes, from /proc (undefined where there is none). */
  rss(): number | undefined {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
      return kb === undefined ? undefined : Number(kb) * 1024;
    } catch {
      return undefined;
    }
  }
}

/** The port of an `esdb://host:port?…` or `http://host:port` address. */
export const portOf = (url: string): number => Number(new URL(url.replace(/^[a-z+]+:/, 'http:')).port);
