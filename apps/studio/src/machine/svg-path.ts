import type { ElkPoint } from 'elkjs/lib/elk-api';

/** An SVG path through the points ELK routed, in order. */
export const svgPath = (points: readonly ElkPoint[]): string =>
  points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
