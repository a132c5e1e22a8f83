import type { CustomerSignal } from '../catalog/signal-catalog';
import type { ProductLine } from '../catalog/signals/product-line';
import type { LifecycleConfig } from '../lifecycle/lifecycle-config';
import { latest, toMillis } from '../time/instant';
import { appendBounded, rememberDistinct } from './bounded-list';
import { contextBounds, engagementWith } from './customer-context';
import type { CartState, CustomerContext, EngagementFeatures, FraudAssessment } from './customer-context';
import { initialEvidence, recordEvidence } from './engagement-evidence';
import { fraudScore, isNight } from '../scoring/fraud-score';
import type { CardTransactionAuthorized } from '../catalog/signals/card.signals';
import { recordGroup } from './group-memberships';
import { pageKind } from './page-kind';

/**
 * Folds one signal into the features the scores read. Pure; every list stays within its bound.
 * It runs on every signal, in every state: the machine's states decide what to do, this keeps the facts.
 */
export function recordSignal(
  context: CustomerContext,
  signal: CustomerSignal,
  config: LifecycleConfig,
): CustomerContext {
  const at = signal.occurredAt;
  const atMillis = toMillis(at);
  // `latest(x, at)`, reading the signal's time once.
  const upTo = (x: string | null): string => (x === null || atMillis > toMillis(x) ? at : x);
  const now = upTo(context.now);
  const before = context.engagement;
  const firstSeenAt = before.firstSeenAt ?? at;
  const activeUntil = before.lastActivityAt;
  // The last activity is most often the clock itself (the same instant): read once.
  const lastActivityAt = !isActivity(signal) ? activeUntil : activeUntil === context.now ? now : upTo(activeUntil);
  const engagement = recordEngagement(before, signal, firstSeenAt, lastActivityAt, atMillis, config);
  // Every field written out, here and below where a record changes: V8 copies an object that a
  // spread built many times slower than one a literal built (docs/benchmarks/domain.md).
  return {
    customerId: context.customerId,
    now,
    engagement,
    card: recordCard(context, signal, config),
    cart: recordCart(context.cart, signal),
    subscription: context.subscription,
    fraud:
      signal.type === 'CardTransactionAuthorized'
        ? {
            cardId: context.fraud.cardId,
            transactionId: context.fraud.transactionId,
            lastAssessment: assess(context, signal, config),
          }
        : context.fraud,
    risk: context.risk,
    groups: signal.type === 'GroupIdentified' ? recordGroup(context.groups, signal) : context.groups,
  };
}

/** Scores a transaction against the cardholder's history before it. */
export function assess(
  context: CustomerContext,
  tx: CardTransactionAuthorized,
  config: LifecycleConfig,
): FraudAssessment {
  const last = lastAssessed;
  if (last !== undefined && last.tx === tx && last.card === context.card && last.config === config) return last.result;
  const p = tx.properties;
  const score = fraudScore(
    context.card,
    {
      at: tx.occurredAt,
      ...billedAmount(tx),
      country: p.country,
      merchant: p.merchant,
      ...(p.merchant_category !== undefined && { merchantCategory: p.merchant_category }),
      ...(p.channel !== undefined && { channel: p.channel }),
      ...(p.device_id !== undefined && { deviceId: p.device_id }),
      localTime: p.local_time,
    },
    config,
  );
  const result: FraudAssessment = { transactionId: p.transaction_id, cardId: p.card_id, ...score };
  lastAssessed = { tx, card: context.card, config, result };
  return result;
}

/**
 * What a transaction costs the cardholder: the billing amount when the card network reports it (so
 * that a purchase abroad compares with the ones at home), else the amount as charged.
 */
export function billedAmount(tx: CardTransactionAuthorized): Readonly<{ amount: number; currency: string }> {
  const p = tx.properties;
  return p.billing_amount !== undefined && p.billing_currency !== undefined
    ? { amount: p.billing_amount, currency: p.billing_currency }
    : { amount: p.amount, currency: p.currency };
}

// The lifecycle asks for each transaction's assessment twice in one step (the fraud guard, then the
// record of the signal), against the same history: the last one is kept. Inputs are immutable and
// compared by identity, so this is a pure function's memo and cannot change a result.
let lastAssessed:
  | Readonly<{
      tx: CardTransactionAuthorized;
      card: CustomerContext['card'];
      config: LifecycleConfig;
      result: FraudAssessment;
    }>
  | undefined;

/** The engagement features after `signal`, first seen and last active at the times given. */
function recordEngagement(
  e: EngagementFeatures,
  signal: CustomerSignal,
  firstSeenAt: string,
  lastActivityAt: string | null,
  atMillis: number,
  config: LifecycleConfig,
): EngagementFeatures {
  // Evidence starts with the first use of the product: shoppers and cardholders have none.
  const evidence =
    e.evidence === null && !usesProduct(signal)
      ? null
      : recordEvidence(e.evidence ?? initialEvidence(config), signal, e.openTickets, config, atMillis);
  const facts = recordEngagementFacts(e, signal, config);
  // Only a changed part of the context is copied, once; the rest is shared with the state before.
  const unchanged =
    facts === e && evidence === e.evidence && firstSeenAt === e.firstSeenAt && lastActivityAt === e.lastActivityAt;
  return unchanged ? e : engagementWith(facts, { firstSeenAt, lastActivityAt, evidence });
}

const usesProduct = (signal: CustomerSignal): boolean =>
  signal.type === 'SignedIn' || signal.type === 'FeatureUsed' || signal.type === 'SessionEnded';

function recordEngagementFacts(
  e: EngagementFeatures,
  signal: CustomerSignal,
  config: LifecycleConfig,
): EngagementFeatures {
  const b = contextBounds;
  switch (signal.type) {
    case 'SessionEnded':
      return engagementWith(e, {
        sessionCount: e.sessionCount + 1,
        lastSessionAt: latest(e.lastSessionAt, signal.occurredAt),
      });
    case 'PageViewed': {
      const kind = pageKind(signal.properties.url, signal.properties.path, config);
      if (kind === 'cancellation') {
        return engagementWith(e, {
          cancellationVisits: appendBounded(e.cancellationVisits, signal.occurredAt, b.intentVisits),
        });
      }
      if (kind === 'pricing')
        return engagementWith(e, { pricingVisits: appendBounded(e.pricingVisits, signal.occurredAt, b.intentVisits) });
      return e;
    }
    case 'FeatureUsed':
      return engagementWith(e, {
        featureKeys: rememberDistinct(e.featureKeys, signal.properties.feature_key, b.featureKeys),
        coreFeatureLastUsedAt: signal.properties.is_core
          ? latest(e.coreFeatureLastUsedAt, signal.occurredAt)
          : e.coreFeatureLastUsedAt,
      });
    case 'SupportTicketOpened': {
      const ticketId = signal.properties.ticket_id;
      if (e.openTickets.some((t) => t.ticketId === ticketId)) return e;
      return engagementWith(e, {
        openTickets: appendBounded(e.openTickets, { ticketId, openedAt: signal.occurredAt }, b.openTickets),
      });
    }
    case 'SupportTicketResolved':
      return engagementWith(e, {
        openTickets: e.openTickets.filter((t) => t.ticketId !== signal.properties.ticket_id),
      });
    case 'ScreenViewed':
    case 'GroupIdentified':
    case 'SignedUp':
    case 'SignedIn':
    case 'SignedOut':
    case 'PasswordChanged':
    case 'ProductViewed':
    case 'ProductAdded':
    case 'ProductRemoved':
    case 'CartViewed':
    case 'CheckoutStarted':
    case 'OrderCompleted':
    case 'EmailOpened':
    case 'EmailLinkClicked':
    case 'SubscriptionRenewed':
    case 'SubscriptionCancelled':
    case 'SubscriptionExpiring':
    case 'RetentionOfferAccepted':
    case 'CardTransactionAuthorized':
    case 'CardTransactionConfirmed':
    case 'CardTransactionDisputed':
      return e;
    default: {
      const _never: never = signal;
      return _never;
    }
  }
}

function recordCard(
  context: CustomerContext,
  signal: CustomerSignal,
  config: LifecycleConfig,
): CustomerContext['card'] {
  if (signal.type === 'PasswordChanged') {
    const { device_id: deviceId, country } = signal.properties;
    const last = context.card.passwordChange;
    // The latest change counts (signals may arrive out of order).
    if (last !== null && toMillis(last.at) > toMillis(signal.occurredAt)) return context.card;
    return {
      ...context.card,
      passwordChange: {
        at: signal.occurredAt,
        ...(deviceId !== undefined && { deviceId }),
        ...(country !== undefined && { country }),
      },
    };
  }
  if (signal.type !== 'CardTransactionAuthorized') return context.card;
  const { country, merchant, device_id: device } = signal.properties;
  const { amount, currency } = billedAmount(signal);
  const card = context.card;
  const max = card.maxAmounts.find((m) => m.currency === currency);
  const others = card.maxAmounts.filter((m) => m.currency !== currency);
  const knownMerchant = card.merchants.includes(merchant);
  return {
    transactionCount: card.transactionCount + 1,
    recentTransactions: appendBounded(
      card.recentTransactions,
      {
        at: signal.occurredAt,
        amount,
        currency,
        country,
        merchant,
        firstAtMerchant: !knownMerchant,
        firstInCountry: !card.countries.includes(country),
        ...(signal.properties.channel !== undefined && { channel: signal.properties.channel }),
        atNight: isNight(signal.properties.local_time, config),
      },
      config.recentTransactions,
    ),
    countries: card.countries.includes(country)
      ? card.countries
      : appendBounded(card.countries, country, contextBounds.countries),
    merchants: rememberDistinct(card.merchants, merchant, contextBounds.merchants),
    maxAmounts: appendBounded(
      others,
      { currency, amount: Math.max(max?.amount ?? 0, amount) },
      contextBounds.currencies,
    ),
    devices: device === undefined ? card.devices : rememberDistinct(card.devices, device, contextBounds.devices),
    passwordChange: card.passwordChange,
  };
}

function recordCart(cart: CartState, signal: CustomerSignal): CartState {
  switch (signal.type) {
    case 'ProductAdded': {
      const p = signal.properties;
      const items = p.cart_id === cart.cartId ? cart.items : [];
      const existing = items.find((i) => i.product_id === p.product_id);
      const quantity = (existing?.quantity ?? 0) + (p.quantity ?? 1);
      const line: ProductLine = {
        product_id: p.product_id,
        ...(p.sku !== undefined ? { sku: p.sku } : {}),
        ...(p.name !== undefined ? { name: p.name } : {}),
        ...(p.price !== undefined ? { price: p.price } : {}),
        quantity,
      };
      return {
        cartId: p.cart_id,
        items: appendBounded(
          items.filter((i) => i.product_id !== p.product_id),
          line,
          contextBounds.cartItems,
        ),
        updatedAt: signal.occurredAt,
        recoveryDueAt: cart.recoveryDueAt,
      };
    }
    case 'ProductRemoved': {
      const p = signal.properties;
      if (p.cart_id !== cart.cartId) return cart;
      const items = cart.items.flatMap((i) => {
        if (i.product_id !== p.product_id) return [i];
        const left = p.quantity === undefined ? 0 : (i.quantity ?? 1) - p.quantity;
        return left > 0 ? [{ ...i, quantity: left }] : [];
      });
      return { ...cart, items, updatedAt: signal.occurredAt };
    }
    case 'CartViewed': {
      const p = signal.properties;
      // The cart's own listing is authoritative for its contents but is not an update by the customer.
      if (p.cart_id !== cart.cartId || p.products === undefined) return cart;
      return { ...cart, items: p.products.slice(0, contextBounds.cartItems) };
    }
    case 'OrderCompleted':
      return { cartId: null, items: [], updatedAt: null, recoveryDueAt: null };
    case 'SignedUp':
    case 'SignedIn':
    case 'SignedOut':
    case 'PasswordChanged':
    case 'SessionEnded':
    case 'PageViewed':
    case 'ScreenViewed':
    case 'GroupIdentified':
    case 'ProductViewed':
    case 'CheckoutStarted':
    case 'FeatureUsed':
    case 'EmailOpened':
    case 'EmailLinkClicked':
    case 'SupportTicketOpened':
    case 'SupportTicketResolved':
    case 'SubscriptionRenewed':
    case 'SubscriptionCancelled':
    case 'SubscriptionExpiring':
    case 'RetentionOfferAccepted':
    case 'CardTransactionAuthorized':
    case 'CardTransactionConfirmed':
    case 'CardTransactionDisputed':
      return cart;
    default: {
      const _never: never = signal;
      return _never;
    }
  }
}

/** Signals that show the customer using the product; billing, card and email-open events do not. */
export function isActivity(signal: CustomerSignal): boolean {
  switch (signal.type) {
    case 'SignedUp':
    case 'SignedIn':
    case 'SignedOut':
    case 'SessionEnded':
    case 'PageViewed':
    case 'ScreenViewed':
    case 'ProductViewed':
    case 'ProductAdded':
    case 'ProductRemoved':
    case 'CartViewed':
    case 'CheckoutStarted':
    case 'OrderCompleted':
    case 'FeatureUsed':
    case 'EmailLinkClicked':
      return true;
    case 'GroupIdentified':
    case 'PasswordChanged':
    case 'EmailOpened':
    case 'SupportTicketOpened':
    case 'SupportTicketResolved':
    case 'SubscriptionRenewed':
    case 'SubscriptionCancelled':
    case 'SubscriptionExpiring':
    case 'RetentionOfferAccepted':
    case 'CardTransactionAuthorized':
    case 'CardTransactionConfirmed':
    case 'CardTransactionDisputed':
      return false;
    default: {
      const _never: never = signal;
      return _never;
    }
  }
}
