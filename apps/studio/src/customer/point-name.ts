import type { CustomerStateAt } from '../api/contract';

/** The point of a customer's history a state is at, for people: `input #3`. */
export const pointName = (state: CustomerStateAt): string =>
  state.revision === null ? 'before the first input' : `input #${state.revision}`;
