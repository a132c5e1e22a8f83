import type { CardholderPersona, CardholderTruth, FraudBurst } from '../population/ground-truth';
import { DAY, HOUR, MINUTE, type SimulationWindow } from '../population/simulation-window';
import type { SeededRandom } from '../random/seeded-random';
import { CustomerTimeline } from './customer-timeline';

/** Shares of cardholder personas in a population. */
export const cardholderPersonaMix: Readonly<Record<CardholderPersona, number>> = {
  everyday: 0.4,
  traveller: 0.2,
  'night-shift': 0.1,
  'large-purchase': 0.1,
  'fraud-victim': 0.2,
};

/** Shares of fraud styles among bursts. */
export const fraudStyleMix: Readonly<Record<FraudBurst['style'], number>> = {
  foreign: 0.45,
  'domestic-online': 0.2,
  'card-testing': 0.2,
  'account-takeover': 0.15,
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
/** Chance that a cardholder changes their own password within the window. */
const ownPasswordChangeChance = 0.1;
/** A cardholder makes a small online purchase at a new merchant about once in this many days … */
const smallOnlineEveryDays = 21;
/** … of this much (minor units of the home currency) … */
const smallOnlineAmount = [49, 499] as const;
/** … at one of these kinds of merchant (each with its own number: a merchant the card never used). */
const smallOnlineMerchants = ['App', 'E-book', 'Donation', 'Streaming', 'Parking App', 'Card Check'];
const onlineMerchants = ['Electro Online', 'Gift Cards 24', 'Luxury Outlet', 'Game Keys', 'Crypto Top-up'];

type Transaction = {
  at: number;
  amount: number;
  country: string;
  currency: string;
  merchant: string;
  utcOffset: number;
  /** Card present (a shop) or not (online); online merchants unless said. */
  channel?: 'in_store' | 'online';
  /** The device of an online payment, unless it is the cardholder's own. */
  device?: string;
};
/** Small purchases a traveller makes on arrival and on the way: transit, coffee, a SIM card. */
const travelErrands = ['Airport Transit', 'Kiosk', 'Coffee Bar', 'SIM Shop', 'Ticket Machine'];

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

  // The cardholder's own device pays online; some change phones within the weeks.
  const newPhoneAt = rng.chance(0.1) ? signUp + rng.between(5, window.days) * DAY : Number.POSITIVE_INFINITY;
  const ownDevice = (at: number) => `device-${customerId}-${at < newPhoneAt ? 1 : 2}`;
  for (let dayStart = Math.floor(signUp / DAY) * DAY + DAY; dayStart < window.end; dayStart += DAY) {
    const trip = trips.find((t) => dayStart >= t.from && dayStart < t.to);
    if (trip !== undefined && dayStart - trip.from < DAY) {
      // The day of arrival: two or three errands within the hour after landing, at mid-day.
      let at = dayStart + (rng.between(10, 16) - trip.country.utcOffset) * HOUR;
      for (let i = rng.int(2, 3); i > 0; i--) {
        at += rng.between(5, 25) * MINUTE;
        transactions.push({
          at,
          amount: Math.round(rng.between(150, 1_800)),
          country: trip.country.code,
          currency: trip.country.currency,
          merchant: `${rng.pick(travelErrands)} ${rng.int(1, 99)}`,
          utcOffset: trip.country.utcOffset,
          channel: 'in_store',
          fraud: false,
        });
      }
    }
    const place = trip?.country ?? home;
    const count = rng.poisson(trip ? perDay * 1.5 : perDay);
    for (let i = 0; i < count; i++) {
      // Local hours: mostly daytime; night owls exist; a night shift spends from the evening to the morning.
      const localHour =
        persona === 'night-shift' && rng.chance(0.8)
          ? rng.between(21, 31) % 24
          : rng.chance(0.02)
            ? rng.between(0, 5)
            : clamp(rng.normal(14, 3.5), 7, 23.9);
      const at = dayStart + (localHour - place.utcOffset) * HOUR;
      const big = rng.chance(trip ? 0.12 : 0.03);
      // Abroad, a quarter of the purchases are small ones (a coffee, a ticket).
      const errand = trip !== undefined && rng.chance(0.25);
      const amount = errand
        ? Math.round(rng.between(150, 600))
        : Math.max(100, Math.round(rng.logNormal(typical, 0.45) * (big ? rng.between(3, 8) : 1)));
      const merchant = errand
        ? `${rng.pick(travelErrands)} ${rng.int(1, 99)}`
        : legitimateMerchant(rng, trip !== undefined);
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

  if (persona === 'large-purchase') {
    // One purchase of 10–30 times the usual amount, in the daytime at home, at a shop never used
    // before: a sofa, a laptop, a bicycle. In the shop, or online.
    const at = signUp + rng.between(7, Math.max(8, window.days - 2)) * DAY;
    const online = rng.chance(0.4);
    transactions.push({
      at: Math.floor(at / DAY) * DAY + (rng.between(10, 18) - home.utcOffset) * HOUR,
      amount: Math.round(typical * rng.between(10, 30)),
      country: home.code,
      currency: home.currency,
      merchant: `${rng.pick(['Furniture', 'Electronics', 'Bikes', 'Appliances'])} ${online ? 'Online' : 'Store'} ${rng.int(1, 99)}`,
      utcOffset: home.utcOffset,
      channel: online ? 'online' : 'in_store',
      fraud: false,
    });
  }

  const bursts: FraudBurst[] = [];
  const fraudTx: Array<Transaction & { fraud: boolean }> = [];
  let style: FraudBurst['style'] | undefined;
  if (persona === 'fraud-victim') {
    style = rng.weighted(fraudStyleMix);
    const at = signUp + rng.between(7, Math.max(8, window.days - 4)) * DAY;
    fraudTx.push(...fraudBurst(style, rng, at, home, typical, customerId));
  }

  const all = [...transactions, ...fraudTx].sort((a, b) => a.at - b.at);
  const ids: string[] = [];
  const burstIds: string[] = [];
  let n = 0;
  for (const tx of all) {
    const id = `tx-${customerId}-${n++}`;
    const local = new Date(tx.at + tx.utcOffset * HOUR);
    const channel = tx.channel ?? (onlineMerchants.includes(tx.merchant) ? 'online' : 'in_store');
    const added = timeline.add('CardTransactionAuthorized', tx.at, {
      transaction_id: id,
      card_id: cardId,
      amount: tx.amount,
      currency: tx.currency,
      // The card network reports what the cardholder is billed, in the card's (home) currency.
      billing_amount: Math.round((tx.amount * eurPer[tx.currency]!) / eurPer[home.currency]!),
      billing_currency: home.currency,
      merchant: tx.merchant,
      channel,
      // Online payments carry the paying device: the cardholder's own, or a fraudster's after an
      // account takeover (other fraud comes through merchants that do not send one).
      ...(channel === 'online' &&
        (tx.device !== undefined || !tx.fraud) && { device_id: tx.device ?? ownDevice(tx.at) }),
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

  // Password changes, drawn after everything else so that the rest of the customer is the same
  // with them: whoever took an account over changes its password from their own device and place
  // shortly before the first transaction; now and then a cardholder changes theirs, at home.
  const takenOver = style === 'account-takeover' ? fraudTx[0] : undefined;
  if (takenOver !== undefined)
    timeline.add('PasswordChanged', takenOver.at - rng.between(5, 90) * MINUTE, {
      ...(takenOver.device !== undefined && { device_id: takenOver.device }),
      country: takenOver.country,
    });
  if (rng.chance(ownPasswordChangeChance)) {
    const at = signUp + rng.between(1, Math.max(2, window.days - 1)) * DAY;
    timeline.add('PasswordChanged', at, { device_id: ownDevice(at), country: home.code });
  }
  // Small online purchases at merchants the card never used (an app, an e-book, a donation, the
  // check a new service makes when the card is added), about one every three weeks: drawn last, so
  // that the rest of the customer is as before.
  const smallOnline = rng.poisson(window.days / smallOnlineEveryDays);
  for (let i = 0; i < smallOnline; i++) {
    const dayStart = Math.floor((signUp + rng.between(1, Math.max(2, window.days)) * DAY) / DAY) * DAY;
    const localHour = clamp(rng.normal(15, 4), 7, 23.5);
    const at = dayStart + (localHour - home.utcOffset) * HOUR;
    const amount = rng.int(...smallOnlineAmount);
    const merchant = `${rng.pick(smallOnlineMerchants)} ${rng.int(1, 9_999)}`;
    const id = `tx-${customerId}-small-${i}`;
    const local = new Date(at + home.utcOffset * HOUR);
    if (at <= signUp) continue;
    const added = timeline.add('CardTransactionAuthorized', at, {
      transaction_id: id,
      card_id: cardId,
      amount,
      currency: home.currency,
      billing_amount: amount,
      billing_currency: home.currency,
      merchant,
      channel: 'online',
      device_id: ownDevice(at),
      country: home.code,
      local_time: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`,
    });
    if (added) ids.push(id);
  }
  // In time order, as the card network reports them.
  const signals = timeline.signals();
  const order = new Map(
    signals.flatMap((s, i) => (s.type === 'CardTransactionAuthorized' ? [[s.properties.transaction_id, i]] : [])),
  );
  ids.sort((a, b) => order.get(a)! - order.get(b)!);

  return {
    signals,
    truth: { kind: 'cardholder', persona, cardId, homeCountry: home.code, transactionIds: ids, fraudBursts: bursts },
  };
}

type Place = (typeof countries)[number];

/**
 * One compromise of a card, as fraudsters do it:
 * - `foreign`: 2–6 large online purchases from another country, any hour;
 * - `domestic-online`: 2–6 online purchases at home, 2–15 × the typical amount;
 * - `card-testing`: 3–7 tiny amounts (0.50–2.90) from a country the card never saw, in its daytime,
 *   at one to three online merchants, a few minutes apart, then a larger one from the same place;
 * - `account-takeover`: from a new device and a new country, a small purchase that checks the
 *   account, then one or two large ones.
 */
function fraudBurst(
  style: FraudBurst['style'],
  rng: SeededRandom,
  at: number,
  home: Place,
  typical: number,
  customerId: string,
): Array<Transaction & { fraud: boolean }> {
  const burst: Array<Transaction & { fraud: boolean }> = [];
  const push = (t: number, amount: number, tx: Omit<Transaction, 'at' | 'amount'>) =>
    burst.push({ at: t, amount, ...tx, fraud: true });
  if (style === 'card-testing') {
    const offset = rng.int(-5, 8);
    // Daytime where the fraudster is.
    let t = Math.floor(at / DAY) * DAY + (rng.between(9, 17) - offset) * HOUR;
    const shops = Array.from({ length: rng.int(1, 3) }, () => rng.pick(onlineMerchants));
    const place = { country: rng.pick(fraudCountries), currency: 'USD', utcOffset: offset };
    const probes = rng.int(3, 7);
    for (let i = 0; i < probes; i++) {
      t += rng.between(0.5, 4) * MINUTE;
      push(t, rng.int(50, 290), { ...place, merchant: rng.pick(shops) });
    }
    t += rng.between(1, 10) * MINUTE;
    push(t, Math.round(typical * rng.between(5, 20)), { ...place, merchant: rng.pick(onlineMerchants) });
    return burst;
  }
  if (style === 'account-takeover') {
    const place = { country: rng.pick(fraudCountries), currency: 'EUR', utcOffset: rng.int(-5, 8) };
    const device = `device-ato-${customerId}`;
    let t = at;
    push(t, Math.round(typical * rng.between(0.2, 1)), { ...place, merchant: rng.pick(onlineMerchants), device });
    for (let i = rng.int(1, 2); i > 0; i--) {
      t += rng.between(10, 120) * MINUTE;
      push(t, Math.round(typical * rng.between(8, 25)), { ...place, merchant: rng.pick(onlineMerchants), device });
    }
    return burst;
  }
  const size = rng.int(2, 6);
  const place =
    style === 'foreign'
      ? { country: rng.pick(fraudCountries), currency: 'EUR', utcOffset: rng.int(-5, 8) }
      : { country: home.code, currency: home.currency, utcOffset: home.utcOffset };
  let t = at;
  for (let i = 0; i < size; i++) {
    t += rng.between(1, style === 'foreign' ? 25 : 8) * MINUTE;
    push(t, Math.round(typical * rng.between(style === 'foreign' ? 3 : 2, 15)), {
      ...place,
      merchant: rng.pick(onlineMerchants),
    });
  }
  return burst;
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
