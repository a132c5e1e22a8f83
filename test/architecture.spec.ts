import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The dependency rules of the lint step (eslint.config.mjs), exercised on real files: a probe is
// written into a library, linted with the project's own configuration, and removed.
const root = join(__dirname, '..');

function lintProbe(library: string, source: string): { status: number | null; output: string } {
  const file = join(root, 'libs', library, 'src', `arch-probe-${randomUUID()}.ts`);
  writeFileSync(file, source);
  try {
    const run = spawnSync(process.execPath, [join(root, 'node_modules/eslint/bin/eslint.js'), '--no-cache', file], {
      cwd: root,
      encoding: 'utf8',
    });
    return { status: run.status, output: run.stdout + run.stderr };
  } finally {
    rmSync(file, { force: true });
  }
}

describe('architecture rules in the lint step', () => {
  it('rejects NestJS in libs/domain, naming the rule', () => {
    const result = lintProbe(
      'domain',
      "import { Injectable } from '@nestjs/common';\nexport const probe = Injectable;\n",
    );
    expect(result.status).toBe(1);
    expect(result.output).toContain('heed/domain-is-pure');
  });

  it('rejects IO modules and the wall clock in libs/domain', () => {
    const result = lintProbe(
      'domain',
      "import { readFileSync } from 'node:fs';\nexport const probe = (): unknown => [readFileSync, Date.now()];\n",
    );
    expect(result.status).toBe(1);
    expect(result.output.match(/heed\/domain-is-pure/g)?.length).toBe(2);
  });

  it('accepts xstate, class-validator and its own files in libs/domain', () => {
    const result = lintProbe(
      'domain',
      "import { setup } from 'xstate';\nimport { IsString } from 'class-validator';\nimport { signalCatalog } from './index';\nexport const probe = [setup, IsString, signalCatalog];\n",
    );
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('rejects libs/domain in libs/actors, naming the rule', () => {
    const result = lintProbe('actors', "export * from '@heed/domain';\n");
    expect(result.status).toBe(1);
    expect(result.output).toContain('heed/actors-know-no-customers');
  });

  it('keeps libs/statechart free of packages, Node modules and DOM globals', () => {
    const result = lintProbe(
      'statechart',
      "import { readFileSync } from 'node:fs';\nimport { formatDuration } from './index';\nexport const probe = (): unknown => [readFileSync, formatDuration, document.title];\n",
    );
    expect(result.status).toBe(1);
    expect(result.output.match(/heed\/statechart-is-portable/g)?.length).toBe(2);
  });
});
