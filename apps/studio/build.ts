import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const studio = __dirname;
/** Where `npm run build` puts Heed Studio, and where the engine serves it from. */
export const DEFAULT_STUDIO_DIR = join(studio, '..', '..', 'dist', 'studio');

export interface StudioBuildOptions {
  /** Minify the bundle (production); off in tests, where a readable stack helps more. */
  readonly minify?: boolean;
}

/**
 * Bundles Heed Studio into `outDir`: `index.html` and `assets/` (one script, one style sheet, their
 * source maps). Every library the page uses is bundled: the page loads nothing from elsewhere.
 */
export async function buildStudio(
  outDir: string = DEFAULT_STUDIO_DIR,
  options: StudioBuildOptions = {},
): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'assets'), { recursive: true });
  await build({
    entryPoints: { main: join(studio, 'src', 'main.tsx') },
    outdir: join(outDir, 'assets'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    tsconfig: join(studio, 'tsconfig.json'),
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: options.minify ?? true,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  copyFileSync(join(studio, 'src', 'index.html'), join(outDir, 'index.html'));
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
