/** Shortest value taken for a secret: anything shorter would blank ordinary words. */
const MIN_SECRET_LENGTH = 8;

/** Credentials that a header value or a URL can carry, whoever configured them. */
const CREDENTIALS = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;

/** Names of variables whose values are secrets (as the configuration errors judge them). */
const SECRET_VARIABLE = /(^|_)(KEYS?|SECRET|PASSWORD|TOKEN|AUTH(ORIZATION)?)(_|$)/i;

export const REDACTED = '[redacted]';

/**
 * Takes secrets out of log text: the configured secret values (write keys, API keys, connect
 * secrets) wherever they appear, and any `Bearer`/`Basic` credentials. Structured fields named like
 * secrets are removed by the logger's `redact` paths; this covers secrets inside messages.
 */
export class Redactor {
  private secrets: string[] = [];

  constructor(secrets: Iterable<string> = []) {
    this.add(secrets);
  }

  /** The secret values of an environment: every variable named like a secret, split at commas. */
  static secretsOf(env: Readonly<Record<string, string | undefined>>): string[] {
    return Object.entries(env)
      .filter(([name, value]) => SECRET_VARIABLE.test(name) && value !== undefined)
      .flatMap(([, value]) => value!.split(','))
      .map((v) => v.trim())
      .flatMap((v) => [v, v.slice(v.indexOf(':') + 1)]);
  }

  /** Adds secrets learnt later (development keys generated at start). */
  add(secrets: Iterable<string>): void {
    const known = new Set(this.secrets);
    for (const s of secrets) if (s.length >= MIN_SECRET_LENGTH) known.add(s);
    // Longest first: a key that contains another is blanked whole.
    this.secrets = [...known].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text.replace(CREDENTIALS, `$1 ${REDACTED}`);
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }
}
