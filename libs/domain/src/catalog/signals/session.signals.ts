import { CountryCode, Decimal, Identifier, Text, WholeNumber } from '../schema/field.decorators';
import { trackSignal, type Signal, type SignalDefinition } from '../signal-definition';

/** `Signed Up` (Segment B2B SaaS) v1. */
export class SignedUpV1 {
  @Text({ optional: true, maxLength: 64, description: 'How the account was created (`organic`, `invited`, …).' })
  type?: string;

  @Text({ optional: true, maxLength: 256 })
  username?: string;

  @Text({ optional: true, maxLength: 320 })
  email?: string;
}

/** `Signed In` (Segment B2B SaaS) v1. */
export class SignedInV1 {
  @Text({ optional: true, maxLength: 256 })
  username?: string;
}

/** `Signed Out` (Segment B2B SaaS) v1. */
export class SignedOutV1 {
  @Text({ optional: true, maxLength: 256 })
  username?: string;
}

/** `Session Ended` v1: the duration in minutes, as the first producers reported it. Superseded by v2. */
export class SessionEndedV1 {
  @Identifier({ optional: true })
  session_id?: string;

  @Decimal({ description: 'Session length in minutes (may have a fraction).' })
  duration!: number;
}

/** `Session Ended` v2: the duration in whole seconds, so that "under 2 minutes" is exact. */
export class SessionEndedV2 {
  @Identifier({ optional: true })
  session_id?: string;

  @WholeNumber({ max: 31_536_000, description: 'Session length in seconds.' })
  duration_seconds!: number;
}

/** `Password Changed` v1: the account's password was changed (by the customer, or by whoever holds the account). */
export class PasswordChangedV1 {
  @Identifier({
    optional: true,
    description:
      'The device the change was made from (a device fingerprint or id, as card transactions carry it), when known.',
  })
  device_id?: string;

  @CountryCode({ optional: true, description: 'Where the change was made from, when known.' })
  country?: string;
}

export type SignedUp = Signal<'SignedUp', SignedUpV1>;
export type SignedIn = Signal<'SignedIn', SignedInV1>;
export type SignedOut = Signal<'SignedOut', SignedOutV1>;
export type SessionEnded = Signal<'SessionEnded', SessionEndedV2>;
export type PasswordChanged = Signal<'PasswordChanged', PasswordChangedV1>;

export const sessionSignals: readonly SignalDefinition[] = [
  trackSignal('SignedUp', 'Signed Up', 'The customer created an account. Starts the customer’s history.', SignedUpV1),
  trackSignal('SignedIn', 'Signed In', 'The customer logged in. A login after a long silence is a return.', SignedInV1),
  trackSignal('SignedOut', 'Signed Out', 'The customer logged out explicitly.', SignedOutV1),
  trackSignal(
    'PasswordChanged',
    'Password Changed',
    'The account’s password was changed. Shortly before a transaction from a device or country new to the card, a sign of account takeover.',
    PasswordChangedV1,
  ),
  {
    type: 'SessionEnded',
    segmentName: 'Session Ended',
    segmentCall: 'track',
    description:
      'A session ended (logout or timeout) with its length. Short sessions are an early churn sign. ' +
      'v1 carried `duration` in minutes; v2 carries `duration_seconds`.',
    currentVersion: 2,
    versions: { 1: SessionEndedV1, 2: SessionEndedV2 },
    upcasters: {
      1: ({ duration, ...rest }) => ({
        ...rest,
        duration_seconds: typeof duration === 'number' ? Math.round(duration * 60) : duration,
      }),
    },
  },
];
