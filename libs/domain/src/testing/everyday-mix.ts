import type { CustomerSignal } from '../catalog/signal-catalog';
import { cardTransaction, day, productAdded, productViewed, session, signedIn, viewedPage } from './signal-builders';

/**
 * `n` signals of one customer's ordinary activity, ten minutes between groups: sessions, pricing
 * page views, products viewed and added, card transactions, logins. The mix the benchmarks fold.
 */
export function everydayMix(n: number, customerId?: string): CustomerSignal[] {
  const out: CustomerSignal[] = [];
  const start = Date.parse(day(0));
  const o = customerId === undefined ? undefined : { customerId };
  for (let i = 0; out.length < n; i++) {
    const at = new Date(start + i * 600_000).toISOString();
    const group: CustomerSignal[] =
      i % 5 === 0
        ? session(at, 300, o)
        : i % 5 === 1
          ? [viewedPage('https://shop.example.com/pricing', at, o)]
          : i % 5 === 2
            ? [productViewed(`p-${i % 7}`, at, o), productAdded(`cart-${i % 3}`, `p-${i % 7}`, at, {}, o)]
            : i % 5 === 3
              ? [cardTransaction(at, { transaction_id: `tx-${i}`, amount: 1_000 + (i % 50) * 10 }, o)]
              : [signedIn(at, {}, o)];
    out.push(...group);
  }
  return out.slice(0, n);
}
