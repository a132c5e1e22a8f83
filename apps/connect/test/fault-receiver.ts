import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';

/** What the receiver did with one request. */
export type Fault = 'ok' | 'error-500' | 'timeout' | 'slow' | 'rate-limited';

export interface Receipt {
  readonly path: string;
  readonly key: string;
  readonly type: string;
  readonly customerId: string;
  readonly revision: number;
  readonly fault: Fault;
  /** The status answered, or null when the request was left unanswered (a timeout). */
  readonly status: number | null;
  /** The answer was fully sent (a sender that gave up before it never got it). */
  answered: boolean;
  readonly signature: string | undefined;
  readonly body: string;
  /** When it arrived (ms since the epoch): a signature is checked against its arrival. */
  readonly receivedAt: number;
}

export interface FaultPlan {
  /** Chance of each fault per request (the rest answers 200). */
  readonly error500?: number;
  readonly timeout?: number;
  readonly slow?: number;
  readonly rateLimited?: number;
  /** How long a slow answer takes (kept under the sender's timeout). */
  readonly slowMs?: number;
  /** `Retry-After` of a 429, in seconds. */
  readonly retryAfterSeconds?: number;
  /** Idempotency keys answered 500 every time. */
  readonly alwaysFail?: ReadonlySet<string>;
}

/** A seeded generator, so that a run's faults are the same every time. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A local HTTP receiver that injects faults: random 500s, requests never answered, slow answers
 * and 429 with `Retry-After`. It records every request it got.
 */
export class FaultReceiver extends EventEmitter {
  readonly receipts: Receipt[] = [];
  private readonly held = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    public plan: FaultPlan,
    private readonly random: () => number,
  ) {
    super();
  }

  static async start(plan: FaultPlan, seed = 1): Promise<FaultReceiver> {
    const holder: { receiver?: FaultReceiver } = {};
    const server = createServer((req, res) => void holder.receiver!.handle(req, res));
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.receiver = new FaultReceiver(server, `http://127.0.0.1:${port}`, plan, seeded(seed));
    return holder.receiver;
  }

  /** Keys answered 2xx at least once (the answer sent in full), by path. */
  delivered(path: string): Set<string> {
    return new Set(this.receipts.filter((r) => r.path === path && r.status === 200 && r.answered).map((r) => r.key));
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pick(key: string): Fault {
    const p = this.plan;
    if (p.alwaysFail?.has(key)) return 'error-500';
    const r = this.random();
    let edge = 0;
    for (const [fault, chance] of [
      ['error-500', p.error500],
      ['timeout', p.timeout],
      ['slow', p.slow],
      ['rate-limited', p.rateLimited],
    ] as const) {
      edge += chance ?? 0;
      if (r < edge) return fault;
    }
    return 'ok';
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const key = String(req.headers['idempotency-key'] ?? '');
    const parsed = JSON.parse(body) as { type: string; customerId: string; revision: string };
    const fault = this.pick(key);
    const status =
      fault === 'ok' || fault === 'slow' ? 200 : fault === 'error-500' ? 500 : fault === 'rate-limited' ? 429 : null;
    const receipt: Receipt = {
      path: req.url ?? '',
      key,
      type: parsed.type,
      customerId: parsed.customerId,
      revision: Number(parsed.revision),
      fault,
      status,
      answered: false,
      signature: req.headers['heed-signature'] as string | undefined,
      body,
      receivedAt: Date.now(),
    };
    this.receipts.push(receipt);
    res.on('finish', () => (receipt.answered = true));
    this.emit('receipt', receipt);
    switch (fault) {
      case 'ok':
        res.end('ok');
        return;
      case 'slow':
        setTimeout(() => res.end('ok'), this.plan.slowMs ?? 20);
        return;
      case 'error-500':
        res.writeHead(500).end('injected failure');
        return;
      case 'rate-limited':
        res.writeHead(429, { 'Retry-After': String(this.plan.retryAfterSeconds ?? 0) }).end();
        return;
      case 'timeout':
        // Never answered: the sender's timeout cuts it off; the socket is dropped at stop.
        this.held.add(res);
        res.on('close', () => this.held.delete(res));
        return;
    }
  }
}
