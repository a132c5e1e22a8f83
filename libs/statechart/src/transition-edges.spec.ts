import type { MachineTransitionView, MachineView, StateNodeView } from './machine-view';
import { countsPerEdge, transitionEdges } from './transition-edges';

const t = (source: string, index: number, fields: Partial<MachineTransitionView>): MachineTransitionView => ({
  id: `${source}#${index}`,
  source,
  kind: 'event',
  event: null,
  delay: null,
  guard: null,
  targets: [],
  actions: [],
  reenter: false,
  ...fields,
});

const node = (
  id: string,
  children: StateNodeView[] = [],
  transitions: MachineTransitionView[] = [],
): StateNodeView => ({
  id,
  key: id.split('.').at(-1) ?? id,
  type: children.length > 0 ? 'compound' : 'atomic',
  initial: children[0]?.id ?? null,
  children,
  transitions,
});

// engagement: active --always[churnRisky]--> at-risk (flagged --after--> emailed); at-risk --Clicked--> active
const machine: MachineView = {
  id: 'customer',
  version: '1',
  root: node('customer', [
    node('customer.engagement', [
      node(
        'customer.engagement.active',
        [],
        [
          t('customer.engagement.active', 0, {
            kind: 'always',
            guard: 'churnRisky',
            targets: ['customer.engagement.at-risk'],
          }),
          t('customer.engagement.active', 1, { event: 'Recorded' }),
        ],
      ),
      node(
        'customer.engagement.at-risk',
        [
          node(
            'customer.engagement.at-risk.flagged',
            [],
            [
              t('customer.engagement.at-risk.flagged', 0, {
                kind: 'after',
                event: 'xstate.after.email.customer.engagement.at-risk.flagged',
                delay: 'email',
                targets: ['customer.engagement.at-risk.emailed'],
              }),
            ],
          ),
          node('customer.engagement.at-risk.emailed'),
        ],
        [t('customer.engagement.at-risk', 0, { event: 'Clicked', targets: ['customer.engagement.active'] })],
      ),
    ]),
  ]),
};

describe('counting state changes on the chart’s arrows', () => {
  const edges = transitionEdges(machine);

  it('has an arrow per transition and target, none for transitions in place', () => {
    expect(edges.map((e) => e.id)).toEqual([
      'customer.engagement.active#0->customer.engagement.at-risk',
      'customer.engagement.at-risk#0->customer.engagement.active',
      'customer.engagement.at-risk.flagged#0->customer.engagement.at-risk.emailed',
    ]);
  });

  it('matches a change to the arrow whose source contains `from`, target contains `to`, of its event', () => {
    const { perEdge, unmatched } = countsPerEdge(edges, [
      { from: 'customer.engagement.at-risk.emailed', to: 'customer.engagement.active', event: 'Clicked', count: 3 },
      {
        from: 'customer.engagement.at-risk.flagged',
        to: 'customer.engagement.at-risk.emailed',
        event: 'xstate.after.email.customer.engagement.at-risk.flagged',
        count: 2,
      },
    ]);
    expect(Object.fromEntries(perEdge)).toEqual({
      'customer.engagement.at-risk#0->customer.engagement.active': 3,
      'customer.engagement.at-risk.flagged#0->customer.engagement.at-risk.emailed': 2,
    });
    expect(unmatched).toEqual([]);
  });

  it('gives an eventless arrow the changes its guard made on any event', () => {
    const { perEdge } = countsPerEdge(edges, [
      { from: 'customer.engagement.active', to: 'customer.engagement.at-risk.flagged', event: 'PageViewed', count: 4 },
      { from: 'customer.engagement.active', to: 'customer.engagement.at-risk.flagged', event: 'SignedIn', count: 1 },
    ]);
    expect(Object.fromEntries(perEdge)).toEqual({ 'customer.engagement.active#0->customer.engagement.at-risk': 5 });
  });

  it('tells the changes no arrow explains', () => {
    const odd = {
      from: 'customer.engagement.at-risk.emailed',
      to: 'customer.engagement.at-risk.flagged',
      event: 'Clicked',
      count: 1,
    };
    expect(countsPerEdge(edges, [odd]).unmatched).toEqual([odd]);
  });
});
