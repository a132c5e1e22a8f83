import type { ActorDefinition } from '@heed/actors';
import {
  defaultLifecycleConfig,
  lifecycleMachineVersion,
  lifecycleSettingRanges,
  type LifecycleConfig,
} from '@heed/domain';
import {
  completePatch,
  ReplayError,
  type MachineDescription,
  type MachinePair,
  type SettingChange,
} from '@heed/replay';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AnyStateMachine } from 'xstate';
import { customerKind } from '../../../engine/src/lifecycle/customer-kind';

/** One side of a what-if, as data a worker thread can be given: lifecycle settings, and a machine module. */
export type VariantSpec = Readonly<{
  /** Settings over the defaults, completed (see `completePatch`). */
  settings: Partial<LifecycleConfig>;
  /** Absolute path of a machine module (see `loadVariant`), or undefined for the engine's lifecycle. */
  module?: string;
}>;

/** Both sides of a what-if. */
export type PairSpec = Readonly<{ current: VariantSpec; changed: VariantSpec }>;

/** Reads and checks a change file: a JSON object of lifecycle settings (docs/whatif.md). */
export function readSettingsFile(path: string): Partial<LifecycleConfig> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ReplayError('INVALID_CHANGE', `${path}: cannot be read (${(error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ReplayError('INVALID_CHANGE', `${path}: not valid JSON (${(error as Error).message})`);
  }
  return completePatch(parsed, defaultLifecycleConfig, { ranges: lifecycleSettingRanges }, path);
}

/** The settings a change sets, each with its value on both sides (nested settings by their path). */
export function settingChanges(current: Partial<LifecycleConfig>, changed: Partial<LifecycleConfig>): SettingChange[] {
  const a: Record<string, unknown> = { ...defaultLifecycleConfig, ...current };
  const b: Record<string, unknown> = { ...defaultLifecycleConfig, ...changed };
  const out: SettingChange[] = [];
  const walk = (x: unknown, y: unknown, path: string): void => {
    if (typeof x === 'object' && x !== null && !Array.isArray(x) && typeof y === 'object' && y !== null) {
      for (const key of Object.keys(x)) {
        walk((x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      }
    } else if (JSON.stringify(x) !== JSON.stringify(y)) out.push({ setting: path, current: x, changed: y });
  };
  walk(a, b, '');
  return out;
}

type MachineModule = Readonly<{
  definition?: ActorDefinition;
  createMachine?: (settings: Partial<LifecycleConfig>) => AnyStateMachine;
  machine?: AnyStateMachine;
  default?: AnyStateMachine;
  version?: string | number;
  // The lifecycle machine's own module (libs/domain/src/lifecycle/lifecycle.machine.ts of a release).
  createLifecycleMachine?: (settings: Partial<LifecycleConfig>) => AnyStateMachine;
  lifecycleMachineVersion?: string;
}>;

const isMachine = (value: unknown): value is AnyStateMachine =>
  typeof value === 'object' && value !== null && typeof (value as { transition?: unknown }).transition === 'function';

/** Resolves a `--machine` argument to an absolute path that loads in this process and in workers. */
export function resolveMachineModule(path: string): string {
  const absolute = resolve(path);
  try {
    return require.resolve(absolute);
  } catch {
    throw new ReplayError('INVALID_MACHINE', `--machine ${path}: no such module (looked for ${absolute})`);
  }
}

function loadModule(path: string): MachineModule {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a module named at run time
    return require(path) as MachineModule;
  } catch (error) {
    throw new ReplayError('INVALID_MACHINE', `--machine ${path}: cannot be loaded (${(error as Error).message})`);
  }
}

/**
 * The actor definition of one side. Without a module it is the engine's own customer definition
 * (`customerKind`) with the side's settings. A module exports one of: `definition` (a whole actor
 * definition), `createMachine(settings)` (a lifecycle-compatible machine built with the settings;
 * the lifecycle's own module, with `createLifecycleMachine` and `lifecycleMachineVersion`, does too),
 * or `machine` / a default export (a machine, which settings cannot configure); the engine's
 * reading of signals, input and clock go with a machine. Scores are left out: they are data of
 * the state records, never a decision, and cost a computation per state change.
 */
export function loadVariant(spec: VariantSpec): ActorDefinition {
  const engine = customerKind(spec.settings).definition as unknown as ActorDefinition;
  if (spec.module === undefined) return { ...engine, scores: undefined };
  const loaded = loadModule(spec.module);
  if (loaded.definition !== undefined) {
    if (!isMachine(loaded.definition.machine) || typeof loaded.definition.toMachineInput !== 'function')
      throw new ReplayError(
        'INVALID_MACHINE',
        `--machine ${spec.module}: its definition needs a machine and toMachineInput (an ActorDefinition of @heed/actors)`,
      );
    return loaded.definition;
  }
  let machine: AnyStateMachine;
  const create = loaded.createMachine ?? loaded.createLifecycleMachine;
  if (typeof create === 'function') machine = create(spec.settings);
  else if (isMachine(loaded.machine ?? loaded.default)) {
    if (Object.keys(spec.settings).length > 0)
      throw new ReplayError(
        'INVALID_MACHINE',
        `--machine ${spec.module}: exports a machine, not createMachine(settings); a change file cannot configure it`,
      );
    machine = (loaded.machine ?? loaded.default)!;
  } else
    throw new ReplayError(
      'INVALID_MACHINE',
      `--machine ${spec.module}: expected it to export definition, createMachine(settings) or machine`,
    );
  return {
    ...engine,
    machine,
    version: String(loaded.version ?? loaded.lifecycleMachineVersion ?? 'module'),
    // A machine that keeps the lifecycle's clock in its context is timed by it, as the engine's.
    clock: (snapshot: { context?: { now?: string | null } }) => snapshot.context?.now ?? undefined,
    scores: undefined,
    // Nothing says the module's machine starts from its key through `customerId` alone, as the
    // lifecycle does (ADR 0092): each customer's start is computed.
    initialFor: undefined,
  };
}

/** Both definitions of a pair. */
export const loadPair = (spec: PairSpec): MachinePair => ({
  current: loadVariant(spec.current),
  changed: loadVariant(spec.changed),
});

/** How a side shows in a report. */
export const describeVariant = (spec: VariantSpec, definition: ActorDefinition): MachineDescription => ({
  machine: spec.module ?? 'lifecycle',
  version: spec.module === undefined ? lifecycleMachineVersion : definition.version,
});
