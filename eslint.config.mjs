// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// The architecture's arrows (shared ARCHITECTURE.md): apps → libs, never back; libs/domain is
// pure; libs/actors knows machines and streams, not customers.
const domainIsPure = (files, ignores, extra) => ({
  name: 'heed/domain-is-pure',
  files,
  ignores,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            // Allow-list: relative imports, xstate and validation decorators (and fast-check in
            // specs). Anything else (NestJS, the store client, node:* IO modules, other Heed libs)
            // breaks the pure core.
            regex: `^(?!\\.{1,2}/|xstate(/|$)|class-validator$|class-transformer$|reflect-metadata$${extra})`,
            message:
              'heed/domain-is-pure: libs/domain is pure (no IO, no NestJS, no clock). It may import only xstate, class-validator, class-transformer and its own files.',
          },
        ],
      },
    ],
    'no-restricted-globals': [
      'error',
      { name: 'process', message: 'heed/domain-is-pure: configuration comes in as arguments, not from process.' },
      { name: 'fetch', message: 'heed/domain-is-pure: no IO in libs/domain.' },
      { name: 'setTimeout', message: 'heed/domain-is-pure: delays are `after` transitions, timed by events.' },
      { name: 'setInterval', message: 'heed/domain-is-pure: delays are `after` transitions, timed by events.' },
    ],
    'no-restricted-syntax': [
      'error',
      {
        selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
        message: 'heed/domain-is-pure: time comes from events, never Date.now().',
      },
      {
        selector: "NewExpression[callee.name='Date'][arguments.length=0]",
        message: 'heed/domain-is-pure: time comes from events, never new Date().',
      },
      {
        selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
        message: 'heed/domain-is-pure: randomness comes in as an argument.',
      },
    ],
  },
});

const actorsKnowNoCustomers = {
  name: 'heed/actors-know-no-customers',
  files: ['libs/actors/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: ['@heed/domain', '@heed/domain/*', '**/libs/domain/**', '**/domain/src/**'],
            message: 'heed/actors-know-no-customers: libs/actors is a generic runtime and must not import libs/domain.',
          },
          {
            group: ['@nestjs/*', '**/apps/**'],
            message: 'heed/actors-know-no-customers: libs/actors depends on xstate, the store client and rxjs only.',
          },
        ],
      },
    ],
  },
};

const libsNeverImportApps = {
  name: 'heed/libs-never-import-apps',
  files: ['libs/**/*.ts'],
  ignores: ['libs/domain/**', 'libs/actors/**'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [{ group: ['**/apps/**'], message: 'heed/libs-never-import-apps: arrows point from apps to libs.' }],
      },
    ],
  },
};

// Shared by the engine (Node) and Studio's browser bundle: its own files only, and no IO.
const statechartIsPortable = {
  name: 'heed/statechart-is-portable',
  files: ['libs/statechart/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            // Its own files only: no package, no node:* module, no path out of libs/statechart/src.
            regex: '^(?!\\.{1,2}/)|(\\.\\./){2}',
            message:
              'heed/statechart-is-portable: libs/statechart runs in Node and in the browser; it imports only its own files.',
          },
        ],
      },
    ],
    'no-restricted-globals': [
      'error',
      ...['process', 'Buffer', 'window', 'document', 'fetch'].map((name) => ({
        name,
        message: 'heed/statechart-is-portable: no Node or DOM globals in libs/statechart.',
      })),
    ],
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', '.heed/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/require-await': 'off',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  domainIsPure(['libs/domain/**/*.ts'], ['libs/domain/**/*.spec.ts'], ''),
  domainIsPure(['libs/domain/**/*.spec.ts'], [], '|fast-check$'),
  actorsKnowNoCustomers,
  libsNeverImportApps,
  statechartIsPortable,
  prettier,
);
