import { saasPersonaMix } from '../personas/saas-persona';
import { cardholderPersonaMix, fraudStyleMix } from '../personas/cardholder-persona';
import type { CardholderPersona, FraudBurst, SaasPersona, SimulatedCustomer } from '../population/ground-truth';
import { DAY } from '../population/simulation-window';
import { medianInterval, proportionInterval, type Interval } from './intervals';
import type { ObservedDecisions } from './observed-decisions';

/** Confusion counts and the rates derived from them. */
export type Confusion = Readonly<{
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number;
  recall: number;
  falsePositiveRate: number;
}>;

/** Churn detection over subscribers, with lead times of the caught churners. */
export type ChurnQuality = Confusion &
  Readonly<{
    subscribers: number;
    churners: number;
    /** Days from the first flag to the cancellation, for each churner flagged before cancelling. */
    leadDays: readonly number[];
    medianLeadDays: number;
    /** Churners flagged at least 3 days ahead, over all churners. */
    recallWithThreeDaysLead: number;
    /** Flags of customers without a subscription (shoppers, cardholders): reported, not scored. */
    flagsWithoutSubscription: number;
    /** The same per persona: who is flagged (churners before cancelling), and how far ahead. */
    personas: readonly PersonaChurn[];
    /**
     * 95 % intervals of precision, recall, false-positive rate (Wilson) and median lead (order
     * statistics): how far the same detector's figures may move from one population to the next.
     * Null where there is nothing to count.
     */
    intervals: Readonly<{
      precision: Interval | null;
      recall: Interval | null;
      falsePositiveRate: Interval | null;
      medianLeadDays: Interval | null;
    }>;
  }>;

const personaOrder = Object.keys(saasPersonaMix) as SaasPersona[];

/** Churn flags of one persona's subscribers. */
export type PersonaChurn = Readonly<{
  persona: SaasPersona;
  subscribers: number;
  /** Subscribers flagged: for churners, before they cancel; for the others, at any time. */
  flagged: number;
  /** Median lead of the flagged churners, days; null for personas who stay. */
  medianLeadDays: number | null;
}>;

/** Fraud detection over card transactions. */
export type FraudQuality = Readonly<{
  transactions: number;
  fraudulent: number;
  legitimate: number;
  bursts: number;
  /** Bursts with at least one transaction frozen. */
  burstsCaught: number;
  /** Fraudulent transactions frozen, or made after a freeze of the same burst (the card was frozen). */
  fraudulentCaught: number;
  /** Fraudulent transactions that got through before the burst's first freeze. */
  fraudulentBeforeFreeze: number;
  legitimateFrozen: number;
  recall: number;
  burstRecall: number;
  /** Legitimate transactions frozen over legitimate transactions. */
  falsePositiveRate: number;
  /** Freezes of fraudulent transactions over all freezes. */
  precision: number;
  /** Card-testing bursts, and those frozen by their third transaction. */
  cardTestingBursts: number;
  cardTestingCaughtByThird: number;
  /** Per cardholder persona: legitimate transactions, and how many were frozen. */
  personas: readonly PersonaFraud[];
  /** Per fraud style: bursts, caught, and fraudulent transactions caught (as `fraudulentCaught`). */
  styles: readonly StyleFraud[];
}>;

/** Legitimate transactions frozen, for one cardholder persona. */
export type PersonaFraud = Readonly<{
  persona: CardholderPersona;
  cardholders: number;
  legitimate: number;
  legitimateFrozen: number;
  falsePositiveRate: number;
}>;

/** Fraud caught, for one fraud style. */
export type StyleFraud = Readonly<{
  style: FraudBurst['style'];
  bursts: number;
  burstsCaught: number;
  fraudulent: number;
  fraudulentCaught: number;
  recall: number;
}>;

/** The whole report's figures. */
export type DetectionQuality = Readonly<{ churn: ChurnQuality; fraud: FraudQuality }>;

/** Compares Heed's decisions with the population's ground truth. */
export function measureDetectionQuality(
  customers: readonly SimulatedCustomer[],
  decisions: ReadonlyMap<string, ObservedDecisions>,
): DetectionQuality {
  return { churn: measureChurnQuality(customers, decisions), fraud: measureFraud(customers, decisions) };
}

/** The churn half of `measureDetectionQuality`. */
export function measureChurnQuality(
  customers: readonly SimulatedCustomer[],
  decisions: ReadonlyMap<string, ObservedDecisions>,
): ChurnQuality {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  let subscribers = 0;
  let churners = 0;
  let flagsWithoutSubscription = 0;
  const leadDays: number[] = [];
  const personas = new Map<SaasPersona, { subscribers: number; flagged: number; leadDays: number[] }>();
  for (const { customerId, truth } of customers) {
    const flags = decisions.get(customerId)?.churnFlags ?? [];
    if (truth.kind !== 'saas') {
      if (flags.length > 0) flagsWithoutSubscription++;
      continue;
    }
    subscribers++;
    let persona = personas.get(truth.persona);
    if (persona === undefined) personas.set(truth.persona, (persona = { subscribers: 0, flagged: 0, leadDays: [] }));
    persona.subscribers++;
    if (truth.churnsAt === null) {
      if (flags.length > 0) {
        fp++;
        persona.flagged++;
      } else tn++;
      continue;
    }
    churners++;
    const cancelAt = Date.parse(truth.churnsAt);
    // Only a flag raised before the cancellation predicted it.
    const first = flags
      .map(Date.parse)
      .filter((at) => at < cancelAt)
      .sort((a, b) => a - b)[0];
    if (first === undefined) {
      fn++;
      continue;
    }
    tp++;
    leadDays.push((cancelAt - first) / DAY);
    persona.flagged++;
    persona.leadDays.push((cancelAt - first) / DAY);
  }
  leadDays.sort((a, b) => a - b);
  return {
    ...rates(tp, fp, fn, tn),
    subscribers,
    churners,
    leadDays,
    medianLeadDays: median(leadDays),
    recallWithThreeDaysLead: churners === 0 ? 0 : leadDays.filter((d) => d >= 3).length / churners,
    intervals: {
      precision: proportionInterval(tp, tp + fp),
      recall: proportionInterval(tp, tp + fn),
      falsePositiveRate: proportionInterval(fp, fp + tn),
      medianLeadDays: medianInterval(leadDays),
    },
    flagsWithoutSubscription,
    personas: [...personas]
      .sort(([a], [b]) => personaOrder.indexOf(a) - personaOrder.indexOf(b))
      .map(([persona, p]) => ({
        persona,
        subscribers: p.subscribers,
        flagged: p.flagged,
        medianLeadDays: p.leadDays.length === 0 ? null : median(p.leadDays.sort((a, b) => a - b)),
      })),
  };
}

function measureFraud(
  customers: readonly SimulatedCustomer[],
  decisions: ReadonlyMap<string, ObservedDecisions>,
): FraudQuality {
  let transactions = 0;
  let fraudulent = 0;
  let bursts = 0;
  let burstsCaught = 0;
  let fraudulentCaught = 0;
  let fraudulentBeforeFreeze = 0;
  let legitimateFrozen = 0;
  let fraudulentFrozen = 0;
  let cardTestingBursts = 0;
  let cardTestingCaughtByThird = 0;
  const personas = new Map<CardholderPersona, { cardholders: number; legitimate: number; frozen: number }>();
  const styles = new Map<
    FraudBurst['style'],
    { bursts: number; caught: number; fraudulent: number; fraudCaught: number }
  >();
  for (const { customerId, truth } of customers) {
    if (truth.kind !== 'cardholder') continue;
    let persona = personas.get(truth.persona);
    if (persona === undefined) personas.set(truth.persona, (persona = { cardholders: 0, legitimate: 0, frozen: 0 }));
    persona.cardholders++;
    const frozen = new Set(decisions.get(customerId)?.frozenTransactions ?? []);
    const fraud = new Set(truth.fraudBursts.flatMap((b) => b.transactionIds));
    transactions += truth.transactionIds.length;
    fraudulent += fraud.size;
    for (const id of truth.transactionIds) {
      if (!fraud.has(id)) persona.legitimate++;
      if (frozen.has(id) && fraud.has(id)) fraudulentFrozen++;
      else if (frozen.has(id)) {
        legitimateFrozen++;
        persona.frozen++;
      }
    }
    for (const burst of truth.fraudBursts) {
      bursts++;
      const firstFrozen = burst.transactionIds.findIndex((id) => frozen.has(id));
      let style = styles.get(burst.style);
      if (style === undefined)
        styles.set(burst.style, (style = { bursts: 0, caught: 0, fraudulent: 0, fraudCaught: 0 }));
      style.bursts++;
      style.fraudulent += burst.transactionIds.length;
      if (burst.style === 'card-testing') {
        cardTestingBursts++;
        if (firstFrozen >= 0 && firstFrozen <= 2) cardTestingCaughtByThird++;
      }
      if (firstFrozen < 0) {
        fraudulentBeforeFreeze += burst.transactionIds.length;
        continue;
      }
      style.caught++;
      style.fraudCaught += burst.transactionIds.length - firstFrozen;
      burstsCaught++;
      fraudulentBeforeFreeze += firstFrozen;
      fraudulentCaught += burst.transactionIds.length - firstFrozen;
    }
  }
  const legitimate = transactions - fraudulent;
  return {
    transactions,
    fraudulent,
    legitimate,
    bursts,
    burstsCaught,
    fraudulentCaught,
    fraudulentBeforeFreeze,
    legitimateFrozen,
    recall: ratio(fraudulentCaught, fraudulent),
    burstRecall: ratio(burstsCaught, bursts),
    falsePositiveRate: ratio(legitimateFrozen, legitimate),
    precision: ratio(fraudulentFrozen, fraudulentFrozen + legitimateFrozen),
    cardTestingBursts,
    cardTestingCaughtByThird,
    personas: (Object.keys(cardholderPersonaMix) as CardholderPersona[]).flatMap((name) => {
      const p = personas.get(name);
      return p === undefined
        ? []
        : [
            {
              persona: name,
              cardholders: p.cardholders,
              legitimate: p.legitimate,
              legitimateFrozen: p.frozen,
              falsePositiveRate: ratio(p.frozen, p.legitimate),
            },
          ];
    }),
    styles: (Object.keys(fraudStyleMix) as Array<FraudBurst['style']>).flatMap((name) => {
      const st = styles.get(name);
      return st === undefined
        ? []
        : [
            {
              style: name,
              bursts: st.bursts,
              burstsCaught: st.caught,
              fraudulent: st.fraudulent,
              fraudulentCaught: st.fraudCaught,
              recall: ratio(st.fraudCaught, st.fraudulent),
            },
          ];
    }),
  };
}

function rates(tp: number, fp: number, fn: number, tn: number): Confusion {
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    trueNegatives: tn,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    falsePositiveRate: ratio(fp, fp + tn),
  };
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** The median of sorted numbers (0 for none). */
export function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
