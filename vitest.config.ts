import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Native addons (hnswlib, better-sqlite3, jieba) are not safe to share across worker threads.
    pool: 'forks',
    // Two forks on a two-core machine (vitest's default is cores − 1, one fork here): much of the
    // suite waits on child processes, browsers and sockets, and CI must finish within 15 minutes.
    maxWorkers: 2,
    testTimeout: 30_000,
    // A test that asserts nothing fails instead of passing: no test that cannot fail.
    expect: { requireAssertions: true },
    hookTimeout: 60_000,
  },
});
