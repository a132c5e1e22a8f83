/**
 * The write key a request presents, in the ways Segment's and RudderStack's SDKs send it:
 * HTTP Basic with the key as user name (password empty), `Authorization: Bearer <key>`, or a
 * `writeKey` field in the JSON body (analytics.js sends `text/plain` bodies that way).
 */
export function presentedWriteKey(authorization: string | undefined, body: unknown): string | undefined {
  if (authorization !== undefined) {
    const [scheme, value] = splitOnce(authorization.trim(), ' ');
    if (value === undefined) return undefined;
    switch (scheme.toLowerCase()) {
      case 'basic': {
        const decoded = Buffer.from(value.trim(), 'base64').toString('utf8');
        const [user] = splitOnce(decoded, ':');
        return user.length > 0 ? user : undefined;
      }
      case 'bearer':
        return value.trim().length > 0 ? value.trim() : undefined;
      default:
        return undefined;
    }
  }
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const key = (body as Record<string, unknown>)['writeKey'];
    if (typeof key === 'string' && key.length > 0) return key;
  }
  return undefined;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + separator.length)];
}
