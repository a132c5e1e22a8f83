/**
 * The ISO-8601 UTC form of an epoch time, as `new Date(millis).toISOString()` writes it.
 *
 * The machine writes due times (a cart's recovery, a watched day's end) as it folds signals, and
 * `toISOString` behind a `Date` costs about twice what writing the digits does. Whole milliseconds
 * of the years 0000–9999, the form `2026-03-02T09:00:00.000Z`, are written here (civil date by
 * H. Hinnant's civil_from_days); anything else (fractions, years outside, invalid times) is left to
 * `toISOString`, so the result is always the same as `new Date(millis).toISOString()`.
 */
export function formatInstant(millis: number): string {
  if (!Number.isSafeInteger(millis) || millis < firstMillis || millis > lastMillis) {
    return new Date(millis).toISOString();
  }
  const days = Math.floor(millis / 86_400_000);
  const inDay = millis - days * 86_400_000;
  const { year, month, day } = civilFromDays(days);
  return (
    `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T` +
    `${two(Math.floor(inDay / 3_600_000))}:${two(Math.floor(inDay / 60_000) % 60)}:${two(Math.floor(inDay / 1_000) % 60)}` +
    `.${String(inDay % 1_000).padStart(3, '0')}Z`
  );
}

/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the four-digit years. */
const firstMillis = -62_167_219_200_000;
const lastMillis = 253_402_300_799_999;

const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** The proleptic Gregorian date of a day since 1970-01-01 (H. Hinnant's civil_from_days). */
function civilFromDays(days: number): Readonly<{ year: number; month: number; day: number }> {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1_460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}
