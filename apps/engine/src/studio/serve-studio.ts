import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MachineController } from '../machine/machine.controller';

/**
 * The page's policy: everything from the engine itself (Studio bundles its libraries), nothing
 * inline but styles set by script (the chart libraries size their elements), no framing.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Where `npm run build` puts Studio: `dist/studio` of the checkout (or image) the engine runs from. */
export function defaultStudioDir(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'studio');
}

/**
 * Serves Heed Studio, the built front end: `index.html` at `/`, its bundle under `/assets/`. Both
 * are public, like `/health`: the page holds no key and no data, and every API call it makes needs
 * the key. Without a build (`npm run build`), `/` says so with a 404. Call it before `listen`.
 * The page's first request starts laying the machine's chart out (once per process, on a worker
 * thread), so that it is ready by the time the page, signed in, asks for it.
 */
export async function serveStudio(app: NestFastifyApplication, dir: string = defaultStudioDir()): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    fastify.get('/', async (_request, reply) =>
      reply.code(404).send({
        statusCode: 404,
        code: 'STUDIO_NOT_BUILT',
        message: `Heed Studio is not built (no ${index}): run \`npm run build\` (npm start does), then restart the engine`,
      }),
    );
    return;
  }
  const html = readFileSync(index);
  const machine = app.get(MachineController);
  await app.register(fastifyStatic, { root: join(dir, 'assets'), prefix: '/assets/', index: false });
  fastify.get('/', async (_request, reply) => {
    // A failure is the layout request's to report.
    machine.layOut().catch(() => undefined);
    return reply
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(html);
  });
}
