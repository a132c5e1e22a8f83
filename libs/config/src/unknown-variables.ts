import leven from 'leven';

/** An environment variable that looks like Heed's but is none of them, and the nearest known name. */
export interface UnknownVariable {
  readonly variable: string;
  /** The known variable it most likely means, when one is close enough to be a misspelling. */
  readonly nearest?: string;
}

/** How many edits a misspelling may be from the name it means (or a third of the name, if less). */
const MAX_DISTANCE = 4;

/**
 * The `HEED_*` variables of `env` that no part of Heed reads: a misspelt variable would otherwise
 * be ignored without a word, and its default used. `known` is every variable a process reads
 * (`declaredVariables()` plus the tools' own).
 */
export function unknownVariables(
  env: Readonly<Record<string, string | undefined>>,
  known: Iterable<string>,
): UnknownVariable[] {
  const names = [...new Set(known)];
  return Object.keys(env)
    .filter((variable) => variable.startsWith('HEED_') && !names.includes(variable))
    .sort()
    .map((variable) => {
      const [nearest, distance] = names
        .map((name) => [name, leven(variable, name)] as const)
        .reduce<readonly [string | undefined, number]>(
          (best, next) => (next[1] < best[1] ? next : best),
          [undefined, Infinity],
        );
      const close = nearest !== undefined && distance <= Math.min(MAX_DISTANCE, Math.ceil(variable.length / 3));
      return close ? { variable, nearest } : { variable };
    });
}

/** The warning printed for an unknown variable. */
export function unknownVariableWarning({ variable, nearest }: UnknownVariable): string {
  const hint = nearest !== undefined ? `did you mean ${nearest}?` : 'see docs/configuration.md for the known ones';
  return `Warning: ${variable} is not a Heed variable and is ignored (${hint})`;
}
