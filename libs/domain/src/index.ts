// The public surface of @heed/domain: the event catalog, the lifecycle machine and the scores.
export { CatalogError } from './catalog/catalog-error';
export type { CatalogErrorCode } from './catalog/catalog-error';
export { catalogJsonSchema } from './catalog/catalog-json-schema';
export { commandCatalog, findCommandByType } from './catalog/commands/command-catalog';
export * from './catalog/commands/command-events';
export type { ValidationIssue } from './catalog/json-value';
export type { JsonSchema } from './catalog/schema/field.decorators';
export type {
  CommandDefinition,
  SchemaClass,
  SegmentCall,
  Signal,
  SignalDefinition,
  Upcaster,
} from './catalog/signal-definition';
export {
  customerSignalTypes,
  findSignalBySegmentName,
  findSignalByType,
  findSignalForCall,
  signalCatalog,
} from './catalog/signal-catalog';
export type { CustomerSignal, CustomerSignalType } from './catalog/signal-catalog';
export * from './catalog/signals/card.signals';
export * from './catalog/signals/commerce.signals';
export * from './catalog/signals/engagement.signals';
export * from './catalog/signals/group.signals';
export * from './catalog/signals/page.signals';
export * from './catalog/signals/screen.signals';
export { ProductLine } from './catalog/signals/product-line';
export * from './catalog/signals/session.signals';
export * from './catalog/signals/subscription.signals';
export { upcastSignal } from './catalog/upcast-signal';
export type { StoredSignalData } from './catalog/upcast-signal';
export { validateSignalProperties } from './catalog/validate-signal-properties';
export type { PropertiesValidation } from './catalog/validate-signal-properties';
export { contextBounds, initialCustomerContext } from './features/customer-context';
export type {
  CardFeatures,
  CartState,
  CustomerContext,
  EngagementFeatures,
  FraudAssessment,
  FraudCase,
  RiskState,
  SubscriptionState,
  TransactionFacts,
} from './features/customer-context';
export { pageKind } from './features/page-kind';
export type { PageKind } from './features/page-kind';
export { recordSignal } from './features/record-signal';
export { describeCustomer } from './lifecycle/describe-customer';
export { initialSnapshotFor } from './lifecycle/initial-for-customer';
export type { CustomerSummary } from './lifecycle/describe-customer';
export { evolve, initialCustomerState } from './lifecycle/evolve';
export type { CustomerInput, CustomerSnapshot, LifecycleActions } from './lifecycle/evolve';
export { defaultLifecycleConfig, lifecycleSettingRanges } from './lifecycle/lifecycle-config';
export type { LifecycleConfig } from './lifecycle/lifecycle-config';
export { createLifecycleMachine, lifecycleMachine, lifecycleMachineVersion } from './lifecycle/lifecycle.machine';
export type { LifecycleInput, LifecycleMachine } from './lifecycle/lifecycle.machine';
export { cancellationVisitPoints, churnPoints, churnScore } from './scoring/churn-score';
export { evidenceParts, initialEvidence, strongestEvidence } from './features/engagement-evidence';
export type { DisengagementModel, EngagementEvidence, EvidencePart } from './features/engagement-evidence';
export { fraudScore, fraudWeights } from './scoring/fraud-score';
export type { TransactionUnderReview } from './scoring/fraud-score';
export type { Contribution, Score } from './scoring/score';
