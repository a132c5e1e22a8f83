import type { MachineTransitionView, MachineView, StateNodeView } from '@heed/statechart';
import type { AnyStateNode } from 'xstate';
import { customerKind } from '../src/lifecycle/customer-kind';
import { useQueryApi } from './query-client';

const nodes = (node: StateNodeView): StateNodeView[] => [node, ...node.children.flatMap(nodes)];
/** Every state of an XState machine, by path, from its own state nodes. */
const paths = (node: AnyStateNode): string[] => [
  [node.machine.id, ...node.path].join('.'),
  ...Object.values(node.states).flatMap(paths),
];

describe('engine: the machine and the OpenAPI document over HTTP', () => {
  const api = useQueryApi();

  describe('GET /v1/machine', () => {
    let view: MachineView;
    let transitions: MachineTransitionView[];
    beforeAll(async () => {
      const response = await api.get<MachineView>('/v1/machine');
      expect(response.status).toBe(200);
      view = response.body;
      transitions = nodes(view.root).flatMap((n) => n.transitions);
    });

    it('shows every state of the running lifecycle machine, with its version', () => {
      const { machine, version } = customerKind().definition;
      expect(view.id).toBe('customer');
      expect(view.version).toBe(version);
      expect(nodes(view.root).map((n) => n.id)).toEqual(paths(machine.root));
    });

    it('shows the parallel regions and each compound state’s initial child', () => {
      expect(view.root.type).toBe('parallel');
      expect(view.root.children.map((r) => r.key)).toEqual([
        'facts',
        'engagement',
        'watch',
        'fraud',
        'cart',
        'renewal',
      ]);
      const engagement = view.root.children.find((r) => r.key === 'engagement')!;
      expect(engagement).toMatchObject({ type: 'compound', initial: 'customer.engagement.active' });
      expect(nodes(engagement).find((n) => n.key === 'at-risk')?.initial).toBe('customer.engagement.at-risk.flagged');
    });

    it('shows a delayed transition with its delay’s name and the event XState raises', () => {
      expect(transitions.find((t) => t.source === 'customer.engagement.at-risk.flagged')).toMatchObject({
        kind: 'after',
        event: 'xstate.after.reEngagementEmail.customer.engagement.at-risk.flagged',
        delay: 'reEngagementEmail',
        targets: ['customer.engagement.at-risk.emailed'],
        actions: ['reachReEngagementDue', 'sendReEngagementEmail'],
      });
    });

    it('shows guards by name, combined guards as expressions', () => {
      expect(transitions).toContainEqual(
        expect.objectContaining({
          source: 'customer.engagement.active',
          kind: 'always',
          guard: 'churnRisky',
          targets: ['customer.engagement.at-risk'],
        }),
      );
      expect(transitions).toContainEqual(
        expect.objectContaining({ source: 'customer.watch.watching', kind: 'always', guard: 'not(worthWatching)' }),
      );
    });

    it('gives each transition an id of its source and index', () => {
      const ids = transitions.map((t) => t.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const t of transitions) expect(t.id.startsWith(`${t.source}#`)).toBe(true);
    });

    it('answers 401 UNAUTHORIZED without a key or with an unknown one', async () => {
      for (const key of [null, 'not-a-key-0123456789']) {
        const response = await api.get('/v1/machine', {}, key);
        expect(response.status).toBe(401);
        expect(response.body).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED' });
      }
    });
  });

  describe('GET /v1/openapi.json', () => {
    type Operation = { security?: Array<Record<string, unknown>>; tags?: string[] };
    type Document = {
      paths: Record<string, Record<string, Operation>>;
      components: { securitySchemes: Record<string, unknown> };
    };

    it('is public and lists the query endpoints behind the bearer scheme', async () => {
      const { status, body: document } = await api.get<Document>('/v1/openapi.json', {}, null);
      expect(status).toBe(200);
      expect(document.components.securitySchemes).toEqual({
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'API key' },
      });
      for (const path of [
        '/v1/machine',
        '/v1/customers',
        '/v1/customers/{id}',
        '/v1/customers/{id}/timeline',
        '/v1/customers/{id}/state',
      ]) {
        expect(document.paths[path]?.get?.security).toEqual([{ bearer: [] }]);
      }
    });
  });
});
