import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { satisfies } from 'semver';

// The README promises Node.js 22.22+ (or 24.15+) without a warning, and 20.19+ with warnings for
// the packages it names. The
// lock file says what each installed package declares: a new dependency that leaves Node.js 20
// (or 22) fails here, and the README or an override in package.json is brought up to date.
const root = join(__dirname, '..');
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; dev?: boolean }>;
};
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const installed = Object.entries(lock.packages)
  .filter(([path]) => path.includes('node_modules/'))
  .map(([path, p]) => ({
    name: path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length),
    version: p.version ?? '',
    dev: p.dev === true,
    node: Array.isArray(p.engines) ? undefined : p.engines?.node,
  }));
const refusing = (version: string) =>
  installed.filter((p) => p.node !== undefined && !satisfies(version, p.node, { includePrerelease: true }));

/** How the README names a package that warns on Node.js 20 (a scope's packages by `@scope/*`). */
const namedInReadme = (name: string): boolean =>
  readme.includes(`\`${name}\``) || (name.startsWith('@') && readme.includes(`\`${name.split('/')[0]}/*\``));

describe('supported Node.js versions', () => {
  it('states them in the README', () => {
    expect(readme).toContain('Requires Node.js 22.22 or later in the 22 line');
    expect(readme).toContain('or 24.15 or later');
    expect(readme).toContain('Node.js 20.19 or later also runs Heed');
  });

  it.each(['22.22.3', '24.15.0'])('installs only packages that declare Node.js %s', (version) => {
    expect(refusing(version).map((p) => `${p.name}@${p.version} wants node ${p.node}`)).toEqual([]);
  });

  it('names in the README every package that declares more than Node.js 20.19', () => {
    const unnamed = refusing('20.19.0').filter((p) => !namedInReadme(p.name));
    expect(unnamed.map((p) => `${p.name}@${p.version} wants node ${p.node}`)).toEqual([]);
  });

  it('keeps the runtime dependencies that declare Node.js 22 to the one the README names', () => {
    expect([
      ...new Set(
        refusing('20.19.0')
          .filter((p) => !p.dev)
          .map((p) => p.name),
      ),
    ]).toEqual(['content-disposition']);
  });
});
