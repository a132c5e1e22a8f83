import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

/** Whether a Docker engine answers here (the CLI alone is not enough). */
const dockerAnswers = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 10_000 }).status === 0;
const docker = (...args: string[]): string => execFileSync('docker', args, { cwd: root, encoding: 'utf8' }).trim();

/** Polls the container's own health check (Docker runs it), until it is healthy or has failed. */
async function healthOf(container: string, deadline: number): Promise<string> {
  for (;;) {
    const status = docker('inspect', '--format', '{{.State.Health.Status}}', container);
    if (status !== 'starting' || Date.now() > deadline) return status;
    await new Promise((next) => setTimeout(next, 1000));
  }
}

const whereDocker = dockerAnswers ? describe : describe.skip;
const why = dockerAnswers ? '' : ' (skipped: no Docker engine answers `docker info` here)';

whereDocker(`the container image${why}`, () => {
  const tag = `heed-test:${randomUUID().slice(0, 8)}`;
  let container: string | undefined;
  beforeAll(() => {
    docker('build', '--tag', tag, '.');
  }, 900_000);
  afterAll(() => {
    if (container !== undefined) spawnSync('docker', ['rm', '--force', container]);
    spawnSync('docker', ['rmi', '--force', tag]);
  });

  it('runs the all-in-one as a non-root user, writes its data volume, answers on its published ports and stops cleanly', async () => {
    container = docker('run', '--detach', '--publish', '127.0.0.1::3000', '--publish', '127.0.0.1::3001', tag);
    expect(await healthOf(container, Date.now() + 120_000)).toBe('healthy');
    expect(docker('exec', container, 'id', '-u')).not.toBe('0');
    expect(docker('exec', container, 'ls', '/data')).toMatch(/development-keys\.json/);
    expect(docker('exec', container, 'ls', '/data')).toMatch(/engine-read-model\.sqlite/);

    const ingest = docker('port', container, '3000').split('\n')[0]!;
    const health = await fetch(`http://${ingest}/health`);
    expect(health.status).toBe(200);

    docker('stop', '--time', '30', container);
    expect(docker('inspect', '--format', '{{.State.ExitCode}}', container)).toBe('0');
  }, 300_000);
});
