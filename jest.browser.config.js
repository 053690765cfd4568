/** Browser journeys: the real bot and the Agents Playground on loopback, clicked in Chromium. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test-browser'],
  testMatch: ['**/*.journey.ts', '**/*.check.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testTimeout: 90000,
  maxWorkers: 1,
};
