import leven from 'leven';
import { ReplayError } from './replay-error';

type Plain = Readonly<Record<string, unknown>>;

const isPlain = (value: unknown): value is Plain =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const describe = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'object') return 'an object';
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
};

const closest = (name: string, known: readonly string[]): string | undefined => {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = leven(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
};

/** Extra rules for numbers: the range a setting takes, by its path. */
export type NumberRange = Readonly<{ min?: number; max?: number }>;

/** How to check a patch. */
export type PatchRules = Readonly<{
  /**
   * Ranges by path (`atRiskScore`, `evidencePrior.weekdayUse`, `evidenceLevels[]` for every element);
   * every other number is finite and ≥ 0.
   */
  ranges?: Readonly<Record<string, NumberRange>>;
  /**
   * Whether a number may be the string `"Infinity"`, read as infinity (JSON has none): a rule
   * turned off (`{"longSilenceDays":"Infinity"}`). Still within the setting's range.
   */
  infinity?: boolean;
}>;

/**
 * Checks a configuration patch against the shape of its defaults and returns the patch completed:
 * each top-level setting it names, with nested objects merged into their defaults (a machine
 * factory that spreads its overrides over the defaults would otherwise lose the nested settings
 * the patch leaves out). A setting must exist, with the type of its default (numbers finite and
 * within range, arrays of the default's element type); the first fault is thrown as a
 * `ReplayError` (`INVALID_CHANGE`) that names the setting, what was expected and what was found.
 */
export function completePatch<T extends Plain>(
  patch: unknown,
  defaults: T,
  rules: PatchRules = {},
  where = 'change',
): Partial<T> {
  const fail = (message: string): never => {
    throw new ReplayError('INVALID_CHANGE', `${where}: ${message}`);
  };
  if (!isPlain(patch)) return fail(`expected a JSON object of settings, got ${describe(patch)}`);

  const check = (value: unknown, model: unknown, path: string): unknown => {
    if (typeof model === 'number') {
      // JSON has no infinity: where the rules allow it, the string "Infinity" stands for it.
      const number = rules.infinity === true && value === 'Infinity' ? Number.POSITIVE_INFINITY : value;
      if (typeof number !== 'number' || !(Number.isFinite(number) || value === 'Infinity'))
        return fail(`${path}: expected a number, got ${describe(value)}`);
      const range = rules.ranges?.[path.replace(/\[\d+\]/g, '[]')] ?? { min: 0 };
      if ((range.min !== undefined && number < range.min) || (range.max !== undefined && number > range.max)) {
        const expected =
          range.max === undefined ? `at least ${range.min}` : `from ${range.min ?? '-∞'} to ${range.max}`;
        return fail(`${path}: expected a number ${expected}, got ${number}`);
      }
      return number;
    }
    if (typeof model === 'string' || typeof model === 'boolean') {
      if (typeof value !== typeof model) return fail(`${path}: expected a ${typeof model}, got ${describe(value)}`);
      return value;
    }
    if (Array.isArray(model)) {
      if (!Array.isArray(value)) return fail(`${path}: expected an array, got ${describe(value)}`);
      const element: unknown = model[0];
      return element === undefined ? value : value.map((item, i) => check(item, element, `${path}[${i}]`));
    }
    if (isPlain(model)) {
      if (!isPlain(value)) return fail(`${path}: expected an object, got ${describe(value)}`);
      return merge(value, model, `${path}.`);
    }
    return value;
  };
  const merge = (value: Plain, model: Plain, prefix: string): Record<string, unknown> => {
    const known = Object.keys(model);
    const merged: Record<string, unknown> = { ...model };
    for (const [key, item] of Object.entries(value)) {
      if (!Object.hasOwn(model, key)) {
        const suggestion = closest(key, known);
        return fail(
          `${prefix}${key}: not a setting${suggestion === undefined ? '' : `; did you mean ${prefix}${suggestion}?`} (expected one of ${known.join(', ')})`,
        );
      }
      merged[key] = check(item, model[key], `${prefix}${key}`);
    }
    return merged;
  };

  const known = Object.keys(defaults);
  const completed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (!Object.hasOwn(defaults, key)) {
      const suggestion = closest(key, known);
      return fail(`${key}: not a setting${suggestion === undefined ? '' : `; did you mean ${suggestion}?`}`);
    }
    completed[key] = check(value, defaults[key], key);
  }
  return completed as Partial<T>;
}
