import type { MeasureText, TextStyle } from './statechart-graph';

/** The chart's fonts; studio.css gives its SVG text the same ones. */
export const CHART_FONTS: Readonly<Record<TextStyle, string>> = {
  state: '600 13px system-ui, sans-serif',
  count: '600 12px ui-monospace, monospace',
  label: '11px system-ui, sans-serif',
};

let context: CanvasRenderingContext2D | null = null;

/** Measures text with the browser's own font metrics, so that ELK sizes boxes to fit their text. */
export const measureText: MeasureText = (text, style) => {
  context ??= document.createElement('canvas').getContext('2d');
  if (context === null) return text.length * 7;
  context.font = CHART_FONTS[style];
  return context.measureText(text).width;
};
