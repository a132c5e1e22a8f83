import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildInputs, ENTRY_FILE, sourceStamp, STAMP_FILE, staleBecause } from '../scripts/build/build-stamp';

describe('npm start builds only when dist/ is not a build of the current sources', () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const built = () => {
    write(ENTRY_FILE, 'built');
    write(STAMP_FILE, `${sourceStamp(root)}\n`);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'heed-build-stamp-'));
    write('package-lock.json', '{}');
    write('apps/heed/src/main.ts', 'start();');
    write('libs/config/src/index.ts', 'export {};');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('counts the sources that are built, not tests, benchmarks or docs', () => {
    write('apps/heed/src/main.spec.ts', 'test');
    write('apps/heed/test/heed.e2e.spec.ts', 'test');
    write('apps/ingest/bench/ingest.bench.ts', 'bench');
    write('libs/config/README.md', 'doc');
    write('apps/studio/src/app.tsx', 'ui');
    expect(buildInputs(root)).toEqual([
      'apps/heed/src/main.ts',
      'apps/studio/src/app.tsx',
      'libs/config/src/index.ts',
      'package-lock.json',
    ]);
  });

  it('builds when there is no build or no stamp', () => {
    expect(staleBecause(root)).toBe(`${ENTRY_FILE} is missing`);
    write(ENTRY_FILE, 'built');
    expect(staleBecause(root)).toBe(`${STAMP_FILE} is missing`);
  });

  it('skips the build when nothing changed, even if the files were touched', () => {
    built();
    expect(staleBecause(root)).toBeUndefined();
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'apps/heed/src/main.ts'), later, later);
    expect(staleBecause(root)).toBeUndefined();
  });

  it.each([
    ['a source edited', () => write('libs/config/src/index.ts', 'export const x = 1;')],
    ['a source added', () => write('libs/config/src/more.ts', 'export {};')],
    ['a dependency changed', () => write('package-lock.json', '{"lockfileVersion":3}')],
  ])('builds again after %s', (_, change) => {
    built();
    change();
    expect(staleBecause(root)).toBe('the sources changed since the last build');
  });

  it('does not count an edit to a test', () => {
    built();
    write('apps/heed/test/new.e2e.spec.ts', 'test');
    write('apps/heed/src/new.spec.ts', 'test');
    expect(staleBecause(root)).toBeUndefined();
  });
});
