import type { AnyStateNode } from 'xstate';
import { getStateNodes, toDirectedGraph } from 'xstate/graph';
import type { DirectedGraphNode } from 'xstate/graph';
import {
  cardTransaction,
  cartViewed,
  emailOpened,
  groupIdentified,
  productViewed,
  screenViewed,
  signedOut,
  passwordChanged,
  supportTicketOpened,
  supportTicketResolved,
  checkoutStarted,
  coreSession,
  day,
  emailLinkClicked,
  featureUsed,
  LifecycleSimulation,
  orderCompleted,
  productAdded,
  productRemoved,
  session,
  signedUp,
  subscriptionCancelled,
  subscriptionExpiring,
  retentionOfferAccepted,
  subscriptionRenewed,
  timePasses,
  transactionConfirmed,
  transactionDisputed,
  turningAtRisk,
  viewedPage,
} from '../testing';
import type { RecordedStep, SimulationStep } from '../testing';
import { DAY, HOUR } from '../time/instant';
import { lifecycleMachine } from './lifecycle.machine';

// Journeys that together walk every state and transition of the chart; the edges come from the
// machine's own definition (xstate/graph), so a new transition without a journey fails this spec.
const atRisk: SimulationStep[] = turningAtRisk();
/** Two weeks of habit, then short sessions without the core feature: watched, its days closed as they end. */
const watched: SimulationStep[] = [
  signedUp(day(0)),
  ...Array.from({ length: 14 }, (_, d) => coreSession(day(d, '09:00'), 30 * 60)).flat(),
  ...session(day(14, '09:00'), 60),
  ...session(day(15, '09:00'), 45),
  ...session(day(17, '09:00'), 50),
];
const suspicious: SimulationStep[] = [
  cardTransaction(day(0, '12:10'), { transaction_id: 'tx-1' }),
  cardTransaction(day(1, '12:10'), { transaction_id: 'tx-2' }),
  cardTransaction(day(2, '12:10'), { transaction_id: 'tx-3' }),
  cardTransaction(day(3, '05:47'), { transaction_id: 'tx-4', amount: 95_000, country: 'BR', local_time: '02:47' }),
];
const expiring = (at: number): SimulationStep => subscriptionExpiring('sub-1', day(at + 7), day(at));
const cart = (id: string, at: string): SimulationStep => productAdded(id, `p-${id}`, at);

const journeys: SimulationStep[][] = [
  // Watched until the evidence makes the customer at risk (no longer watched).
  [
    ...watched,
    ...session(day(18, '09:00'), 40),
    viewedPage('https://app.example.com/pricing', day(19, '20:00')),
    timePasses(5 * DAY),
  ],
  // Watched until a day of the usual use brings the evidence down.
  [...watched, ...Array.from({ length: 3 }, (_, d) => coreSession(day(18 + d, '09:00'), 30 * 60)).flat()],
  [...atRisk, featureUsed('reports', day(12), true)],
  [...atRisk, emailLinkClicked('e-1', day(12))],
  [...atRisk, orderCompleted('o-1', day(12))],
  [...atRisk, subscriptionRenewed('sub-1', day(12))],
  [...atRisk, subscriptionCancelled('sub-1', day(12)), subscriptionRenewed('sub-1', day(13))],
  [...atRisk, timePasses(30 * DAY), subscriptionRenewed('sub-1', day(45))],
  [...atRisk, retentionOfferAccepted('offer-1', day(12))],
  [...atRisk, timePasses(30 * DAY), retentionOfferAccepted('offer-1', day(45))],
  [...atRisk, timePasses(30 * DAY), subscriptionCancelled('sub-1', day(45))],
  [...atRisk, expiring(11), timePasses(10 * DAY)],
  [signedUp(day(0)), subscriptionCancelled('sub-1', day(1))],
  [
    signedUp(day(0)),
    expiring(1),
    subscriptionExpiring('sub-1', day(9), day(1, '12:00')),
    subscriptionRenewed('sub-1', day(1, '13:00')),
  ],
  [
    signedUp(day(0)),
    signedOut(day(0, '10:00')),
    passwordChanged(day(0, '10:00')),
    productViewed('p-1', day(0, '10:01')),
    cartViewed('a', day(0, '10:02')),
    emailOpened('e-1', day(0, '10:03')),
    supportTicketOpened('t-1', day(0, '10:04')),
    supportTicketResolved('t-1', day(0, '10:05')),
    screenViewed('Home', day(0, '10:06')),
    groupIdentified('acme', { plan: 'team' }, day(0, '10:07')),
  ],
  [signedUp(day(0)), expiring(1), subscriptionCancelled('sub-1', day(1, '10:00'))],
  [signedUp(day(0)), expiring(1), timePasses(DAY), expiring(3), timePasses(DAY), subscriptionRenewed('sub-1', day(5))],
  [signedUp(day(0)), expiring(1), timePasses(DAY), subscriptionCancelled('sub-1', day(3))],
  [signedUp(day(0)), expiring(1), timePasses(9 * DAY), expiring(11)],
  [signedUp(day(0)), expiring(1), timePasses(9 * DAY), subscriptionRenewed('sub-1', day(11))],
  [signedUp(day(0)), expiring(1), timePasses(9 * DAY), subscriptionCancelled('sub-1', day(11))],
  [...suspicious, transactionConfirmed('tx-4', day(3, '06:00'))],
  [
    ...suspicious,
    transactionDisputed('tx-4', day(3, '06:00')),
    cardTransaction(day(4, '05:00'), { transaction_id: 'tx-5', amount: 99_000, country: 'NG', local_time: '03:00' }),
  ],
  [
    cart('a', day(0, '10:00')),
    cart('a', day(0, '10:10')),
    productRemoved('a', 'p-x', day(0, '10:20')),
    checkoutStarted('a', day(0, '10:30')),
    productAdded('a', 'p-y', day(0, '10:40')),
    checkoutStarted('a', day(0, '10:45')),
    productRemoved('a', 'p-y', day(0, '10:50')),
    orderCompleted('o-1', day(0, '11:00')),
  ],
  [cart('a', day(0, '10:00')), checkoutStarted('a', day(0, '10:10')), orderCompleted('o-1', day(0, '10:20'))],
  [cart('a', day(0, '10:00')), productRemoved('a', 'p-a', day(0, '10:10'))],
  [cart('a', day(0, '10:00')), timePasses(2 * HOUR), cart('b', day(0, '13:00')), timePasses(2 * HOUR)],
  [cart('a', day(0, '10:00')), timePasses(2 * HOUR), checkoutStarted('a', day(0, '13:00'))],
  [cart('a', day(0, '10:00')), timePasses(2 * HOUR), orderCompleted('o-1', day(0, '13:00'))],
  [cart('a', day(0, '10:00')), timePasses(2 * HOUR), productRemoved('a', 'p-a', day(0, '13:00'))],
  [cart('a', day(0, '10:00')), orderCompleted('o-1', day(0, '10:20'))],
];

type Edge = Readonly<{ source: string; target: string; event: string | null }>;

const pathOf = (node: AnyStateNode): string => ['customer', ...node.path].join('.');

function machineEdges(): Edge[] {
  const edges: Edge[] = [];
  const walk = (node: DirectedGraphNode): void => {
    for (const e of node.edges) edges.push({ source: pathOf(e.source), target: pathOf(e.target), event: e.label.text });
    node.children.forEach(walk);
  };
  walk(toDirectedGraph(lifecycleMachine));
  // Eventless (`always`) transitions are not in the directed graph; they are read from the nodes.
  for (const node of getStateNodes(lifecycleMachine)) {
    for (const t of node.always ?? []) {
      for (const target of t.target ?? []) edges.push({ source: pathOf(node), target: pathOf(target), event: null });
    }
  }
  return edges;
}

describe('lifecycle chart coverage', () => {
  const steps: RecordedStep[] = journeys.flatMap((j) => new LifecycleSimulation().run(...j).steps);

  it('reaches every state of the chart', () => {
    const reached = new Set(steps.flatMap((s) => [...s.from, ...s.to]));
    const unreached = getStateNodes(lifecycleMachine)
      .map(pathOf)
      .filter((p) => !reached.has(p));
    expect(unreached).toEqual([]);
  });

  it('takes every transition of the chart', () => {
    const edges = machineEdges();
    expect(edges.length).toBeGreaterThan(60);
    const untaken = edges.filter(
      (e) =>
        !steps.some(
          (s) => s.from.includes(e.source) && s.to.includes(e.target) && (e.event === null || s.event === e.event),
        ),
    );
    expect(untaken).toEqual([]);
  });
});
