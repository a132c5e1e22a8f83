import { createHash } from 'node:crypto';

/**
 * The customer's place in the holdout draw, in [0, 1): the same for every destination and every
 * run, so a customer held out is held out from each destination whose holdout share is above it.
 */
export function holdoutDraw(customerId: string): number {
  return createHash('sha256').update(`heed-holdout:${customerId}`, 'utf8').digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * Whether a destination with this holdout `share` withholds the customer's commands: a control
 * group that no command reaches, so that `npm run outcomes` can compare (docs/outcomes.md).
 */
export function isHeldOut(customerId: string, share: number): boolean {
  return share > 0 && holdoutDraw(customerId) < share;
}
