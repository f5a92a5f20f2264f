import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Native addons (hnswlib, better-sqlite3, jieba) are not safe to share across worker threads.
    pool: 'forks',
    testTimeout: 30_000,
    // A test that asserts nothing fails instead of passing: no test that cannot fail.
    expect: { requireAssertions: true },
    hookTimeout: 60_000,
  },
});
