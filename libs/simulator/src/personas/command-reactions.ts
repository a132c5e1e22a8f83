import type { CustomerSignal } from '@heed/domain';
import type { GroundTruth, SaasPersona, ShopperPersona } from '../population/ground-truth';
import { DAY, HOUR } from '../population/simulation-window';
import { SeededRandom } from '../random/seeded-random';

/** A command event as it reached the customer (a delivered request: type, when decided, its data). */
export type ReceivedCommand = Readonly<{
  type: string;
  customerId: string;
  requestedAt: string;
  data: Readonly<Record<string, unknown>>;
}>;

/**
 * How likely each SaaS persona is to answer an action of Heed's, by command: a fading customer has
 * not decided yet and is the most open; one who leaves abruptly has decided; the others were
 * flagged by mistake or are between busy times, and answer as people do to a nudge.
 */
export const saasReactionChances: Readonly<
  Record<SaasPersona, Readonly<{ call: number; emailOpen: number; emailClick: number; offer: number; renew: number }>>
> = {
  fading: { call: 0.4, emailOpen: 0.5, emailClick: 0.35, offer: 0.3, renew: 0.45 },
  abrupt: { call: 0.05, emailOpen: 0.3, emailClick: 0.05, offer: 0.05, renew: 0.05 },
  returning: { call: 0.15, emailOpen: 0.35, emailClick: 0.2, offer: 0.15, renew: 0.5 },
  healthy: { call: 0.3, emailOpen: 0.6, emailClick: 0.3, offer: 0.3, renew: 0.6 },
  light: { call: 0.25, emailOpen: 0.5, emailClick: 0.25, offer: 0.25, renew: 0.5 },
  seasonal: { call: 0.25, emailOpen: 0.45, emailClick: 0.25, offer: 0.25, renew: 0.5 },
  holiday: { call: 0.1, emailOpen: 0.3, emailClick: 0.15, offer: 0.15, renew: 0.45 },
};

/** How likely a shopper is to open a cart-recovery email, and to check out after it. */
export const shopperReactionChances: Readonly<Record<ShopperPersona, Readonly<{ open: number; buy: number }>>> = {
  'cart-abandoner': { open: 0.45, buy: 0.25 },
  buyer: { open: 0.5, buy: 0.35 },
  browser: { open: 0.35, buy: 0.1 },
};

const iso = (ms: number): string => new Date(Math.round(ms)).toISOString();

/**
 * A simulated customer's answer to a command that reached them: the signals it sends back, in time
 * order (none: no answer). Deterministic: the same customer, command and seed always give the same
 * answer, drawn from a generator of its own, so answering never shifts the population's other
 * draws. A customer who has already cancelled does not answer; cardholders answer verification SMS
 * elsewhere (the quality harness's `replyToVerification`).
 */
export function reactToCommand(truth: GroundTruth, command: ReceivedCommand, seed: number): CustomerSignal[] {
  const at = Date.parse(command.requestedAt);
  const rng = SeededRandom.derive(seed, `react-${command.customerId}-${command.type}-${command.requestedAt}`);
  const { customerId } = command;
  const signal = <T extends CustomerSignal['type']>(
    type: T,
    time: number,
    properties: Extract<CustomerSignal, { type: T }>['properties'],
  ): CustomerSignal => ({ type, customerId, occurredAt: iso(time), version: 1, properties }) as CustomerSignal;

  if (truth.kind === 'saas') {
    if (truth.churnsAt !== null && Date.parse(truth.churnsAt) <= at) return [];
    const chances = saasReactionChances[truth.persona];
    switch (command.type) {
      case 'FlagAccountForSuccessTeamRequested': {
        // The success team calls; a customer it wins back uses the product's core again.
        if (!rng.chance(chances.call)) return [];
        return [signal('FeatureUsed', at + rng.between(4 * HOUR, 3 * DAY), { feature_key: 'reports', is_core: true })];
      }
      case 'ReEngagementEmailRequested': {
        if (!rng.chance(chances.emailOpen)) return [];
        const opened = at + rng.between(1 * HOUR, 2 * DAY);
        const emailId = `re-engagement-${customerId}-${at}`;
        const out = [signal('EmailOpened', opened, { email_id: emailId })];
        if (rng.chance(chances.emailClick))
          out.push(
            signal('EmailLinkClicked', opened + rng.between(1, 10) * 60_000, {
              email_id: emailId,
              link_url: 'https://app.example.com/welcome-back',
            }),
          );
        return out;
      }
      case 'RetentionIncentiveRequested': {
        if (!rng.chance(chances.offer)) return [];
        const accepted = at + rng.between(6 * HOUR, 5 * DAY);
        const out = [
          signal('RetentionOfferAccepted', accepted, {
            offer_id: `offer-${customerId}-${at}`,
            subscription_id: truth.subscriptionId,
          }),
        ];
        // A lapsed subscription comes back with its renewal, which the accepted offer brings.
        if (command.data['trigger'] === 'renewal-lapsed')
          out.push(signal('SubscriptionRenewed', accepted + HOUR, { subscription_id: truth.subscriptionId }));
        return out;
      }
      case 'RenewalReminderRequested': {
        if (!rng.chance(chances.renew)) return [];
        return [
          signal('SubscriptionRenewed', at + rng.between(2 * HOUR, 3 * DAY), { subscription_id: truth.subscriptionId }),
        ];
      }
      default:
        return [];
    }
  }
  if (truth.kind === 'shopper' && command.type === 'CartRecoveryEmailRequested') {
    const chances = shopperReactionChances[truth.persona];
    if (!rng.chance(chances.open)) return [];
    const opened = at + rng.between(30 * 60_000, 1 * DAY);
    const emailId = `cart-recovery-${customerId}-${at}`;
    const out = [signal('EmailOpened', opened, { email_id: emailId })];
    const cartId = typeof command.data['cartId'] === 'string' ? command.data['cartId'] : undefined;
    if (cartId === undefined || !rng.chance(chances.buy)) return out;
    const checkout = opened + rng.between(2, 20) * 60_000;
    out.push(
      signal('EmailLinkClicked', checkout - 60_000, { email_id: emailId, link_url: 'https://shop.example.com/cart' }),
      signal('CheckoutStarted', checkout, { cart_id: cartId }),
      signal('OrderCompleted', checkout + rng.between(2, 8) * 60_000, { order_id: `order-${cartId}-recovered` }),
    );
    return out;
  }
  return [];
}
