/*
 * Protobuf's wire format, read and written by hand where Heed's hot paths decode or encode
 * EventStoreDB's gRPC messages themselves (ADR 0082, 0083): the client side (`@heed/event-store`)
 * and the embedded store (`@heed/embedded-store`) share it.
 */
export { LENGTH, utf8, VARINT, WireReader } from './wire-reader';
export { bigVarintSize, fieldSize, Out, varintSize } from './wire-writer';
