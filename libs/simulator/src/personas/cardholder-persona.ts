import type { CardholderPersona, CardholderTruth, FraudBurst } from '../population/ground-truth';
import { DAY, HOUR, MINUTE, type SimulationWindow } from '../population/simulation-window';
import type { SeededRandom } from '../random/seeded-random';
import { CustomerTimeline } from './customer-timeline';

/** Shares of cardholder personas in a population. */
export const cardholderPersonaMix: Readonly<Record<CardholderPersona, number>> = {
  everyday: 0.55,
  traveller: 0.25,
  'fraud-victim': 0.2,
};

/** Shares of fraud styles among bursts. */
export const fraudStyleMix: Readonly<Record<FraudBurst['style'], number>> = {
  foreign: 0.6,
  'domestic-online': 0.25,
  'card-testing': 0.15,
};

const countries: ReadonlyArray<{ code: string; currency: string; utcOffset: number }> = [
  { code: 'DE', currency: 'EUR', utcOffset: 1 },
  { code: 'FR', currency: 'EUR', utcOffset: 1 },
  { code: 'NL', currency: 'EUR', utcOffset: 1 },
  { code: 'ES', currency: 'EUR', utcOffset: 1 },
  { code: 'IT', currency: 'EUR', utcOffset: 1 },
  { code: 'GB', currency: 'GBP', utcOffset: 0 },
  { code: 'US', currency: 'USD', utcOffset: -5 },
  { code: 'PT', currency: 'EUR', utcOffset: 0 },
];
/** Fixed exchange rates of the simulation: euros per unit. */
const eurPer: Readonly<Record<string, number>> = { EUR: 1, GBP: 1.17, USD: 0.92 };
const fraudCountries = ['BR', 'NG', 'RU', 'ID', 'VN', 'UA', 'PH'];
const merchants = [
  'Corner Shop',
  'City Grocer',
  'Metro Transit',
  'Cafe Nord',
  'Book Hall',
  'Pharmacy Plus',
  'Fuel Stop',
  'Cinema 7',
];
const onlineMerchants = ['Electro Online', 'Gift Cards 24', 'Luxury Outlet', 'Game Keys', 'Crypto Top-up'];

type Transaction = {
  at: number;
  amount: number;
  country: string;
  currency: string;
  merchant: string;
  utcOffset: number;
};

/**
 * One cardholder: everyday spending at home (a personal typical amount, daytime hours, now and then
 * a big purchase or a late night), trips abroad for travellers, and for fraud victims one burst of
 * fraudulent transactions, disputed a few days later when the statement arrives.
 */
export function simulateCardholder(
  customerId: string,
  rng: SeededRandom,
  window: SimulationWindow,
): { signals: ReturnType<CustomerTimeline['signals']>; truth: CardholderTruth } {
  const persona = rng.weighted(cardholderPersonaMix);
  const timeline = new CustomerTimeline(customerId, window.start, window.end);
  const cardId = `card-${customerId}`;
  const home = rng.pick(countries);
  const typical = Math.round(rng.between(1_200, 6_000));
  const perDay = rng.between(0.8, 3);
  const transactions: Array<Transaction & { fraud: boolean }> = [];
  const signUp = window.start + rng.between(0, 2) * DAY;
  timeline.add('SignedUp', signUp, { type: 'card' });

  // Trips: a traveller takes one or two, an everyday cardholder rarely one.
  const trips: Array<{ from: number; to: number; country: (typeof countries)[number] }> = [];
  const tripCount = persona === 'traveller' ? rng.int(1, 2) : rng.chance(0.08) ? 1 : 0;
  for (let i = 0; i < tripCount; i++) {
    const from = signUp + rng.between(7, Math.max(8, window.days - 10)) * DAY;
    trips.push({ from, to: from + rng.between(3, 10) * DAY, country: rng.pick(countries.filter((c) => c !== home)) });
  }

  for (let dayStart = Math.floor(signUp / DAY) * DAY + DAY; dayStart < window.end; dayStart += DAY) {
    const trip = trips.find((t) => dayStart >= t.from && dayStart < t.to);
    const place = trip?.country ?? home;
    const count = rng.poisson(trip ? perDay * 1.5 : perDay);
    for (let i = 0; i < count; i++) {
      // Local hours: mostly daytime; night owls exist.
      const localHour = rng.chance(0.02) ? rng.between(0, 5) : clamp(rng.normal(14, 3.5), 7, 23.9);
      const at = dayStart + (localHour - place.utcOffset) * HOUR;
      const big = rng.chance(trip ? 0.12 : 0.03);
      const amount = Math.max(100, Math.round(rng.logNormal(typical, 0.45) * (big ? rng.between(3, 8) : 1)));
      const merchant = legitimateMerchant(rng, trip !== undefined);
      // A morning far east of UTC can fall on the sign-up day: not before the sign-up (drawn all the
      // same, so that nothing else changes).
      if (at <= signUp) continue;
      transactions.push({
        at,
        amount,
        country: place.code,
        currency: place.currency,
        merchant,
        utcOffset: place.utcOffset,
        fraud: false,
      });
    }
  }

  const bursts: FraudBurst[] = [];
  const fraudTx: Array<Transaction & { fraud: boolean }> = [];
  let style: FraudBurst['style'] | undefined;
  if (persona === 'fraud-victim') {
    style = rng.weighted(fraudStyleMix);
    const at = signUp + rng.between(7, Math.max(8, window.days - 4)) * DAY;
    const size = style === 'card-testing' ? rng.int(4, 8) : rng.int(2, 6);
    const abroad = style === 'foreign' ? rng.pick(fraudCountries) : home.code;
    const offset = style === 'foreign' ? rng.int(-5, 8) : home.utcOffset;
    let t = at;
    for (let i = 0; i < size; i++) {
      t += rng.between(style === 'card-testing' ? 0.5 : 1, style === 'foreign' ? 25 : 8) * MINUTE;
      const last = i === size - 1;
      const amount =
        style === 'card-testing' && !last
          ? rng.int(100, 300)
          : Math.round(typical * rng.between(style === 'foreign' ? 3 : 2, 15));
      fraudTx.push({
        at: t,
        amount,
        country: abroad,
        currency: style === 'foreign' ? 'EUR' : home.currency,
        merchant: rng.pick(onlineMerchants),
        utcOffset: offset,
        fraud: true,
      });
    }
  }

  const all = [...transactions, ...fraudTx].sort((a, b) => a.at - b.at);
  const ids: string[] = [];
  const burstIds: string[] = [];
  let n = 0;
  for (const tx of all) {
    const id = `tx-${customerId}-${n++}`;
    const local = new Date(tx.at + tx.utcOffset * HOUR);
    const added = timeline.add('CardTransactionAuthorized', tx.at, {
      transaction_id: id,
      card_id: cardId,
      amount: tx.amount,
      currency: tx.currency,
      // The card network reports what the cardholder is billed, in the card's (home) currency.
      billing_amount: Math.round((tx.amount * eurPer[tx.currency]!) / eurPer[home.currency]!),
      billing_currency: home.currency,
      merchant: tx.merchant,
      channel: onlineMerchants.includes(tx.merchant) ? 'online' : 'in_store',
      country: tx.country,
      local_time: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`,
    });
    if (!added) continue;
    ids.push(id);
    if (tx.fraud) {
      burstIds.push(id);
      // The statement shows it: the cardholder disputes it within days, whatever Heed did.
      timeline.add('CardTransactionDisputed', tx.at + rng.between(1, 3) * DAY, {
        transaction_id: id,
        card_id: cardId,
        reason: 'not mine',
      });
    }
  }
  if (style !== undefined && burstIds.length > 0) bursts.push({ style, transactionIds: burstIds });

  return {
    signals: timeline.signals(),
    truth: { kind: 'cardholder', persona, cardId, homeCountry: home.code, transactionIds: ids, fraudBursts: bursts },
  };
}

/**
 * Where a cardholder spends: mostly their usual shops, now and then a shop they never used before
 * (half the time when abroad), and now and then online, at the same kind of merchants that
 * fraudsters use.
 */
function legitimateMerchant(rng: SeededRandom, abroad: boolean): string {
  const roll = rng.next();
  if (roll < (abroad ? 0.5 : 0.04)) return `${rng.pick(newShopNames)} ${rng.int(1, 999)}`;
  if (roll < 0.07) return rng.pick(onlineMerchants);
  return rng.pick(merchants);
}
const newShopNames = ['Market', 'Boutique', 'Bistro', 'Hardware', 'Garden Centre', 'Pop-up Store'];

const pad = (n: number): string => String(n).padStart(2, '0');
const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));
