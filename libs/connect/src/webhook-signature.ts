import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header every signed request carries: `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`. */
export const SIGNATURE_HEADER = 'Heed-Signature';

/** Why a signature was refused, as a stable code. */
export type SignatureErrorCode =
  'SIGNATURE_MISSING' | 'SIGNATURE_MALFORMED' | 'SIGNATURE_MISMATCH' | 'SIGNATURE_TIMESTAMP_OUT_OF_TOLERANCE';

/** A request whose `Heed-Signature` does not prove it came from Heed, recently. */
export class SignatureError extends Error {
  constructor(
    readonly code: SignatureErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SignatureError';
  }
}

const digest = (secret: string, timestamp: number, body: string): string =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');

/**
 * The `Heed-Signature` value of a request body: HMAC-SHA256 over `<timestamp>.<body>` with each
 * secret (one `v1=` per secret, so that receivers on the old or the new secret both accept during a
 * rotation).
 */
export function signPayload(body: string, secrets: readonly string[], timestampSeconds: number): string {
  if (secrets.length === 0) throw new Error('signPayload: expected at least one secret');
  return [`t=${timestampSeconds}`, ...secrets.map((s) => `v1=${digest(s, timestampSeconds, body)}`)].join(',');
}

export interface VerifyOptions {
  /** The raw `Heed-Signature` header value. */
  readonly header: string | undefined | null;
  /** The raw request body, exactly as received (before any JSON parsing). */
  readonly body: string | Buffer;
  /** Secrets the receiver accepts: the current one and, during a rotation, the previous one. */
  readonly secrets: readonly string[];
  /** Largest accepted age (and clock skew) of the timestamp, in seconds. Default 300. */
  readonly toleranceSeconds?: number;
  /** The receiver's clock in ms since the epoch. Default `Date.now()`. */
  readonly now?: number;
}

/**
 * Verifies a request Heed signed. Returns the signed timestamp (unix seconds) when one `v1`
 * signature matches one of `secrets` and the timestamp is within the tolerance; throws a
 * {@link SignatureError} otherwise. Comparison is constant-time.
 *
 * @example
 * verifyHeedSignature({ header: req.headers['heed-signature'], body: rawBody, secrets: [process.env.HEED_SECRET!] });
 */
export function verifyHeedSignature(options: VerifyOptions): number {
  const { header, secrets } = options;
  if (header === undefined || header === null || header === '')
    throw new SignatureError('SIGNATURE_MISSING', `${SIGNATURE_HEADER}: expected a signature header, got none`);
  if (secrets.length === 0) throw new Error('verifyHeedSignature: expected at least one secret');
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === undefined || signatures.length === 0)
    throw new SignatureError(
      'SIGNATURE_MALFORMED',
      `${SIGNATURE_HEADER}: expected "t=<unix seconds>,v1=<64 hex digits>", got ${JSON.stringify(header.slice(0, 200))}`,
    );
  const tolerance = options.toleranceSeconds ?? 300;
  const nowSeconds = Math.floor((options.now ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - timestamp) > tolerance)
    throw new SignatureError(
      'SIGNATURE_TIMESTAMP_OUT_OF_TOLERANCE',
      `${SIGNATURE_HEADER}: timestamp ${timestamp} is ${nowSeconds - timestamp} s from now; expected within ${tolerance} s`,
    );
  const body = typeof options.body === 'string' ? options.body : options.body.toString('utf8');
  for (const secret of secrets) {
    const expected = Buffer.from(digest(secret, timestamp, body), 'hex');
    if (signatures.some((s) => timingSafeEqual(s, expected))) return timestamp;
  }
  throw new SignatureError(
    'SIGNATURE_MISMATCH',
    `${SIGNATURE_HEADER}: no v1 signature matches the body with any accepted secret`,
  );
}
