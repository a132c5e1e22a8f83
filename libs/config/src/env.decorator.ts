import { Expose } from 'class-transformer';

const variables = new WeakMap<object, Map<string, string>>();

/**
 * Binds a configuration property to an environment variable, so that values are read from it
 * and errors name it.
 */
export function Env(variable: string): PropertyDecorator {
  return (target, property) => {
    Expose({ name: variable })(target, property);
    const own = variables.get(target) ?? new Map<string, string>();
    own.set(String(property), variable);
    variables.set(target, own);
  };
}

/** The environment variable bound to a property of a configuration class, if any. */
export function variableOf(schema: abstract new () => object, property: string): string | undefined {
  return variables.get(schema.prototype as object)?.get(property);
}
