import {
  CountryCode,
  CurrencyCode,
  Identifier,
  LocalTimeOfDay,
  MinorUnits,
  OneOf,
  Text,
} from '../schema/field.decorators';
import { trackSignal, type Signal, type SignalDefinition } from '../signal-definition';

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

  @MinorUnits({
    optional: true,
    description:
      'The amount in the card’s billing currency, as the card network reports it (ISO 8583 field 6); with billing_currency.',
  })
  billing_amount?: number;

  @CurrencyCode({ optional: true, description: 'The card’s billing currency; with billing_amount.' })
  billing_currency?: string;

  @Text({ maxLength: 256 })
  merchant!: string;

  @Text({
    optional: true,
    maxLength: 64,
    description:
      'The merchant’s category, as the card network reports it: an ISO 18245 merchant category code (`5732`) or its name (`electronics`).',
  })
  merchant_category?: string;

  @OneOf(['in_store', 'online'], {
    optional: true,
    description:
      'Whether the card was present (in store) or not (online, card-not-present), as the network reports it.',
  })
  channel?: 'in_store' | 'online';

  @Identifier({
    optional: true,
    description:
      'The device the transaction was made from (a device fingerprint or id, as the issuer’s risk data carries it), when known.',
  })
  device_id?: string;

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
  trackSignal(
    'CardTransactionAuthorized',
    'Card Transaction Authorized',
    'A card payment was authorized. Scored for fraud against the cardholder’s history.',
    CardTransactionAuthorizedV1,
  ),
  trackSignal(
    'CardTransactionConfirmed',
    'Card Transaction Confirmed',
    'The cardholder confirmed a transaction as theirs; clears a fraud suspicion and unfreezes the card.',
    CardTransactionConfirmedV1,
  ),
  trackSignal(
    'CardTransactionDisputed',
    'Card Transaction Disputed',
    'The cardholder disputed a transaction; the card stays frozen.',
    CardTransactionDisputedV1,
  ),
];
