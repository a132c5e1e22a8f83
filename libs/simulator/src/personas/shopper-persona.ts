import type { ShopperPersona, ShopperTruth } from '../population/ground-truth';
import { DAY, HOUR, MINUTE, type SimulationWindow } from '../population/simulation-window';
import type { SeededRandom } from '../random/seeded-random';
import { CustomerTimeline } from './customer-timeline';

/** Shares of shopper personas in a population. */
export const shopperPersonaMix: Readonly<Record<ShopperPersona, number>> = {
  browser: 0.5,
  buyer: 0.3,
  'cart-abandoner': 0.2,
};

const SHOP = 'https://shop.example.com';
const catalog = Array.from({ length: 40 }, (_, i) => ({
  id: `p-${100 + i}`,
  price: 990 + ((i * 1_733) % 14_000),
  category: ['shoes', 'shirts', 'bags', 'home', 'outdoor'][i % 5] ?? 'misc',
}));

/** The delay after which an unchecked-out cart counts as abandoned in the ground truth: an hour. */
export const CART_ABANDONED_AFTER_MS = HOUR;

/**
 * One e-commerce shopper: visits with page and product views; buyers check out what they add,
 * abandoners leave carts (and sometimes come back to buy), browsers mostly look.
 */
export function simulateShopper(
  customerId: string,
  rng: SeededRandom,
  window: SimulationWindow,
): { signals: ReturnType<CustomerTimeline['signals']>; truth: ShopperTruth } {
  const persona = rng.weighted(shopperPersonaMix);
  const timeline = new CustomerTimeline(customerId, window.start, window.end);
  const abandoned: string[] = [];
  const signUp = window.start + rng.between(0, 3) * DAY;
  timeline.add('SignedUp', signUp, { type: 'shop' });
  const visitsPerWeek = persona === 'browser' ? rng.between(1, 4) : rng.between(1, 2.5);
  let cartNo = 0;
  let order = 0;
  for (
    let at = signUp + rng.between(0.2, 2) * DAY;
    at < window.end;
    at += rng.between(0.5, 2) * ((7 / visitsPerWeek) * DAY) * 0.8
  ) {
    // A visit on the sign-up day is after the sign-up (right after it, if the hour drawn is earlier).
    const visit = Math.max(Math.floor(at / DAY) * DAY + rng.between(8, 23) * HOUR, signUp + 5 * MINUTE);
    let t = visit;
    const step = (): number => (t += rng.between(20, 180) * 1000);
    timeline.add('PageViewed', t, { url: `${SHOP}/`, path: '/', name: 'Home' });
    const seen = Array.from({ length: rng.int(1, 5) }, () => rng.pick(catalog));
    for (const product of seen) {
      timeline.add('ProductViewed', step(), {
        product_id: product.id,
        category: product.category,
        price: product.price,
        currency: 'EUR',
      });
    }
    const adds =
      persona === 'browser'
        ? rng.chance(0.1)
          ? 1
          : 0
        : rng.chance(persona === 'buyer' ? 0.6 : 0.7)
          ? rng.int(1, 3)
          : 0;
    if (adds === 0) continue;
    const cartId = `cart-${customerId}-${cartNo++}`;
    const lines = seen.slice(0, adds);
    for (const product of lines) {
      timeline.add('ProductAdded', step(), {
        cart_id: cartId,
        product_id: product.id,
        price: product.price,
        quantity: 1,
        currency: 'EUR',
      });
    }
    if (lines.length > 1 && rng.chance(0.25)) {
      timeline.add('ProductRemoved', step(), { cart_id: cartId, product_id: lines.pop()!.id, quantity: 1 });
    }
    timeline.add('CartViewed', step(), { cart_id: cartId });
    const buysNow =
      persona === 'buyer' ? rng.chance(0.85) : persona === 'cart-abandoner' ? rng.chance(0.15) : rng.chance(0.3);
    let checkoutAt = buysNow ? step() : Number.POSITIVE_INFINITY;
    if (!buysNow && persona !== 'browser' && rng.chance(0.4)) {
      // Comes back later to buy the same cart: after the recovery delay, the cart was abandoned meanwhile.
      checkoutAt = t + rng.between(3, 72) * HOUR;
    }
    if (checkoutAt - t > CART_ABANDONED_AFTER_MS && t + CART_ABANDONED_AFTER_MS < window.end) abandoned.push(cartId);
    if (Number.isFinite(checkoutAt)) {
      const value = lines.reduce((sum, p) => sum + p.price, 0);
      const products = lines.map((p) => ({ product_id: p.id, price: p.price, quantity: 1 }));
      timeline.add('CheckoutStarted', checkoutAt, { cart_id: cartId, value, currency: 'EUR', products });
      timeline.add('OrderCompleted', checkoutAt + rng.between(1, 6) * MINUTE, {
        order_id: `o-${customerId}-${order++}`,
        total: value,
        currency: 'EUR',
        products,
      });
    }
  }
  return { signals: timeline.signals(), truth: { kind: 'shopper', persona, abandonedCarts: abandoned } };
}
