import {
  getMetadataStorage,
  type MetadataStorage,
  type ValidationArguments,
  type ValidatorConstraintInterface,
  ValidationTypes,
} from 'class-validator';

type Metadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];

interface Check {
  readonly metadata: Metadata;
  readonly constraint: ValidatorConstraintInterface;
}

interface PropertyRules {
  readonly property: string;
  /** `@IsOptional`, `@ValidateIf`: the property is checked only when every one holds. */
  readonly conditions: Array<(object: object, value: unknown) => boolean>;
  readonly checks: Check[];
}

/** Whether `validateSync(object)` would find nothing wrong with an instance of the class. */
export type EnvelopeCheck = (object: object) => boolean;

/**
 * Answers, for instances of a DTO class, whether class-validator's `validateSync` (without groups,
 * whitelisting or skip options) would find nothing wrong, by running class-validator's own
 * constraints from class-validator's own metadata — read once per class rather than on every call.
 * `validateSync` looks the metadata up on each call, walking every validated class of the process
 * for inherited ones, and builds an error object per property even when nothing is wrong: on a
 * valid call that is most of its cost. The decorators stay the contract: this answers yes or no;
 * the messages of a call it refuses come from `validateSync` itself.
 *
 * Undefined for a class using what this does not run (nested or promise validation, `@IsDefined`,
 * `each`, no metadata at all): `validateSync` then judges every call.
 */
export function compileEnvelopeCheck(target: abstract new () => object): EnvelopeCheck | undefined {
  const storage = getMetadataStorage();
  // As validateSync asks for them: no schema, `always` and `strictGroups` off, no groups.
  const metadatas = storage.getTargetValidationMetadatas(target, undefined as unknown as string, false, false);
  if (metadatas.length === 0) return undefined;
  const byProperty = new Map<string, PropertyRules>();
  for (const metadata of metadatas) {
    if (metadata.type === ValidationTypes.WHITELIST) continue;
    let rules = byProperty.get(metadata.propertyName);
    if (rules === undefined) {
      rules = { property: metadata.propertyName, conditions: [], checks: [] };
      byProperty.set(metadata.propertyName, rules);
    }
    if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) {
      rules.conditions.push(metadata.constraints[0] as (object: object, value: unknown) => boolean);
    } else if (metadata.type === ValidationTypes.CUSTOM_VALIDATION && metadata.each !== true) {
      for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
        // validateSync ignores asynchronous constraints.
        if (constraint.async) continue;
        rules.checks.push({ metadata, constraint: constraint.instance });
      }
    } else {
      return undefined;
    }
  }
  const properties = [...byProperty.values()];
  // One arguments record per check, filled in for each call: the constraints read it while they
  // run and keep nothing of it, and a record per check and call was most of this check's garbage.
  const args = properties.map(({ property, checks }) =>
    checks.map(({ metadata }): ValidationArguments => ({
      targetName: '',
      property,
      object: undefined as unknown as object,
      value: undefined,
      constraints: metadata.constraints,
    })),
  );
  return (object) => {
    for (let p = 0; p < properties.length; p++) {
      const { property, conditions, checks } = properties[p]!;
      const value = (object as Record<string, unknown>)[property];
      if (!holds(conditions, object, value)) continue;
      for (let c = 0; c < checks.length; c++) {
        const { metadata, constraint } = checks[c]!;
        if (metadata.validateIf !== undefined && !metadata.validateIf(object, value)) continue;
        const checked = args[p]![c]!;
        checked.targetName = object.constructor.name;
        checked.object = object;
        checked.value = value;
        let valid: boolean;
        try {
          valid = constraint.validate(value, checked) as boolean;
        } finally {
          // Nothing of the call is held after it.
          checked.object = undefined as unknown as object;
          checked.value = undefined;
        }
        if (!valid) return false;
      }
    }
    return true;
  };
}

/** Whether every condition holds (a loop: a closure per property and call was garbage too). */
function holds(
  conditions: ReadonlyArray<(object: object, value: unknown) => boolean>,
  object: object,
  value: unknown,
): boolean {
  for (const condition of conditions) if (!condition(object, value)) return false;
  return true;
}
