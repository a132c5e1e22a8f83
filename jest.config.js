// Three kinds of tests (see CONVENTIONS.md): unit specs next to the code, integration specs
// against a running embedded store, and end-to-end specs of the whole system.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // NestJS 12 ships ES modules, and so does content-disposition (of @fastify/static, which serves
  // Studio): they are transpiled to CommonJS like our own code.
  transformIgnorePatterns: ['^(?!.*/node_modules/content-disposition/).*/node_modules/(?!(@nestjs)/)'],
  moduleNameMapper: { '^@heed/([a-z-]+)$': '<rootDir>/libs/$1/src' },
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs}/*/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
      // Whole-system specs under test/ (the fault-injection suite) belong to e2e.
      testPathIgnorePatterns: ['/node_modules/', '\\.e2e\\.spec\\.ts$'],
    },
    { ...shared, displayName: 'int', testMatch: ['<rootDir>/{apps,libs}/*/test/**/*.int.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/{apps,libs}/*/test/**/*.e2e.spec.ts', '<rootDir>/test/**/*.e2e.spec.ts'],
    },
  ],
  collectCoverageFrom: ['{apps,libs}/*/src/**/*.ts', '!**/*.spec.ts', '!**/main.ts', '!**/index.ts'],
  coverageReporters: ['text-summary', 'lcov'],
  coverageDirectory: 'coverage',
};
