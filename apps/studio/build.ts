import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const studio = __dirname;
/** Where `npm run build` puts Heed Studio, and where the engine serves it from. */
export const DEFAULT_STUDIO_DIR = join(studio, '..', '..', 'dist', 'studio');

export interface StudioBuildOptions {
  /** Minify the bundle (production); off in tests, where a readable stack helps more. */
  readonly minify?: boolean;
}

/**
 * Bundles Heed Studio into `outDir`: `index.html` and `assets/` (the entry script and its chunks,
 * one style sheet, their source maps, and `fonts/`: Inter from `@fontsource/inter`, under the names
 * `index.html` preloads). Every library and font the page uses is bundled: the page loads nothing
 * from elsewhere.
 */
export async function buildStudio(
  outDir: string = DEFAULT_STUDIO_DIR,
  options: StudioBuildOptions = {},
): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'assets'), { recursive: true });
  const { metafile } = await build({
    entryPoints: { main: join(studio, 'src', 'main.tsx') },
    outdir: join(outDir, 'assets'),
    bundle: true,
    format: 'esm',
    // The views other than the first are chunks of their own, loaded when first shown.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'browser',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    tsconfig: join(studio, 'tsconfig.json'),
    jsx: 'automatic',
    jsxImportSource: 'preact',
    // The font files keep their names: index.html preloads the ones every view needs.
    loader: { '.woff2': 'file', '.woff': 'file' },
    assetNames: 'fonts/[name]',
    minify: options.minify ?? true,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
    metafile: true,
  });
  // The chunks the entry imports, preloaded with it rather than found once it is parsed.
  const assets = join(outDir, 'assets');
  const entry = Object.entries(metafile.outputs).find(([, output]) => output.entryPoint !== undefined);
  const preloads = (entry?.[1].imports ?? [])
    .filter((i) => i.kind === 'import-statement')
    .map((i) => `    <link rel="modulepreload" href="assets/${relative(assets, i.path)}" />\n`)
    .join('');
  const html = readFileSync(join(studio, 'src', 'index.html'), 'utf8').replace('  </head>', `${preloads}  </head>`);
  writeFileSync(join(outDir, 'index.html'), html);
}

if (require.main === module) {
  const outDir = process.argv[2] ?? DEFAULT_STUDIO_DIR;
  buildStudio(outDir).then(
    () => console.log(`Heed Studio built into ${relative(process.cwd(), outDir) || '.'}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
