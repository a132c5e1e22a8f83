import type { DeliverySummary, TimelineItem } from '../api/contract';
import { formatDuration, formatTime } from '../ui/format';

/** A state value (`{ fraud: 'clear', engagement: { 'at-risk': 'flagged' } }`), region by region. */
export function regionsOf(value: unknown): Map<string, string> {
  const regions = new Map<string, string>();
  if (value === null || typeof value !== 'object') return regions;
  for (const [region, state] of Object.entries(value as Record<string, unknown>)) regions.set(region, pathOf(state));
  return regions;
}

/** A region's value as a path: `at-risk.flagged`. */
export function pathOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return String(value);
  return Object.entries(value as Record<string, unknown>)
    .map(([key, inner]) => `${key}.${pathOf(inner)}`)
    .join(', ');
}

/** The regions a state change moved: `fraud: clear → suspicious`. */
export function changedRegions(from: unknown, to: unknown): string[] {
  const before = regionsOf(from);
  return [...regionsOf(to)]
    .filter(([region, state]) => before.get(region) !== state)
    .map(([region, state]) => `${region}: ${before.get(region) ?? '—'} → ${state}`);
}

const field = (data: unknown, name: string): unknown =>
  data !== null && typeof data === 'object' ? (data as Record<string, unknown>)[name] : undefined;

const text = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

/** A duration from the data (ms), as Studio writes durations; `?` when it is not a number. */
const lateness = (ms: unknown): string => (typeof ms === 'number' && Number.isFinite(ms) ? formatDuration(ms) : '?');

/** One line on what a timeline item says, from its data as the API returns it. */
export function describeItem(item: TimelineItem): string {
  const { data } = item;
  switch (item.kind) {
    case 'signal': {
      const properties = field(data, 'properties');
      if (properties === null || typeof properties !== 'object') return '';
      return Object.entries(properties)
        .slice(0, 4)
        .map(([name, value]) => `${name}: ${text(value)}`)
        .join(' · ');
    }
    case 'state-changed':
      return changedRegions(field(data, 'from'), field(data, 'to')).join(' · ');
    case 'state-rederived': {
      const versions = `version ${text(field(data, 'fromVersion') ?? '?')} → ${text(field(data, 'toVersion'))}`;
      const changed = changedRegions(field(data, 'from'), field(data, 'to'));
      return [versions, ...(changed.length === 0 ? ['same state'] : changed)].join(' · ');
    }
    case 'state-corrected': {
      const changed = changedRegions(field(data, 'from'), field(data, 'to'));
      const list = (name: string, label: string): string[] => {
        const types = field(data, name);
        return Array.isArray(types) && types.length > 0 ? [`${label}: ${types.map(text).join(', ')}`] : [];
      };
      return [
        `late by ${lateness(field(data, 'lateByMs'))}, re-folded in event-time order`,
        ...(changed.length === 0 ? ['same state'] : changed),
        ...list('emitted', 'emitted now'),
        ...list('alreadySent', 'already sent'),
        ...list('withdrawn', 'sent before, no longer due'),
      ].join(' · ');
    }
    case 'input-late':
      return `late by ${lateness(field(data, 'lateByMs'))}, beyond the allowed ${lateness(field(data, 'allowedLatenessMs'))}: folded where it arrived`;
    case 'command': {
      const reasons = field(data, 'reasons');
      return Array.isArray(reasons) ? reasons.map(text).join('; ') : '';
    }
    case 'timer-fired':
    case 'timer-scheduled':
    case 'timer-cancelled':
      return `${text(field(data, 'timerId'))}, due ${formatTime(field(data, 'dueAt') as string | undefined)}`;
    case 'rejected':
      return text(field(data, 'reason'));
    case 'other-input':
      return '';
  }
}

/** A command's delivery at one destination, in a few words: `delivered to sms at … (2 attempts, HTTP 200)`. */
export function describeDelivery(delivery: DeliverySummary): string {
  const verb = {
    delivered: 'delivered to',
    failed: 'failing at',
    parked: 'parked for',
    'held-out': 'held out by',
  }[delivery.outcome];
  const details = [
    delivery.attempts > 0 ? `${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'}` : '',
    delivery.status === null ? '' : `HTTP ${delivery.status}`,
    delivery.outcome === 'delivered' || delivery.error === null || delivery.error === `HTTP ${delivery.status}`
      ? ''
      : delivery.error,
  ].filter((part) => part !== '');
  const when = delivery.at === null ? '' : ` at ${formatTime(delivery.at)}`;
  return `${verb} ${delivery.destination}${when}${details.length === 0 ? '' : ` (${details.join(', ')})`}`;
}

/** The input revision of the customer's stream an item belongs to: its own, or its cause's. */
export function inputRevisionOf(item: TimelineItem): string | null {
  if (item.position.startsWith('in:')) return item.revision;
  return item.causedBy?.inputRevision ?? null;
}
