import type { GroundTruth } from '../population/ground-truth';
import { reactToCommand, type ReceivedCommand } from './command-reactions';

const saas = (persona: 'fading' | 'abrupt', churnsAt: string | null = null): GroundTruth => ({
  kind: 'saas',
  persona,
  subscriptionId: 'sub-1',
  churnsAt,
  signedUpAt: '2026-01-01T00:00:00.000Z',
  habit: {
    activeDay: 0.5,
    weekendDay: 0.2,
    sessionMinutes: 20,
    coreShare: 0.5,
    shortShare: 0.2,
    pricingPerDay: 0,
    ticketPerDay: 0,
  },
  fade: null,
  lull: null,
  season: null,
});

const command = (customerId: string, type: string, data: Record<string, unknown> = {}): ReceivedCommand => ({
  type,
  customerId,
  requestedAt: '2026-03-10T09:00:00.000Z',
  data,
});

describe('customers react to commands that reach them', () => {
  const ids = Array.from({ length: 400 }, (_, i) => `c-${i}`);
  const answered = (truth: GroundTruth, type: string, data?: Record<string, unknown>) =>
    ids.filter((id) => reactToCommand(truth, command(id, type, data), 1).length > 0).length / ids.length;

  it('answers the same way every time (seeded per customer and command)', () => {
    const once = ids.map((id) => reactToCommand(saas('fading'), command(id, 'RetentionIncentiveRequested'), 7));
    expect(ids.map((id) => reactToCommand(saas('fading'), command(id, 'RetentionIncentiveRequested'), 7))).toEqual(
      once,
    );
  });

  it('wins back a fading customer more often than one who has decided to leave', () => {
    expect(answered(saas('fading'), 'FlagAccountForSuccessTeamRequested')).toBeGreaterThan(0.3);
    expect(answered(saas('abrupt'), 'FlagAccountForSuccessTeamRequested')).toBeLessThan(0.12);
  });

  it('answers after the command, and renews a lapsed subscription with an accepted offer', () => {
    const lapsed = ids
      .map((id) =>
        reactToCommand(saas('fading'), command(id, 'RetentionIncentiveRequested', { trigger: 'renewal-lapsed' }), 3),
      )
      .find((s) => s.length > 0)!;
    expect(lapsed.map((s) => s.type)).toEqual(['RetentionOfferAccepted', 'SubscriptionRenewed']);
    expect(Date.parse(lapsed[0]!.occurredAt)).toBeGreaterThan(Date.parse('2026-03-10T09:00:00.000Z'));
  });

  it('is silent once the customer has cancelled', () =>
    expect(answered(saas('fading', '2026-03-01T00:00:00.000Z'), 'ReEngagementEmailRequested')).toBe(0));
});
