import type { ChartTextStyle, ChartTextStyleView } from '@heed/statechart';
import { create, type Font } from 'fontkit';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The chart's text, in Inter: Heed Studio bundles the same files, so the page draws what is measured here. */
export const CHART_TEXT: Readonly<Record<ChartTextStyle, ChartTextStyleView>> = {
  state: { fontFamily: 'Inter', fontWeight: 600, fontSize: 13, lineHeight: 16, tabularNumbers: false },
  count: { fontFamily: 'Inter', fontWeight: 600, fontSize: 12, lineHeight: 16, tabularNumbers: true },
  label: { fontFamily: 'Inter', fontWeight: 400, fontSize: 11, lineHeight: 14, tabularNumbers: false },
  traffic: { fontFamily: 'Inter', fontWeight: 600, fontSize: 11, lineHeight: 14, tabularNumbers: true },
};

/** The width of one line of text in a style, px. */
export type MeasureText = (text: string, style: ChartTextStyle) => number;

/**
 * Room for a character no face of the font has, which the browser draws with a fallback font of
 * the system: 1.25 em, wider than the glyphs of most scripts (CJK is 1 em).
 */
const FALLBACK_EM = 1.25;

/**
 * One file of the font: a subset (`latin`, `greek`…) of one weight, and the characters it is for.
 * Read when a character in its ranges is first measured, as a browser downloads it then.
 */
type Face = { readonly ranges: ReadonlyArray<readonly [number, number]>; readonly font: () => Font };

const fontsource = dirname(require.resolve('@fontsource/inter/package.json'));

/** `U+0000-00FF,U+0131` as ranges of code points. */
const parseRanges = (ranges: string): Array<[number, number]> =>
  ranges.split(',').map((range) => {
    const [from, to = from] = range.trim().replace(/^U\+/i, '').split('-') as [string, string?];
    return [parseInt(from, 16), parseInt(to, 16)];
  });

/**
 * The faces of a weight in the order a browser tries them: `@fontsource/inter`'s style sheets
 * declare one `@font-face` per subset in the order of its `unicode.json`, and for a character in
 * several ranges the face declared last is tried first (CSS Fonts 4, `unicode-range`).
 */
function facesOf(weight: number): Face[] {
  const subsets = JSON.parse(readFileSync(join(fontsource, 'unicode.json'), 'utf8')) as Record<string, string>;
  return Object.entries(subsets)
    .reverse()
    .map(([subset, ranges]) => {
      let font: Font | undefined;
      return {
        ranges: parseRanges(ranges),
        font: () => {
          if (font !== undefined) return font;
          const file = create(readFileSync(join(fontsource, 'files', `inter-${subset}-${weight}-normal.woff2`)));
          if (!('layout' in file))
            throw new Error(`@fontsource/inter: ${subset} ${weight} is a collection, not a font`);
          return (font = file);
        },
      };
    });
}

const covers = (face: Face, codePoint: number): boolean =>
  face.ranges.some(([from, to]) => codePoint >= from && codePoint <= to) && face.font().hasGlyphForCodePoint(codePoint);

/**
 * Measures text as Chromium and Firefox lay it out with the bundled font: the characters of each
 * face shaped together (kerning, contextual alternates, tabular digits where the style asks), as
 * the browsers' HarfBuzz does, to a hundredth of a pixel. A character the font lacks is given
 * `FALLBACK_EM`.
 */
export function chartTextMeasure(): MeasureText {
  const faces = new Map<number, Face[]>();
  return (text, styleName) => {
    const style = CHART_TEXT[styleName];
    let weightFaces = faces.get(style.fontWeight);
    if (weightFaces === undefined) {
      weightFaces = facesOf(style.fontWeight);
      faces.set(style.fontWeight, weightFaces);
    }
    const features: Record<string, boolean> = style.tabularNumbers ? { tnum: true } : {};
    let width = 0;
    let run = '';
    let runFace: Face | undefined;
    const endRun = () => {
      if (runFace === undefined || run === '') return;
      // Digits and punctuation alone belong to no script: browsers shape them as Latin, as must we.
      const script = /\p{L}/u.test(run) ? undefined : 'latn';
      const font = runFace.font();
      width += (font.layout(run, features, script).advanceWidth * style.fontSize) / font.unitsPerEm;
      run = '';
    };
    for (const character of text) {
      const codePoint = character.codePointAt(0) ?? 0;
      const face = weightFaces.find((f) => covers(f, codePoint));
      if (face !== runFace) {
        endRun();
        runFace = face;
      }
      if (face === undefined) width += FALLBACK_EM * style.fontSize;
      else run += character;
    }
    endRun();
    return width;
  };
}
