import type { ChangeFeed } from '../app/use-changes';

const TEXT: Readonly<Record<ChangeFeed, string>> = {
  connecting: 'connecting to live changes…',
  live: 'live',
  reconnecting: 'live changes interrupted: reconnecting…',
};

/** Whether what the view shows follows the engine live. */
export function FeedStatus({ feed }: { readonly feed: ChangeFeed }) {
  return (
    <span class={`feed feed--${feed}`} role="status">
      {TEXT[feed]}
    </span>
  );
}
