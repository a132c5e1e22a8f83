import type { ComponentChildren } from 'preact';

/** Nothing to show yet, and what to do about it. */
export function EmptyState({ title, children }: { readonly title: string; readonly children?: ComponentChildren }) {
  return (
    <div class="empty-state" role="status">
      <p class="empty-state-title">{title}</p>
      {children}
    </div>
  );
}
