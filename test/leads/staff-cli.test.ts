/** `npm run staff` commands over the real SQLite store: passwords come from the reader, never argv. */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { runStaffCommand } from '../../src/leads/staff-cli.js';
import { createStaffDirectory } from '../../src/leads/staff-directory.js';
import { createStaffStore, openStore, type SqliteStore } from '../../src/store/index.js';

let store: SqliteStore | undefined;
afterEach(() => store?.close());

describe('npm run staff', () => {
  it('adds, lists, changes password and role, links Slack, disables; usage errors are bad_request', async () => {
    const clock = new ManualClock(1_000);
    store = openStore({ path: ':memory:' }, clock);
    const directory = createStaffDirectory(createStaffStore(store.db, clock));
    const asked: string[] = [];
    let next = 'first-password-1';
    const run = (...argv: string[]) =>
      runStaffCommand(argv, {
        directory,
        readPassword: async (q) => {
          asked.push(q);
          return next;
        },
      });
    expect(await run('list')).toContain('No staff accounts yet');
    expect(await run('add', '陈主管', '--supervisor', '--password-stdin')).toMatch(/^added 1\t陈主管\t主管 supervisor$/);
    expect(asked).toEqual(['Password for 陈主管: ']);
    expect(await directory.authenticate('陈主管', 'first-password-1')).toMatchObject({ role: 'supervisor' });
    next = 'second-password-2';
    expect(await run('passwd', '陈主管')).toContain('sessions have ended');
    expect(await directory.authenticate('陈主管', 'second-password-2')).toBeDefined();
    next = 'li-password-123';
    await run('add', '李专员');
    expect(await run('role', '李专员', 'supervisor')).toContain('主管 supervisor');
    expect(await run('link-slack', '李专员', 'U0LI')).toContain('slack U0LI');
    expect(await run('disable', '李专员')).toContain('已停用 disabled');
    expect(await run('list')).toBe('2\t李专员\t主管 supervisor · 已停用 disabled · slack U0LI\n1\t陈主管\t主管 supervisor');
    await expect(run('passwd', 'nobody')).rejects.toMatchObject({ code: 'not_found' });
    await expect(run('role', '李专员', 'king')).rejects.toMatchObject({ code: 'bad_request' });
    await expect(run('frobnicate')).rejects.toMatchObject({ code: 'bad_request' });
    next = 'short';
    await expect(run('add', '王')).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('at least 10') });
  });
});
