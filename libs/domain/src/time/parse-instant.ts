/**
 * Milliseconds since the epoch of an ISO-8601 instant, as `Date.parse` gives them.
 *
 * The machine reads times on every signal (its clock, activity, intent windows, velocity), and
 * `Date.parse` is slow for it. Times in stored signals and in the context are in the UTC form that
 * `toISOString` writes (`2026-03-02T09:00:00.000Z`, or without the fraction), so that form is read
 * here digit by digit; any other form, and any field out of its everyday range, is left to
 * `Date.parse`, so the result is always the same as `Date.parse(instant)`.
 */
export function parseInstant(instant: string): number {
  return canonicalInstantMillis(instant) ?? Date.parse(instant);
}

/**
 * The milliseconds of an instant in the `toISOString` UTC form (with or without the fraction) with
 * every field in its everyday range, or `undefined` for any other string.
 */
export function canonicalInstantMillis(instant: string): number | undefined {
  const length = instant.length;
  if (
    (length !== 24 && length !== 20) ||
    instant.charCodeAt(4) !== dash ||
    instant.charCodeAt(7) !== dash ||
    instant.charCodeAt(10) !== letterT ||
    instant.charCodeAt(13) !== colon ||
    instant.charCodeAt(16) !== colon ||
    instant.charCodeAt(length - 1) !== letterZ ||
    (length === 24 && instant.charCodeAt(19) !== dot)
  ) {
    return undefined;
  }
  const year = digits(instant, 0, 4);
  const month = digits(instant, 5, 2);
  const day = digits(instant, 8, 2);
  const hour = digits(instant, 11, 2);
  const minute = digits(instant, 14, 2);
  const second = digits(instant, 17, 2);
  const milli = length === 24 ? digits(instant, 20, 3) : 0;
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59 ||
    milli < 0
  ) {
    return undefined;
  }
  return daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1_000 + milli;
}

const dash = 45;
const colon = 58;
const dot = 46;
const letterT = 84;
const letterZ = 90;
const zero = 48;

/** The decimal number of `count` digits at `from`, or -1 if one of them is not a digit. */
function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - zero;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
