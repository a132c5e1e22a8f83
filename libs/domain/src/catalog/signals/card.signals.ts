import { CountryCode, CurrencyCode, Identifier, LocalTimeOfDay, MinorUnits, Text } from '../schema/field.decorators';
import type { Signal, SignalDefinition } from '../signal-definition';

/** `Card Transaction Authorized` v1. */
export class CardTransactionAuthorizedV1 {
  @Identifier()
  transaction_id!: string;

  @Identifier()
  card_id!: string;

  @MinorUnits()
  amount!: number;

  @CurrencyCode()
  currency!: string;

  @Text({ maxLength: 256 })
  merchant!: string;

  @CountryCode({ description: 'Where the transaction took place.' })
  country!: string;

  @LocalTimeOfDay({ description: 'Time of day where the transaction took place.' })
  local_time!: string;
}

/** `Card Transaction Confirmed` v1: the cardholder says the transaction was theirs. */
export class CardTransactionConfirmedV1 {
  @Identifier()
  transaction_id!: string;

  @Identifier()
  card_id!: string;
}

/** `Card Transaction Disputed` v1: the cardholder says the transaction was not theirs. */
export class CardTransactionDisputedV1 {
  @Identifier()
  transaction_id!: string;

  @Identifier()
  card_id!: string;

  @Text({ optional: true, maxLength: 512 })
  reason?: string;
}

export type CardTransactionAuthorized = Signal<'CardTransactionAuthorized', CardTransactionAuthorizedV1>;
export type CardTransactionConfirmed = Signal<'CardTransactionConfirmed', CardTransactionConfirmedV1>;
export type CardTransactionDisputed = Signal<'CardTransactionDisputed', CardTransactionDisputedV1>;

export const cardSignals: readonly SignalDefinition[] = [
  {
    type: 'CardTransactionAuthorized',
    segmentName: 'Card Transaction Authorized',
    segmentCall: 'track',
    description: 'A card payment was authorized. Scored for fraud against the cardholder’s history.',
    currentVersion: 1,
    versions: { 1: CardTransactionAuthorizedV1 },
    upcasters: {},
  },
  {
    type: 'CardTransactionConfirmed',
    segmentName: 'Card Transaction Confirmed',
    segmentCall: 'track',
    description: 'The cardholder confirmed a transaction as theirs; clears a fraud suspicion and unfreezes the card.',
    currentVersion: 1,
    versions: { 1: CardTransactionConfirmedV1 },
    upcasters: {},
  },
  {
    type: 'CardTransactionDisputed',
    segmentName: 'Card Transaction Disputed',
    segmentCall: 'track',
    description: 'The cardholder disputed a transaction; the card stays frozen.',
    currentVersion: 1,
    versions: { 1: CardTransactionDisputedV1 },
    upcasters: {},
  },
];
