import { Expose } from 'class-transformer';

const variables = new WeakMap<object, Map<string, string>>();
const everyVariable = new Set<string>();

/**
 * Binds a configuration property to an environment variable, so that values are read from it
 * and errors name it. The variable becomes known: `unknownVariables` does not warn about it.
 */
export function Env(variable: string): PropertyDecorator {
  return (target, property) => {
    Expose({ name: variable })(target, property);
    const own = variables.get(target) ?? new Map<string, string>();
    own.set(String(property), variable);
    variables.set(target, own);
    everyVariable.add(variable);
  };
}

/** The environment variable bound to a property of a configuration class, if any. */
export function variableOf(schema: abstract new () => object, property: string): string | undefined {
  return variables.get(schema.prototype as object)?.get(property);
}

/** Every variable bound by `@Env` in the configuration classes loaded so far. */
export function declaredVariables(): ReadonlySet<string> {
  return everyVariable;
}
