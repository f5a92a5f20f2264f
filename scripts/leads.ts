/**
 * Staff CLI over stored leads.
 *   npm run leads -- list [--status new|claimed|follow_up|closed]
 *   npm run leads -- show ID [--json]   (ID may be a unique prefix)
 *   npm run leads -- export --csv > leads.csv
 *   npm run leads -- delete ID      (data-subject request: erases the person's data, prints what)
 */
import { loadConfig } from '../src/config.js';
import { asCodedError } from '../src/core/errors.js';
import { describeErasure, erasePerson, leadsToCsv, listLeadsText, showLead } from '../src/leads/admin.js';
import { createLeadNotes, createLeadSearch, openStore } from '../src/store/index.js';

const USAGE = 'usage: npm run leads -- list [--status new|claimed|follow_up|closed] | show ID-or-prefix [--json] | export --csv | delete ID';

async function main(argv: string[]): Promise<number> {
  const [cmd, arg] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h') {
    process.stdout.write(USAGE + '\n');
    return cmd ? 0 : 2;
  }
  const store = openStore(loadConfig());
  try {
    switch (cmd) {
      case 'list': {
        const i = argv.indexOf('--status');
        const status = i >= 0 ? argv[i + 1] : undefined;
        if (status && !['new', 'claimed', 'follow_up', 'closed'].includes(status)) throw new Error(`unknown status ${status}`);
        process.stdout.write((await listLeadsText(store, status ? { status: status as 'new' | 'claimed' | 'follow_up' | 'closed' } : {})) + '\n');
        return 0;
      }
      case 'show': {
        if (!arg || arg.startsWith('--')) break;
        const search = createLeadSearch(store.db, (id) => store.getLeadSync(id));
        const notes = createLeadNotes(store.db, { now: () => Date.now() });
        process.stdout.write((await showLead(store, search, notes, arg, { json: argv.includes('--json') })) + '\n');
        return 0;
      }
      case 'export':
        if (arg !== '--csv') break;
        process.stdout.write(await leadsToCsv(store));
        return 0;
      case 'delete':
        if (!arg) break;
        process.stdout.write(describeErasure(await erasePerson(store, arg)) + '\n');
        return 0;
    }
    process.stderr.write(USAGE + '\n');
    return 2;
  } catch (err) {
    const e = asCodedError(err);
    process.stderr.write(`${e.code}: ${e.message}\n`);
    return 1;
  } finally {
    store.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
