/**
 * The commands of `npm run staff` (scripts/staff.ts parses nothing else): add, disable, enable,
 * passwd, role, link-slack, unlink-slack, list. Passwords never come from argv (visible in `ps`):
 * the caller supplies `readPassword` (stdin with --password-stdin, the STAFF_PASSWORD
 * environment variable, or a hidden prompt).
 */
import { CodedError } from '../core/errors.js';
import { both } from '../core/texts/both.js';
import type { StaffAccountRecord } from '../store/staff-types.js';
import type { StaffDirectory } from './staff-directory.js';

export const STAFF_USAGE = [
  'usage: npm run staff -- <command>',
  '  add NAME [--supervisor] [--password-stdin]   create an account (password: prompt, stdin or STAFF_PASSWORD)',
  '  passwd NAME [--password-stdin]               set a new password (ends the account\'s sessions)',
  '  disable NAME | enable NAME                   disabling ends the account\'s sessions',
  '  role NAME staff|supervisor',
  '  link-slack NAME UXXXXXXX | unlink-slack NAME   act on Slack as this account',
  '  list',
].join('\n');

/** One line per account. */
function line(a: StaffAccountRecord): string {
  const role = both((t) => (a.role === 'supervisor' ? t.staffCli.supervisor : t.staffCli.staff), ' ');
  const flags = [role, a.disabledAt !== undefined ? both((t) => t.staffCli.disabled, ' ') : '', a.slackUserId ? `slack ${a.slackUserId}` : ''].filter(Boolean);
  return `${a.id}\t${a.name}\t${flags.join(' · ')}`;
}

/** Run one command; returns the text to print. Throws a CodedError (bad_request for usage). */
export async function runStaffCommand(argv: string[], deps: { directory: StaffDirectory; readPassword: (prompt: string) => Promise<string> }): Promise<string> {
  const [cmd, name, extra] = argv.filter((a) => !a.startsWith('--'));
  const flag = (f: string) => argv.includes(f);
  const { directory } = deps;
  const need = (v: string | undefined, what: string): string => {
    if (!v) throw new CodedError('bad_request', `${what} missing\n${STAFF_USAGE}`);
    return v;
  };
  switch (cmd) {
    case 'add': {
      const n = need(name, 'NAME');
      const a = await directory.add({ name: n, password: await deps.readPassword(`Password for ${n}: `), role: flag('--supervisor') ? 'supervisor' : 'staff', by: 'cli' });
      return `added ${line(a)}`;
    }
    case 'passwd': {
      const n = need(name, 'NAME');
      if (!(await directory.get(n))) throw new CodedError('not_found', `no staff account named ${n}`);
      await directory.setPassword(n, await deps.readPassword(`New password for ${n}: `));
      return `password changed for ${n}; their sessions have ended`;
    }
    case 'disable':
      return `disabled ${line(await directory.setDisabled(need(name, 'NAME'), true))}`;
    case 'enable':
      return `enabled ${line(await directory.setDisabled(need(name, 'NAME'), false))}`;
    case 'role': {
      const role = need(extra, 'ROLE');
      if (role !== 'staff' && role !== 'supervisor') throw new CodedError('bad_request', 'ROLE is staff or supervisor');
      return `changed ${line(await directory.setRole(need(name, 'NAME'), role))}`;
    }
    case 'link-slack':
      return `linked ${line(await directory.linkSlack(need(name, 'NAME'), need(extra, 'Slack user id')))}`;
    case 'unlink-slack':
      return `unlinked ${line(await directory.linkSlack(need(name, 'NAME'), null))}`;
    case 'list': {
      const all = await directory.list();
      return all.length ? all.map(line).join('\n') : both((t) => t.staffCli.noAccounts, ' ');
    }
    default:
      throw new CodedError('bad_request', STAFF_USAGE);
  }
}
