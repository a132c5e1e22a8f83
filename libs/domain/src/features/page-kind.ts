import type { LifecycleConfig } from '../lifecycle/lifecycle-config';

/** What a viewed page says about churn intent. */
export type PageKind = 'cancellation' | 'pricing' | 'other';

/**
 * Classifies a page by its path and URL fragment: a cancellation marker anywhere (`/account/cancel`,
 * `/pricing#cancel`) makes it a cancellation page; otherwise a configured pricing path makes it pricing.
 */
export function pageKind(url: string, path: string, config: LifecycleConfig): PageKind {
  const hash = url.indexOf('#');
  const fragment = hash >= 0 ? url.slice(hash + 1) : '';
  const where = `${path} ${fragment}`.toLowerCase();
  if (config.cancellationMarkers.some((m) => where.includes(m.toLowerCase()))) return 'cancellation';
  const lowerPath = path.toLowerCase();
  if (config.pricingPaths.some((p) => lowerPath === p || lowerPath.startsWith(`${p}/`))) return 'pricing';
  return 'other';
}
