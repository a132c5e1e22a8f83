import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** The embedded store running as a process of its own, as in production. */
export interface StoreProcess {
  /** Its connection string, as it prints it. */
  readonly url: string;
  /** Its process id, to read its CPU time from `/proc` (see cpu-time.ts). */
  readonly pid: number;
  /** Stops it (SIGTERM) and resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts `apps/store` on a free port with its data in `dataDir`, for a benchmark: the client's CPU
 * is then not the store's. `env` adds variables (`HEED_STORE_SYNC`…). With `HEED_BENCH_PROFILE_STORE`
 * set to a directory, the store writes a CPU profile there when it stops.
 */
export async function startStoreProcess(
  dataDir: string,
  env: Record<string, string> = {},
  /** The source tree whose store runs (another worktree, to compare two versions); this one by default. */
  cwd?: string,
): Promise<StoreProcess> {
  const profileDir = process.env['HEED_BENCH_PROFILE_STORE'];
  const child = spawn(
    process.execPath,
    [
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      '-r',
      '@swc-node/register',
      'apps/store/src/main.ts',
    ],
    {
      ...(cwd !== undefined && { cwd }),
      env: { ...process.env, ...env, HEED_STORE_PORT: '0', HEED_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    pid: child.pid!,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
