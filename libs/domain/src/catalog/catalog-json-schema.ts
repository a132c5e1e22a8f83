import { commandCatalog } from './commands/command-catalog';
import { nestedClassesOf, schemaOf } from './schema/field.decorators';
import type { JsonSchema } from './schema/field.decorators';
import type { SchemaClass } from './signal-definition';
import { signalCatalog } from './signal-catalog';

const envelopeOf = (type: string, version: number, propertiesRef: string, description: string): JsonSchema => ({
  type: 'object',
  description,
  properties: {
    type: { const: type },
    customerId: { type: 'string', minLength: 1 },
    occurredAt: { type: 'string', format: 'date-time' },
    version: { const: version },
    properties: { $ref: propertiesRef },
  },
  required: ['type', 'customerId', 'occurredAt', 'version', 'properties'],
});

const commandEnvelopeOf = (type: string, version: number, dataRef: string, description: string): JsonSchema => ({
  type: 'object',
  description,
  properties: {
    type: { const: type },
    version: { const: version },
    customerId: { type: 'string', minLength: 1 },
    requestedAt: { type: 'string', format: 'date-time' },
    reasons: { type: 'array', items: { type: 'string' } },
    data: { $ref: dataRef },
  },
  required: ['type', 'version', 'customerId', 'requestedAt', 'reasons', 'data'],
});

/**
 * The whole catalog as one JSON Schema document (draft 2020-12): every signal and command event at
 * every version under `$defs` (`SignedIn.v1`, `SessionEnded.v2`, …), plus `CustomerSignal` and
 * `CommandEvent` unions of the current versions. Extension keywords `x-segment-name`,
 * `x-segment-call` and `x-current-version` carry what JSON Schema has no word for.
 */
export function catalogJsonSchema(): JsonSchema {
  const defs: Record<string, JsonSchema> = {};
  const define = (schema: SchemaClass): void => {
    if (defs[schema.name]) return;
    defs[schema.name] = schemaOf(schema);
    nestedClassesOf(schema).forEach(define);
  };
  for (const signal of signalCatalog) {
    for (const [version, schema] of Object.entries(signal.versions)) {
      define(schema);
      defs[`${signal.type}.v${version}`] = {
        ...envelopeOf(signal.type, Number(version), `#/$defs/${schema.name}`, signal.description),
        'x-segment-name': signal.segmentName,
        'x-segment-call': signal.segmentCall,
        'x-current-version': signal.currentVersion,
      };
    }
  }
  for (const command of commandCatalog) {
    for (const [version, schema] of Object.entries(command.versions)) {
      define(schema);
      defs[`${command.type}.v${version}`] = {
        ...commandEnvelopeOf(command.type, Number(version), `#/$defs/${schema.name}`, command.description),
        'x-current-version': command.currentVersion,
      };
    }
  }
  defs['CustomerSignal'] = {
    description: 'Any customer signal at its current schema version.',
    oneOf: signalCatalog.map((s) => ({ $ref: `#/$defs/${s.type}.v${s.currentVersion}` })),
  };
  defs['CommandEvent'] = {
    description: 'Any command event the lifecycle emits, at its current schema version.',
    oneOf: commandCatalog.map((c) => ({ $ref: `#/$defs/${c.type}.v${c.currentVersion}` })),
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://heed.dev/schemas/catalog.json',
    title: 'Heed event catalog',
    description: 'Customer signals Heed understands and the command events its lifecycle emits.',
    $defs: defs,
    oneOf: [{ $ref: '#/$defs/CustomerSignal' }, { $ref: '#/$defs/CommandEvent' }],
  };
}
