// The statechart and timeline as the engine's query API shows them, and what both the engine and
// Studio derive from them: pure TypeScript, free of Node, the DOM and NestJS, so that the engine
// and Studio's browser bundle import the one copy.
export { formatDuration } from './format-duration';
export type {
  BoxView,
  ChartTextStyle,
  ChartTextStyleView,
  MachineLayout,
  PlacedArrowView,
  PlacedInitialView,
  PlacedLabelView,
  PlacedStateView,
  PointView,
} from './machine-layout';
export type { MachineTransitionView, MachineView, StateId, StateNodeView } from './machine-view';
export type { DeliverySummary, TimelineItem, TimelineKind, TimelinePage } from './timeline-item';
export {
  countsPerEdge,
  statesOf,
  transitionEdges,
  within,
  type TransitionCount,
  type TransitionEdge,
} from './transition-edges';
export { transitionLabel } from './transition-label';
