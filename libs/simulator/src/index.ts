// The public surface of @heed/simulator: seeded populations of simulated customers with their
// ground truth, their signals as Segment calls, and the measure of Heed's decisions against the truth.
export { SeededRandom } from './random/seeded-random';
export type {
  CardholderPersona,
  CardholderTruth,
  FraudBurst,
  GroundTruth,
  SaasHabit,
  SaasPersona,
  SaasTruth,
  ShopperPersona,
  ShopperTruth,
  SimulatedCustomer,
} from './population/ground-truth';
export { DAY, HOUR, MINUTE, simulationWindow } from './population/simulation-window';
export type { SimulationWindow } from './population/simulation-window';
export { DEFAULT_START, defaultMix, generatePopulation, messageIdOf } from './population/generate-population';
export type { CustomerKindName, Population, PopulationOptions } from './population/generate-population';
export { saasBehaviour, saasPersonaMix, saasPersonaRanges } from './personas/saas-persona';
export { CART_ABANDONED_AFTER_MS, shopperPersonaMix } from './personas/shopper-persona';
export { cardholderPersonaMix, fraudStyleMix } from './personas/cardholder-persona';
export {
  reactToCommand,
  saasReactionChances,
  shopperReactionChances,
  type ReceivedCommand,
} from './personas/command-reactions';
export { toSegmentCall, UnknownSignalError } from './segment/segment-call';
export type { SegmentCall } from './segment/segment-call';
export { isChurnFlag, regionState } from './quality/observed-decisions';
export type { ObservedDecisions } from './quality/observed-decisions';
export { measureChurnQuality, measureDetectionQuality, median } from './quality/detection-quality';
export { medianInterval, proportionInterval, reportConfidence } from './quality/intervals';
export type { Interval } from './quality/intervals';
export {
  ceilingAt,
  ceilingReads,
  ceilingThresholds,
  churnCeiling,
  fadingChance,
  fadingTracks,
} from './quality/churn-ceiling';
export type { CeilingPoint, CeilingRead, FadingTrack } from './quality/churn-ceiling';
export type {
  ChurnQuality,
  Confusion,
  DetectionQuality,
  FraudQuality,
  PersonaChurn,
  PersonaFraud,
  StyleFraud,
} from './quality/detection-quality';
