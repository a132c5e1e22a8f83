import type { CustomerSignal } from '@heed/domain';
import { MINUTE, SeededRandom, type CardholderTruth } from '@heed/simulator';

/**
 * The simulated cardholder's answer to Heed's verification SMS: "yes, that was me" for a legitimate
 * transaction, "not mine" for a fraudulent one, a few minutes after the request. The only part of
 * the simulation that reacts to Heed; without it a false alarm would leave the card frozen for good.
 */
export function replyToVerification(
  truth: CardholderTruth,
  customerId: string,
  transactionId: string,
  requestedAt: string,
  seed: number,
): CustomerSignal {
  const fraudulent = truth.fraudBursts.some((b) => b.transactionIds.includes(transactionId));
  const delay = SeededRandom.derive(seed, `reply-${transactionId}`).between(2, 45) * MINUTE;
  const occurredAt = new Date(Date.parse(requestedAt) + delay).toISOString();
  const properties = { transaction_id: transactionId, card_id: truth.cardId };
  return fraudulent
    ? {
        type: 'CardTransactionDisputed',
        customerId,
        occurredAt,
        version: 1,
        properties: { ...properties, reason: 'not mine (SMS)' },
      }
    : { type: 'CardTransactionConfirmed', customerId, occurredAt, version: 1, properties };
}
