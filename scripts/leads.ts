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
import { createLeadNotes, createLeadSearch, openDialogStore, SqliteStore } from '../src/store/index.js';
import { HELP, parseCli } from './cli-args.js';

const USAGE = 'usage: npm run leads -- list [--status new|claimed|follow_up|closed] | show ID-or-prefix [--json] | export --csv | delete ID';

async function main(): Promise<number> {
  const { values, positionals } = parseCli(USAGE, {
    options: { status: { type: 'string' }, csv: { type: 'boolean' }, json: { type: 'boolean' }, ...HELP },
    allowPositionals: true,
  });
  const [cmd, arg, ...extra] = positionals;
  // Each command takes its own flag only, and at most one id: anything else is a typo.
  const flagsOk = (cmd === 'list' || values.status === undefined) && (cmd === 'export' || values.csv === undefined);
  if (!cmd || extra.length > 0 || !flagsOk || (cmd === 'list' && arg !== undefined)) {
    process.stderr.write(USAGE + '\n');
    return 2;
  }
  const store = await openDialogStore(loadConfig());
  try {
    switch (cmd) {
      case 'list': {
        const status = values.status;
        if (status && !['new', 'claimed', 'follow_up', 'closed'].includes(status)) throw new Error(`unknown status ${status}`);
        process.stdout.write((await listLeadsText(store, status ? { status: status as 'new' | 'claimed' | 'follow_up' | 'closed' } : {})) + '\n');
        return 0;
      }
      case 'show': {
        if (!arg || arg.startsWith('--')) break;
        // Prefix look-up and notes read SQLite's tables; on PostgreSQL they are not built yet.
        if (!(store instanceof SqliteStore)) throw new Error('leads show is not available on PostgreSQL yet (use list, export or delete)');
        const search = createLeadSearch(store.db);
        const notes = createLeadNotes(store.db, { now: () => Date.now() });
        process.stdout.write((await showLead(store, search, notes, arg, { json: values.json === true })) + '\n');
        return 0;
      }
      case 'export':
        if (!values.csv || arg !== undefined) break;
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
    await store.close();
  }
}

process.exitCode = await main();
