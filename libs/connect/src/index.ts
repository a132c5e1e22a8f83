// The public surface of @heed/connect: destinations, their configuration file, request templates
// and webhook signatures (the verification half is what receivers use).
export { commandMessage, type CommandMessage } from './command-message';
export { ConnectFile, DestinationEntry, resolveDestinations, variablesNamedBy } from './connect-file';
export {
  DESTINATION_KINDS,
  describeDestination,
  type DeliveryPolicy,
  type Destination,
  type DestinationKind,
} from './destination';
export { DELIVERY_CATEGORY, DELIVERY_OUTCOME_TYPES, deliveryStream } from './delivery-stream';
export { holdoutDraw, isHeldOut } from './holdout';
export { outboundRequest, type OutboundRequest, type StoredCommand, type WebhookBody } from './outbound-request';
export {
  SIGNATURE_HEADER,
  SignatureError,
  signPayload,
  verifyHeedSignature,
  type SignatureErrorCode,
  type VerifyOptions,
} from './webhook-signature';
