import { evidenceParts } from '../features/engagement-evidence';
import { scoreFrom } from '../scoring/score';
import { reEngagementScript } from './re-engagement-script';

const scoreOf = (...signals: string[]) =>
  scoreFrom(signals.map((signal, i) => ({ signal, points: 60 - i * 10, reason: signal })));
const fallback = 'I wanted to check in on how things are going.';

describe('reEngagementScript', () => {
  it('opens with its own words for every signal the churn score gives', () => {
    const scripts = ['cancellation-visits', 'long-silence', ...evidenceParts].map((s) =>
      reEngagementScript(scoreOf(s)),
    );
    for (const script of scripts) expect(script).not.toContain(fallback);
    expect(new Set(scripts).size).toBe(scripts.length);
  });

  it('leads with the strongest signal', () => {
    expect(reEngagementScript(scoreOf('long-silence', 'days-of-use'))).toContain('in a few weeks');
    expect(reEngagementScript(scoreOf('pricing-looks', 'long-silence'))).toContain('looking at our pricing');
  });

  it('offers a tour of the core workflow when the sessions part of the evidence counts', () => {
    expect(reEngagementScript(scoreOf('days-of-use', 'sessions'))).toContain('core workflow');
    expect(reEngagementScript(scoreOf('days-of-use'))).not.toContain('core workflow');
  });

  it('falls back to a plain check-in for a signal it does not know', () => {
    expect(reEngagementScript(scoreOf('something-new'))).toContain(fallback);
    expect(reEngagementScript(scoreOf())).toContain(fallback);
  });
});
