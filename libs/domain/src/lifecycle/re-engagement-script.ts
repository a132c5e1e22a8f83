import type { Score } from '../scoring/score';

// One opening per strongest churn signal: the success team leads with what worries the customer most.
const openings: Readonly<Record<string, string>> = {
  'cancellation-visits':
    'I saw you were looking at your plan options and wanted to check in before you decide anything.',
  'pricing-visits': 'I noticed you were looking at our pricing; happy to help you find the plan that fits.',
  'short-sessions': 'Your recent visits have been short, so I wanted to make sure nothing is getting in your way.',
  'core-feature-idle': 'It has been a while since you used the part of the product most teams rely on.',
  'emails-opened-without-click': 'You have been reading our updates; is there anything you would like to see instead?',
  'open-support-tickets': 'I see you have an open support request and want to make sure it gets resolved quickly.',
  'days-inactive': 'We have not seen you in a while and wanted to say hello.',
};

/** A short, plain script the success team can adapt, built from the churn score's strongest signals. */
export function reEngagementScript(churn: Score): string {
  const top = churn.contributions[0];
  const opening = (top && openings[top.signal]) ?? 'I wanted to check in on how things are going.';
  const offer = churn.contributions.some((c) => c.signal === 'core-feature-idle')
    ? 'Could we book 15 minutes so I can show you how other teams get the most out of the core workflow?'
    : 'Could we book 15 minutes to talk through what would make the product more useful for you?';
  return `Hi, this is your success manager. ${opening} ${offer}`;
}
