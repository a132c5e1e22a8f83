/**
 * Parses the text forms of a GUID that EventStoreDB's server accepts for an id sent as a string
 * (it parses with .NET's `Guid.Parse`), and returns the canonical lower-case hyphenated form.
 *
 * Accepted, case-insensitive, with surrounding whitespace ignored:
 * - `N` 32 hex digits: `00000000000000000000000000000000`
 * - `D` hyphenated: `00000000-0000-0000-0000-000000000000`
 * - `B` hyphenated in braces, `P` hyphenated in parentheses
 * - `X` hexadecimal parts: `{0x00000000,0x0000,0x0000,{0x00,0x00,0x00,0x00,0x00,0x00,0x00,0x00}}`
 *
 * @returns undefined when `text` is none of these.
 */
export function parseGuid(text: string): string | undefined {
  // What clients send (and what this returns): one test instead of parsing it apart.
  if (CANONICAL.test(text)) return text;
  const trimmed = text.trim();
  const hex = digitsOf(trimmed);
  if (hex === undefined) return undefined;
  const lower = hex.toLowerCase();
  return `${lower.slice(0, 8)}-${lower.slice(8, 12)}-${lower.slice(12, 16)}-${lower.slice(16, 20)}-${lower.slice(20)}`;
}

const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const N = /^[0-9a-f]{32}$/i;
const D = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i;
const X_PART = (maxDigits: number): string => `0x([0-9a-f]{1,${maxDigits}})`;
const X = new RegExp(
  `^\\{${X_PART(8)},${X_PART(4)},${X_PART(4)},\\{${Array.from({ length: 8 }, () => X_PART(2)).join(',')}\\}\\}$`,
  'i',
);

/** The 32 hex digits of a GUID in one of the accepted forms. */
function digitsOf(text: string): string | undefined {
  if (N.test(text)) return text;
  const inner =
    (text.startsWith('{') && text.endsWith('}')) || (text.startsWith('(') && text.endsWith(')'))
      ? text.slice(1, -1)
      : text;
  const hyphenated = D.exec(inner);
  if (hyphenated !== null) return hyphenated.slice(1).join('');
  // The X form tolerates whitespace between its parts.
  const x = X.exec(text.replace(/\s+/g, ''));
  if (x === null) return undefined;
  const [a = '', b = '', c = '', ...bytes] = x.slice(1);
  return a.padStart(8, '0') + b.padStart(4, '0') + c.padStart(4, '0') + bytes.map((d) => d.padStart(2, '0')).join('');
}
