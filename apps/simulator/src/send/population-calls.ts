import { messageIdOf, toSegmentCall, type Population, type SegmentCall } from '@heed/simulator';

/** Every signal of a population as the Segment call that carries it, in time order. */
export const populationCalls = (population: Population): SegmentCall[] =>
  population.signals.map((signal, index) => toSegmentCall(signal, messageIdOf(signal, index)));
