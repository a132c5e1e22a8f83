import { generatePopulation } from '../population/generate-population';
import { ceilingAt, fadingTracks, type CeilingPoint, type FadingTrack } from './churn-ceiling';

describe('churnCeiling: what a detector that knows each subscriber could see', () => {
  const population = generatePopulation({ seed: 1, customers: 200, weeks: 8 });
  const subscribers = population.customers.flatMap((c) =>
    c.truth.kind === 'saas' ? [{ customerId: c.customerId, truth: c.truth }] : [],
  );
  // Every subscriber's track, computed once: the detector weighs thousands of stories a day.
  let tracks = new Map<string, FadingTrack>();
  let points: CeilingPoint[] = [];
  beforeAll(() => {
    tracks = fadingTracks(population);
    points = ceilingAt(population.customers, tracks, [0.3, 0.6, 0.9, 1.01]);
  });
  const trackOf = (customerId: string): FadingTrack => tracks.get(customerId)!;

  it('sees no fading before a decline starts, and sees every decline by the day before the cancellation', () => {
    const fading = subscribers.filter((s) => s.truth.persona === 'fading');
    expect(fading.length).toBeGreaterThan(20);
    for (const { customerId, truth } of fading) {
      const track = trackOf(customerId);
      const fadeStart = Date.parse(truth.fade!.startsAt);
      for (const day of track.days.filter((d) => d.endsAt <= fadeStart)) expect(day.chance).toBeLessThan(0.5);
      expect(track.days.at(-1)!.chance).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('does not take a break or an ordinary week for a decline', () => {
    const stayers = subscribers.filter((s) => s.truth.persona === 'healthy' || s.truth.persona === 'returning');
    expect(stayers.some((s) => s.truth.persona === 'returning')).toBe(true);
    for (const { customerId } of stayers) {
      const track = trackOf(customerId);
      expect(track.days.length).toBeGreaterThan(40);
      expect(Math.max(...track.days.map((d) => d.chance))).toBeLessThan(0.9);
      expect(track.cancellationLookAt).toBeNull();
    }
  });

  it('flags at a look at the cancellation page whatever the chance', () => {
    const looked = subscribers.filter(
      (s) => s.truth.persona === 'abrupt' && trackOf(s.customerId).cancellationLookAt !== null,
    );
    expect(looked.length).toBeGreaterThan(0);
    // No chance reaches 1.01: every flag of the strictest detector is a cancellation look.
    const strictest = points[3]!.churn;
    expect(strictest.truePositives).toBeGreaterThanOrEqual(looked.length);
    expect(strictest.falsePositives).toBe(0);
  });

  it('trades recall for precision as the threshold rises: a later flag is never an extra one', () => {
    for (let i = 1; i < points.length; i++) {
      expect(points[i]!.churn.falsePositives).toBeLessThanOrEqual(points[i - 1]!.churn.falsePositives);
      expect(points[i]!.churn.truePositives).toBeLessThanOrEqual(points[i - 1]!.churn.truePositives);
      expect(points[i]!.churn.medianLeadDays).toBeLessThanOrEqual(points[i - 1]!.churn.medianLeadDays);
    }
    expect(points[0]!.churn.falsePositives).toBeGreaterThan(points[2]!.churn.falsePositives);
  });
});
