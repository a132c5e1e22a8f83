/** Category of the delivery outcome streams: `delivery-<customerId>`, so `$ce-delivery` holds them all. */
export const DELIVERY_CATEGORY = 'delivery';

/** The stream where connect records every delivery attempt of a customer's commands (docs/streams.md). */
export const deliveryStream = (customerId: string): string => `${DELIVERY_CATEGORY}-${customerId}`;

/** Event types of that stream: one per attempt's outcome. */
export const DELIVERY_OUTCOME_TYPES = [
  'CommandDelivered',
  'CommandDeliveryFailed',
  'CommandParked',
  'CommandHeldOut',
] as const;
