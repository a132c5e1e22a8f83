import type { EvidencePart } from '../features/engagement-evidence';
import type { Score } from '../scoring/score';

/** The churn score's contributions (`churnScore`): each has an opening of its own. */
export type ChurnSignal = 'cancellation-visits' | 'long-silence' | EvidencePart;

// One opening per strongest churn signal: the success team leads with what worries the customer most.
const openings: Readonly<Record<ChurnSignal, string>> = {
  'cancellation-visits':
    'I saw you were looking at your plan options and wanted to check in before you decide anything.',
  'long-silence': 'We have not seen you in a few weeks and wanted to check that everything is all right.',
  'days-of-use': 'We have been seeing less of you lately; is anything making the product harder to use?',
  sessions: 'Your recent visits have been short, so I wanted to make sure nothing is getting in your way.',
  'pricing-looks': 'I noticed you were looking at our pricing; happy to help you find the plan that fits.',
  'support-tickets': 'I see you have had some support requests lately and want to make sure they get resolved.',
};

const isChurnSignal = (signal: string): signal is ChurnSignal => Object.hasOwn(openings, signal);

/** A short, plain script the success team can adapt, built from the churn score's strongest signals. */
export function reEngagementScript(churn: Score): string {
  const top = churn.contributions[0]?.signal;
  const opening =
    top !== undefined && isChurnSignal(top) ? openings[top] : 'I wanted to check in on how things are going.';
  // Shorter sessions, fewer core features: the core workflow is what to show them.
  const offer = churn.contributions.some((c) => c.signal === 'sessions')
    ? 'Could we book 15 minutes so I can show you how other teams get the most out of the core workflow?'
    : 'Could we book 15 minutes to talk through what would make the product more useful for you?';
  return `Hi, this is your success manager. ${opening} ${offer}`;
}
