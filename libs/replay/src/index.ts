// The public surface of @heed/replay: read-only folds of recorded histories through two machines,
// compared by their decisions. Pure: the tools that read the store and run workers are apps.
export {
  createComparer,
  type Comparer,
  type ComparisonWindow,
  type CustomerComparison,
  type Divergence,
  type InputRef,
  type MachinePair,
} from './compare-histories';
export {
  exampleKinds,
  summarizeComparisons,
  type CommandChange,
  type ComparisonSummary,
  type Example,
  type ExampleKind,
  type FlagChange,
  type Shift,
} from './comparison-summary';
export { completePatch, type NumberRange, type PatchRules } from './config-patch';
export {
  regionState,
  sameDecisions,
  stateLens,
  type Decision,
  type DecisionLens,
  type StateLensOptions,
} from './decision';
export { ReplayError, type ReplayErrorCode } from './replay-error';
export { renderMarkdown } from './report-markdown';
export { seededSample } from './seeded-sample';
export type {
  MachineDescription,
  QualityComparison,
  QualityFigure,
  SettingChange,
  WhatIfReport,
} from './whatif-report';
