/**
 * Staff accounts from the terminal (see STAFF_USAGE):
 *   npm run staff -- add 李专员 --supervisor        (asks for the password, hidden)
 *   printf '%s\n' "$PW" | npm run staff -- passwd 李专员 --password-stdin
 *   npm run staff -- link-slack 李专员 U012ABCDEF
 * The password is read from stdin (--password-stdin), STAFF_PASSWORD, or a hidden prompt; never argv.
 */
import { createInterface } from 'node:readline';
import { loadConfig } from '../src/config.js';
import { asCodedError } from '../src/core/errors.js';
import { runStaffCommand, STAFF_USAGE } from '../src/leads/staff-cli.js';
import { createStaffDirectory } from '../src/leads/staff-directory.js';
import { openStaffStore } from '../src/store/index.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Ask on the terminal without echoing what is typed. */
function prompt(question: string): Promise<string> {
  if (!process.stdin.isTTY) return Promise.reject(new Error('no terminal to ask for the password: use --password-stdin or STAFF_PASSWORD'));
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const out = rl as unknown as { _writeToOutput: (s: string) => void };
  process.stderr.write(question);
  out._writeToOutput = () => undefined;
  return new Promise((resolve) =>
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    }),
  );
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write(STAFF_USAGE + '\n');
    return argv.length ? 0 : 2;
  }
  const { staff, close } = await openStaffStore(loadConfig());
  try {
    const readPassword = async (q: string): Promise<string> => {
      if (argv.includes('--password-stdin')) return readStdin();
      // A one-off secret for this command, not a server setting, so not part of src/config.ts.
      const fromEnv = process.env.STAFF_PASSWORD;
      if (fromEnv) return fromEnv;
      const first = await prompt(q);
      if ((await prompt('Again: ')) !== first) throw new Error('the two passwords differ');
      return first;
    };
    process.stdout.write((await runStaffCommand(argv, { directory: createStaffDirectory(staff), readPassword })) + '\n');
    return 0;
  } catch (err) {
    const e = asCodedError(err);
    process.stderr.write(`${e.code}: ${e.message}\n`);
    return e.code === 'bad_request' ? 2 : 1;
  } finally {
    await close();
  }
}

process.exitCode = await main(process.argv.slice(2));
