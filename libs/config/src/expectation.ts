import { getMetadataStorage } from 'class-validator';

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];
const number = (n: unknown): string => String(n);

/**
 * What a configuration property expects, in words for the person who sets its variable: "an
 * integer from 0 to 65535", `one of "normal", "full"`. Read from the property's class-validator
 * decorators, so that a message never shows the property's internal name. A decorator's own
 * message (`{ message }`) is taken as it is written.
 */
export function expectationOf(schema: new () => object, property: string, failed: readonly string[]): string {
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(schema, '', true, false)
    .filter((m) => m.propertyName === property);
  const own = metadata.find((m) => failed.includes(m.name ?? '') && typeof m.message === 'string');
  if (own !== undefined) return own.message as string;

  const of = (name: string): ValidationMetadata | undefined => metadata.find((m) => m.name === name);
  const min = of('min')?.constraints?.[0] as unknown;
  const max = of('max')?.constraints?.[0] as unknown;
  if (of('isInt') !== undefined || of('isNumber') !== undefined) {
    const kind = of('isInt') !== undefined ? 'an integer' : 'a number';
    if (min !== undefined && max !== undefined) return `expected ${kind} from ${number(min)} to ${number(max)}`;
    if (min !== undefined) return `expected ${kind} of at least ${number(min)}`;
    if (max !== undefined) return `expected ${kind} of at most ${number(max)}`;
    return `expected ${kind}`;
  }
  const isIn = of('isIn')?.constraints?.[0] as unknown[] | undefined;
  if (isIn !== undefined) return `expected one of ${isIn.map((v) => JSON.stringify(v)).join(', ')}`;
  const minLength = of('minLength')?.constraints?.[0] as number | undefined;
  if (minLength !== undefined) return minLength <= 1 ? 'expected a value' : `expected at least ${minLength} characters`;
  if (of('isString') !== undefined) return 'expected a text';
  return `expected a valid value (${failed.join(', ')})`;
}
