import type { Point } from '../api/contract';

/** An SVG path through the points of a route, in order. */
export const svgPath = (points: readonly Point[]): string =>
  points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
