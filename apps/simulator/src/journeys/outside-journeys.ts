import type { CustomerSignal } from '@heed/domain';
import { SeededRandom } from '@heed/simulator';
import {
  cardTransaction,
  coreSession,
  day,
  session,
  signedUp,
  subscriptionExpiring,
  subscriptionRenewed,
} from '../../../../libs/domain/src/testing';

/**
 * Customer journeys the simulator's personas do not tell, for checking that detection holds beyond
 * the populations it was tuned on (issue 22, ADRs 0087 and 0088). Each journey draws one customer
 * from a seeded random source: `runJourneys` folds many of each through the lifecycle and counts
 * how many were flagged (churn) or frozen (fraud), and when.
 */
export type Journey = Readonly<{
  name: string;
  kind: 'churn' | 'fraud';
  /** What Heed should do: `flag` / `freeze` (by the third transaction of the run, for fraud), or leave them be. */
  expected: 'flag' | 'freeze' | 'nothing';
  /**
   * Churn: days that pass without a signal after the journey's last one before it is judged: 2
   * unless the journey's customer goes on being silent (a fade into silence, a customer gone).
   */
  silentAfterDays?: number;
  /** The customer's signals, in time order; for fraud, `run` is how many of the last ones are the run judged. */
  draw: (rng: SeededRandom) => Readonly<{ signals: CustomerSignal[]; run?: number }>;
}>;

/** Test day 0 is a Monday (2026-03-02); a journey lasts 8 weeks. */
const WEEKS = 8;
const weekday = (d: number) => d % 7 < 5;
const at = (d: number, hour: number, minute = 0) =>
  day(d, `${String(Math.floor(hour)).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);

/**
 * A subscriber: signed up on day 0, monthly renewals, and a session on each day `uses(d)` says, in
 * the daytime unless it names the hour (UTC, and the minute) it starts at; for `weeks` weeks.
 */
function subscriber(
  rng: SeededRandom,
  uses: (d: number) => Readonly<{ minutes: number; core: boolean; hour?: number; minute?: number }> | null,
  weeks = WEEKS,
): CustomerSignal[] {
  const signals: CustomerSignal[] = [signedUp(at(0, 8))];
  for (let d = 0; d < weeks * 7; d++) {
    const use = uses(d);
    if (use !== null) {
      const start = at(d, use.hour ?? rng.between(8, 18), use.minute ?? rng.int(0, 59));
      signals.push(...(use.core ? coreSession : session)(start, Math.round(use.minutes * 60)));
    }
    if (d % 30 === 23) {
      signals.push(subscriptionExpiring('sub-1', at(d + 7, 0), at(d, 6)), subscriptionRenewed('sub-1', at(d, 10)));
    }
  }
  return signals.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
}

/** A usual session: 15–40 minutes, the core feature three times in four. */
const usual = (rng: SeededRandom) => ({ minutes: rng.between(15, 40), core: rng.chance(0.75) });

export const churnJourneys: readonly Journey[] = [
  {
    name: 'every weekday, steady',
    kind: 'churn',
    expected: 'nothing',
    draw: (rng) => ({ signals: subscriber(rng, (d) => (weekday(d) && rng.chance(0.85) ? usual(rng) : null)) }),
  },
  {
    name: 'once a week, on Mondays',
    kind: 'churn',
    expected: 'nothing',
    draw: (rng) => ({ signals: subscriber(rng, (d) => (d % 7 === 0 && rng.chance(0.9) ? usual(rng) : null)) }),
  },
  {
    name: 'once a week, any day',
    kind: 'churn',
    expected: 'nothing',
    draw: (rng) => {
      const dayOfWeek = Array.from({ length: WEEKS }, () => rng.int(0, 6));
      return {
        signals: subscriber(rng, (d) =>
          d % 7 === dayOfWeek[Math.floor(d / 7)] && rng.chance(0.9) ? usual(rng) : null,
        ),
      };
    },
  },
  {
    name: 'a long day every other week',
    kind: 'churn',
    expected: 'nothing',
    draw: (rng) => ({
      signals: subscriber(rng, (d) => (d % 14 === 3 || d % 14 === 4 ? { minutes: 60, core: true } : null)),
    }),
  },
  {
    name: 'in clumps: 3–4 days on, 4–9 off',
    kind: 'churn',
    expected: 'nothing',
    draw: (rng) => {
      const on = new Set<number>();
      for (let d = 0; d < WEEKS * 7;) {
        const days = rng.int(3, 4);
        for (let i = 0; i < days; i++) on.add(d + i);
        d += days + rng.int(4, 9);
      }
      return { signals: subscriber(rng, (d) => (on.has(d) ? usual(rng) : null)) };
    },
  },
  {
    name: 'weekends only',
    kind: 'churn',
    expected: 'nothing',
    draw: (rng) => ({ signals: subscriber(rng, (d) => (!weekday(d) && rng.chance(0.85) ? usual(rng) : null)) }),
  },
  {
    name: 'every weekday, a three-minute session with the core feature',
    kind: 'churn',
    expected: 'nothing',
    draw: (rng) => ({
      signals: subscriber(rng, (d) =>
        weekday(d) && rng.chance(0.85) ? { minutes: rng.between(2, 4), core: true } : null,
      ),
    }),
  },
  {
    name: 'every weekday, a session from 23:30 UTC past midnight',
    kind: 'churn',
    expected: 'nothing',
    draw: (rng) => ({
      signals: subscriber(rng, (d) =>
        weekday(d) && rng.chance(0.85)
          ? { minutes: rng.between(35, 60), core: rng.chance(0.75), hour: 23, minute: rng.int(30, 55) }
          : null,
      ),
    }),
  },
  {
    name: 'every weekday, then every day of week 3 long (a deadline), then as before',
    kind: 'churn',
    expected: 'nothing',
    draw: (rng) => ({
      signals: subscriber(rng, (d) =>
        d >= 14 && d < 21
          ? { minutes: rng.between(90, 180), core: true }
          : weekday(d) && rng.chance(0.85)
            ? usual(rng)
            : null,
      ),
    }),
  },
  {
    name: 'monthly: the second and third days of every 30 (invoicing), for 20 weeks',
    kind: 'churn',
    expected: 'nothing',
    draw: (rng) => ({ signals: subscriber(rng, (d) => (d % 30 === 1 || d % 30 === 2 ? usual(rng) : null), 20) }),
  },
  {
    name: 'seasonal: set up on day 0, then a day or two a week, every weekday of weeks 2 and 6',
    kind: 'churn',
    expected: 'nothing',
    draw: (rng) => ({
      signals: subscriber(rng, (d) =>
        d === 0
          ? usual(rng)
          : (d >= 7 && d < 14) || (d >= 35 && d < 42)
            ? weekday(d) && rng.chance(0.9)
              ? usual(rng)
              : null
            : rng.chance(1.5 / 7)
              ? rng.chance(0.5)
                ? { minutes: rng.between(0.5, 1.8), core: false }
                : { minutes: rng.between(5, 20), core: rng.chance(0.3) }
              : null,
      ),
    }),
  },
  {
    name: 'every weekday for two weeks, then about two days a week',
    kind: 'churn',
    expected: 'nothing',
    draw: (rng) => ({
      signals: subscriber(rng, (d) =>
        d < 14 ? (weekday(d) && rng.chance(0.9) ? usual(rng) : null) : rng.chance(2 / 7) ? usual(rng) : null,
      ),
    }),
  },
  {
    name: 'every weekday, then Tuesdays and Thursdays from week 4 (a new job)',
    kind: 'churn',
    expected: 'nothing',
    draw: (rng) => ({
      signals: subscriber(rng, (d) =>
        (d < 21 ? weekday(d) : d % 7 === 1 || d % 7 === 3) && rng.chance(0.85) ? usual(rng) : null,
      ),
    }),
  },
  {
    name: 'every weekday, with three weeks of holiday from day 19 (23 days or more without use)',
    kind: 'churn',
    expected: 'nothing',
    draw: (rng) => ({
      signals: subscriber(rng, (d) => (weekday(d) && (d < 19 || d > 41) && rng.chance(0.9) ? usual(rng) : null)),
    }),
  },
  {
    name: 'every weekday, then two-minute sessions without the core feature from week 5',
    kind: 'churn',
    expected: 'flag',
    draw: (rng) => ({
      signals: subscriber(rng, (d) =>
        weekday(d) && rng.chance(0.85) ? (d < 28 ? usual(rng) : { minutes: rng.between(1, 2.5), core: false }) : null,
      ),
    }),
  },
  {
    name: 'every weekday, then fading to nothing over weeks 4–6, silent four weeks more',
    kind: 'churn',
    expected: 'flag',
    silentAfterDays: 28,
    draw: (rng) => ({
      signals: subscriber(rng, (d) => {
        const e = d < 21 ? 1 : Math.max(0, 1 - (d - 21) / 21);
        return weekday(d) && rng.chance(0.85 * e)
          ? { minutes: rng.between(15, 40) * (0.4 + 0.6 * e), core: rng.chance(0.75 * e) }
          : null;
      }),
    }),
  },
  {
    name: 'every weekday for three weeks, then gone without cancelling',
    kind: 'churn',
    expected: 'flag',
    silentAfterDays: 28,
    draw: (rng) => ({
      signals: subscriber(rng, (d) => (d < 21 && weekday(d) && rng.chance(0.85) ? usual(rng) : null)),
    }),
  },
];

const homeShops = ['Corner Shop', 'Bakery', 'Supermarket', 'Pharmacy', 'Bookshop', 'Cafe'];

/** Four weeks of a cardholder's purchases at home (DE), in shops they know, 8–60 EUR, in the daytime. */
function cardHistory(rng: SeededRandom): CustomerSignal[] {
  const signals: CustomerSignal[] = [signedUp(at(0, 8))];
  let n = 0;
  for (let d = 1; d < 29; d++) {
    for (let i = rng.int(1, 3); i > 0; i--) {
      const hour = rng.between(9, 20);
      signals.push(
        cardTransaction(at(d, hour, rng.int(0, 59)), {
          transaction_id: `tx-${n++}`,
          amount: Math.round(rng.between(800, 6_000)),
          merchant: rng.pick(homeShops),
          channel: 'in_store',
          local_time: `${String(Math.floor(hour)).padStart(2, '0')}:00`,
        }),
      );
    }
  }
  return signals.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
}

type Purchase = Readonly<{
  minutes: number;
  amount: number;
  merchant: string;
  country?: string;
  channel?: 'in_store' | 'online';
  /** Where the purchase is made, `HH:MM`; 14:00 unless said. */
  localTime?: string;
}>;

/** A cardholder's history, then `purchases` on day 30 from 14:00 (minutes after it). */
function cardRun(
  rng: SeededRandom,
  purchases: readonly Purchase[],
): Readonly<{ signals: CustomerSignal[]; run: number }> {
  const start = Date.parse(at(30, 14));
  const run = purchases.map((p, i) =>
    cardTransaction(new Date(start + p.minutes * 60_000).toISOString(), {
      transaction_id: `run-${i}`,
      amount: p.amount,
      merchant: p.merchant,
      country: p.country ?? 'DE',
      ...(p.channel !== undefined && { channel: p.channel }),
      local_time: p.localTime ?? '14:00',
    }),
  );
  return { signals: [...cardHistory(rng), ...run], run: run.length };
}

/** `count` purchases in a row, each `gap` minutes (drawn between its bounds) after the one before. */
const inARow = (
  rng: SeededRandom,
  count: number,
  gap: readonly [number, number],
  purchase: () => Omit<Purchase, 'minutes'>,
): Purchase[] => {
  let minutes = 0;
  return Array.from({ length: count }, () => {
    minutes += rng.between(...gap);
    return { minutes, ...purchase() };
  });
};

const tiny = (rng: SeededRandom) => rng.int(50, 290);
const newMerchant = (rng: SeededRandom, kind: string) => `${kind} ${rng.int(1, 9_999)}`;

/** Card testing: 3–5 tiny amounts at new online merchants minutes apart, then a large one (at home unless `country`). */
function testedThenLarge(rng: SeededRandom, country?: string): Purchase[] {
  const where = country === undefined ? {} : { country };
  const probes = inARow(rng, rng.int(3, 5), [0.5, 4], () => ({
    amount: tiny(rng),
    merchant: newMerchant(rng, 'Shop'),
    ...where,
    channel: 'online',
  }));
  const large: Purchase = {
    minutes: probes.at(-1)!.minutes + 5,
    amount: rng.int(20_000, 60_000),
    merchant: newMerchant(rng, 'Shop'),
    ...where,
    channel: 'online',
  };
  return [...probes, large];
}

export const fraudJourneys: readonly Journey[] = [
  {
    name: 'one small online purchase at a new merchant (an app, an e-book)',
    kind: 'fraud',
    expected: 'nothing',
    draw: (rng) =>
      cardRun(rng, [{ minutes: 0, amount: rng.int(49, 499), merchant: newMerchant(rng, 'E-book'), channel: 'online' }]),
  },
  {
    name: 'in-app purchases: 0.99 three times in an hour at a new merchant',
    kind: 'fraud',
    expected: 'nothing',
    draw: (rng) => {
      const app = newMerchant(rng, 'Game');
      return cardRun(rng, [
        { minutes: 0, amount: 99, merchant: app, channel: 'online' },
        { minutes: rng.between(12, 25), amount: 99, merchant: app, channel: 'online' },
        { minutes: rng.between(40, 60), amount: 99, merchant: app, channel: 'online' },
      ]);
    },
  },
  {
    name: 'a fuel pump: 1.00 check, then the fill, in store',
    kind: 'fraud',
    expected: 'nothing',
    draw: (rng) => {
      const station = newMerchant(rng, 'Fuel');
      return cardRun(rng, [
        { minutes: 0, amount: 100, merchant: station, channel: 'in_store' },
        { minutes: rng.between(2, 6), amount: rng.int(3_000, 9_000), merchant: station, channel: 'in_store' },
      ]);
    },
  },
  {
    name: 'parking and tolls: three small amounts in store within half an hour',
    kind: 'fraud',
    expected: 'nothing',
    draw: (rng) =>
      cardRun(rng, [
        { minutes: 0, amount: rng.int(150, 290), merchant: newMerchant(rng, 'Parking'), channel: 'in_store' },
        {
          minutes: rng.between(8, 14),
          amount: rng.int(150, 290),
          merchant: newMerchant(rng, 'Toll'),
          channel: 'in_store',
        },
        {
          minutes: rng.between(20, 30),
          amount: rng.int(150, 290),
          merchant: newMerchant(rng, 'Toll'),
          channel: 'in_store',
        },
      ]),
  },
  {
    name: 'a shopping spree online: four purchases at new shops within an hour, 20–80 EUR each',
    kind: 'fraud',
    expected: 'nothing',
    draw: (rng) =>
      cardRun(
        rng,
        inARow(rng, 4, [5, 18], () => ({
          amount: rng.int(2_000, 8_000),
          merchant: newMerchant(rng, 'Fashion'),
          channel: 'online',
        })),
      ),
  },
  {
    name: 'a laptop online: one purchase of 600–1,500 EUR at a new shop, in the daytime',
    kind: 'fraud',
    expected: 'nothing',
    draw: (rng) =>
      cardRun(rng, [
        { minutes: 0, amount: rng.int(60_000, 150_000), merchant: newMerchant(rng, 'Electronics'), channel: 'online' },
      ]),
  },
  {
    name: 'a first afternoon abroad (FR), in store: a café, a taxi, a hotel',
    kind: 'fraud',
    expected: 'nothing',
    draw: (rng) =>
      cardRun(rng, [
        {
          minutes: 0,
          amount: rng.int(400, 1_500),
          merchant: newMerchant(rng, 'Café'),
          country: 'FR',
          channel: 'in_store',
        },
        {
          minutes: rng.between(30, 60),
          amount: rng.int(2_000, 6_000),
          merchant: newMerchant(rng, 'Taxi'),
          country: 'FR',
          channel: 'in_store',
        },
        {
          minutes: rng.between(70, 120),
          amount: rng.int(15_000, 40_000),
          merchant: newMerchant(rng, 'Hotel'),
          country: 'FR',
          channel: 'in_store',
        },
      ]),
  },
  {
    name: 'a late arrival abroad (IT): a taxi from the airport after midnight, in store, 25–45 EUR',
    kind: 'fraud',
    expected: 'nothing',
    draw: (rng) =>
      cardRun(rng, [
        {
          minutes: 0,
          amount: rng.int(2_500, 4_500),
          merchant: newMerchant(rng, 'Taxi'),
          country: 'IT',
          channel: 'in_store',
          localTime: `00:${String(rng.int(10, 59)).padStart(2, '0')}`,
        },
      ]),
  },
  {
    name: 'a coffee at a new café in store, then a bus ticket in an app minutes later (3.50–8.00)',
    kind: 'fraud',
    expected: 'nothing',
    draw: (rng) =>
      cardRun(rng, [
        { minutes: 0, amount: rng.int(300, 800), merchant: newMerchant(rng, 'Café'), channel: 'in_store' },
        {
          minutes: rng.between(2, 9),
          amount: rng.int(350, 800),
          merchant: newMerchant(rng, 'Bus App'),
          channel: 'online',
        },
      ]),
  },
  {
    name: 'a foreign online subscription: 9.99 at a new merchant in the US',
    kind: 'fraud',
    expected: 'nothing',
    draw: (rng) =>
      cardRun(rng, [
        { minutes: 0, amount: 999, merchant: newMerchant(rng, 'Streaming'), country: 'US', channel: 'online' },
      ]),
  },
  {
    name: 'furniture in store: one purchase of 400–900 EUR at a new shop',
    kind: 'fraud',
    expected: 'nothing',
    draw: (rng) =>
      cardRun(rng, [
        { minutes: 0, amount: rng.int(40_000, 90_000), merchant: newMerchant(rng, 'Furniture'), channel: 'in_store' },
      ]),
  },
  {
    name: 'a day trip abroad (AT), in store: three purchases of 10–40 EUR, an hour or more apart',
    kind: 'fraud',
    expected: 'nothing',
    draw: (rng) =>
      cardRun(
        rng,
        inARow(rng, 3, [60, 100], () => ({
          amount: rng.int(1_000, 4_000),
          merchant: newMerchant(rng, 'Shop'),
          country: 'AT',
          channel: 'in_store',
        })),
      ),
  },
  {
    name: 'a card tested at home: tiny amounts at new online merchants, then a large one',
    kind: 'fraud',
    expected: 'freeze',
    draw: (rng) => cardRun(rng, testedThenLarge(rng)),
  },
  {
    name: 'a card tested on one donation page: tiny amounts minutes apart',
    kind: 'fraud',
    expected: 'freeze',
    draw: (rng) => {
      const page = newMerchant(rng, 'Donation');
      return cardRun(
        rng,
        inARow(rng, rng.int(4, 6), [0.5, 3], () => ({ amount: tiny(rng), merchant: page, channel: 'online' })),
      );
    },
  },
  {
    name: 'a card tested at home, the producer sending no channel',
    kind: 'fraud',
    expected: 'freeze',
    draw: (rng) =>
      cardRun(
        rng,
        inARow(rng, rng.int(3, 5), [0.5, 4], () => ({ amount: tiny(rng), merchant: newMerchant(rng, 'Shop') })),
      ),
  },
  {
    name: 'a card tested abroad (US) online in the daytime: tiny amounts, then a large one',
    kind: 'fraud',
    expected: 'freeze',
    draw: (rng) => cardRun(rng, testedThenLarge(rng, 'US')),
  },
  {
    name: 'a card tested slowly: tiny amounts at new online merchants 20–40 minutes apart',
    kind: 'fraud',
    expected: 'freeze',
    draw: (rng) =>
      cardRun(
        rng,
        inARow(rng, 5, [20, 40], () => ({ amount: tiny(rng), merchant: newMerchant(rng, 'Shop'), channel: 'online' })),
      ),
  },
  {
    name: 'a stolen card online: 500–900 EUR at new shops, four in half an hour',
    kind: 'fraud',
    expected: 'freeze',
    draw: (rng) =>
      cardRun(
        rng,
        inARow(rng, 4, [3, 10], () => ({
          amount: rng.int(50_000, 90_000),
          merchant: newMerchant(rng, 'Electronics'),
          channel: 'online',
        })),
      ),
  },
  {
    name: 'a card copied at home, in store: four purchases of 150–400 EUR at new shops within two hours',
    kind: 'fraud',
    expected: 'freeze',
    draw: (rng) =>
      cardRun(
        rng,
        inARow(rng, 4, [10, 35], () => ({
          amount: rng.int(15_000, 40_000),
          merchant: newMerchant(rng, 'Electronics'),
          channel: 'in_store',
        })),
      ),
  },
  {
    name: 'a card copied abroad (BR), in store: three purchases of 80–200 EUR in an hour',
    kind: 'fraud',
    expected: 'freeze',
    draw: (rng) =>
      cardRun(
        rng,
        inARow(rng, 3, [10, 25], () => ({
          amount: rng.int(8_000, 20_000),
          merchant: newMerchant(rng, 'Store'),
          country: 'BR',
          channel: 'in_store',
        })),
      ),
  },
];
