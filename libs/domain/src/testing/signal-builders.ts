import type { CustomerSignal } from '../catalog/signal-catalog';
import type { CardTransactionAuthorizedV1 } from '../catalog/signals/card.signals';
import type { ProductAddedV1 } from '../catalog/signals/commerce.signals';
import { findSignalByType } from '../catalog/signal-catalog';

/** The customer id builders use unless told otherwise. */
export const testCustomerId = 'customer-1';

/** An instant `days` after 2026-03-02 (a Monday) at `time` (`HH:MM`, UTC): `day(8, '09:30')`. */
export function day(days: number, time = '09:00'): string {
  const [h, m] = time.split(':').map(Number);
  return new Date(Date.UTC(2026, 2, 2 + days, h ?? 0, m ?? 0)).toISOString();
}

type SignalOf<T extends CustomerSignal['type']> = Extract<CustomerSignal, { type: T }>;
type Options = Readonly<{ customerId?: string }>;

/** Builds any signal at its current version. The specific builders below fill required properties. */
export function signal<T extends CustomerSignal['type']>(
  type: T,
  at: string,
  properties: SignalOf<T>['properties'],
  options: Options = {},
): SignalOf<T> {
  return {
    type,
    customerId: options.customerId ?? testCustomerId,
    occurredAt: at,
    version: findSignalByType(type)?.currentVersion ?? 1,
    properties,
  } as SignalOf<T>;
}

export const signedUp = (at: string, p: SignalOf<'SignedUp'>['properties'] = {}, o?: Options) =>
  signal('SignedUp', at, p, o);
export const signedIn = (at: string, p: SignalOf<'SignedIn'>['properties'] = {}, o?: Options) =>
  signal('SignedIn', at, p, o);
export const signedOut = (at: string, p: SignalOf<'SignedOut'>['properties'] = {}, o?: Options) =>
  signal('SignedOut', at, p, o);
export const passwordChanged = (at: string, p: SignalOf<'PasswordChanged'>['properties'] = {}, o?: Options) =>
  signal('PasswordChanged', at, p, o);
export const sessionEnded = (at: string, durationSeconds: number, o?: Options) =>
  signal('SessionEnded', at, { duration_seconds: durationSeconds }, o);
/** A login and a session of `durationSeconds` ending at `at` plus that duration. */
export const session = (at: string, durationSeconds: number, o?: Options): CustomerSignal[] => [
  signedIn(at, {}, o),
  sessionEnded(new Date(Date.parse(at) + durationSeconds * 1000).toISOString(), durationSeconds, o),
];
/** A session as `session`, with the core feature (`projects`) used a minute in. */
export const coreSession = (at: string, durationSeconds: number, o?: Options): CustomerSignal[] => {
  const [login, end] = session(at, durationSeconds, o) as [CustomerSignal, CustomerSignal];
  return [login, featureUsed('projects', new Date(Date.parse(at) + 60_000).toISOString(), true, o), end];
};
export const viewedPage = (url: string, at: string, o?: Options) => {
  const parsed = /^https?:\/\/[^/]+(\/[^?#]*)?/.exec(url);
  return signal('PageViewed', at, { url, path: parsed?.[1] ?? '/' }, o);
};
export const screenViewed = (name: string, at: string, o?: Options) => signal('ScreenViewed', at, { name }, o);
export const groupIdentified = (groupId: string, traits: Readonly<Record<string, unknown>>, at: string, o?: Options) =>
  signal('GroupIdentified', at, { group_id: groupId, traits }, o);
export const productViewed = (productId: string, at: string, o?: Options) =>
  signal('ProductViewed', at, { product_id: productId }, o);
export const productAdded = (
  cartId: string,
  productId: string,
  at: string,
  p: Partial<ProductAddedV1> = {},
  o?: Options,
) => signal('ProductAdded', at, { cart_id: cartId, product_id: productId, ...p }, o);
export const productRemoved = (cartId: string, productId: string, at: string, o?: Options) =>
  signal('ProductRemoved', at, { cart_id: cartId, product_id: productId }, o);
export const cartViewed = (cartId: string, at: string, o?: Options) => signal('CartViewed', at, { cart_id: cartId }, o);
export const checkoutStarted = (cartId: string, at: string, o?: Options) =>
  signal('CheckoutStarted', at, { cart_id: cartId }, o);
export const orderCompleted = (orderId: string, at: string, total = 4_200, o?: Options) =>
  signal('OrderCompleted', at, { order_id: orderId, total, currency: 'EUR', products: [] }, o);
export const featureUsed = (featureKey: string, at: string, isCore = false, o?: Options) =>
  signal('FeatureUsed', at, { feature_key: featureKey, is_core: isCore }, o);
export const emailOpened = (emailId: string, at: string, o?: Options) =>
  signal('EmailOpened', at, { email_id: emailId }, o);
export const emailLinkClicked = (emailId: string, at: string, o?: Options) =>
  signal('EmailLinkClicked', at, { email_id: emailId, link_url: 'https://app.example.com/welcome-back' }, o);
export const supportTicketOpened = (ticketId: string, at: string, o?: Options) =>
  signal('SupportTicketOpened', at, { ticket_id: ticketId }, o);
export const supportTicketResolved = (ticketId: string, at: string, o?: Options) =>
  signal('SupportTicketResolved', at, { ticket_id: ticketId }, o);
export const subscriptionExpiring = (subscriptionId: string, expiresAt: string, at: string, o?: Options) =>
  signal('SubscriptionExpiring', at, { subscription_id: subscriptionId, expires_at: expiresAt }, o);
export const subscriptionRenewed = (subscriptionId: string, at: string, o?: Options) =>
  signal('SubscriptionRenewed', at, { subscription_id: subscriptionId }, o);
export const subscriptionCancelled = (subscriptionId: string, at: string, o?: Options) =>
  signal('SubscriptionCancelled', at, { subscription_id: subscriptionId }, o);
export const retentionOfferAccepted = (offerId: string, at: string, o?: Options) =>
  signal('RetentionOfferAccepted', at, { offer_id: offerId }, o);
export const cardTransaction = (
  at: string,
  p: Partial<CardTransactionAuthorizedV1> & Pick<CardTransactionAuthorizedV1, 'transaction_id'>,
  o?: Options,
) =>
  signal(
    'CardTransactionAuthorized',
    at,
    {
      card_id: 'card-1',
      amount: 2_500,
      currency: 'EUR',
      merchant: 'Corner Shop',
      country: 'DE',
      local_time: '12:00',
      ...p,
    },
    o,
  );
export const transactionConfirmed = (transactionId: string, at: string, cardId = 'card-1', o?: Options) =>
  signal('CardTransactionConfirmed', at, { transaction_id: transactionId, card_id: cardId }, o);
export const transactionDisputed = (transactionId: string, at: string, cardId = 'card-1', o?: Options) =>
  signal('CardTransactionDisputed', at, { transaction_id: transactionId, card_id: cardId }, o);
