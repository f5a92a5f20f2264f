/**
 * Everything the server keeps in its database, opened as one bundle of ports: the dialog store,
 * staff accounts and sessions, taught items and the gap log, lead search and notes, and the
 * cross-instance coordination and signals that go with the back-end. SQLite (one instance):
 * in-process locks and signals. PostgreSQL (DATABASE_URL, several instances): advisory locks on a
 * pool of their own and LISTEN/NOTIFY on a connection of its own.
 */
import type { Config } from '../config.js';
import { localCoordination, localSignals } from '../core/local-signals.js';
import type { Clock, Coordination, FeedbackSink, InsightsReader, Logger, Signals } from '../core/ports.js';
import { sqliteGapLog } from './gap-log.js';
import { openStore } from './index.js';
import { createLeadNotes } from './lead-notes.js';
import { createLeadSearch } from './lead-search.js';
import { createPgCoordination } from './pg/coordination.js';
import { createPgGapLog } from './pg/gap-log.js';
import { createPgLeadNotes, createPgLeadSearch } from './pg/lead-search.js';
import { PgStore } from './pg/pg-store.js';
import { openPgSignals } from './pg/signals.js';
import { createPgStaffStore } from './pg/staff.js';
import { createPgTaughtLedger } from './pg/taught.js';
import type { LeadNotes, LeadSearch } from './search-types.js';
import { createStaffStore, type StaffStore } from './staff-store.js';
import { sqliteTaughtLedger } from './taught.js';
import type { GapLog, TaughtLedger } from './taught-port.js';
import type { DialogStore, KeyValueLedger, RecordUpdater } from './types.js';

/** The dialog store with the read, vote and key-value ports both back-ends implement. */
export type SharedStore = DialogStore & InsightsReader & FeedbackSink & KeyValueLedger;

/** The opened back-end. */
export interface StoreBackend {
  kind: 'sqlite' | 'postgres';
  store: SharedStore;
  staff: StaffStore;
  taught: TaughtLedger;
  gapLog: GapLog;
  search: LeadSearch;
  notes: LeadNotes;
  coordination: Coordination;
  signals: Signals;
  /** Atomic read-modify-write of small records across instances (login throttles); absent on SQLite, where memory is shared enough. */
  records?: RecordUpdater;
  close(): Promise<void>;
}

type Source = Pick<Config, 'DATA_DIR'> & Partial<Pick<Config, 'DATABASE_URL' | 'DATABASE_POOL_MAX'>>;

/** Open the configured back-end (PostgreSQL migrated under its advisory lock). `schema`: tests only. */
export async function openBackend(config: Source, clock: Clock, opts: { logger?: Logger; schema?: string } = {}): Promise<StoreBackend> {
  if (!config.DATABASE_URL) {
    const store = openStore({ DATA_DIR: config.DATA_DIR }, clock);
    return {
      kind: 'sqlite',
      store,
      staff: createStaffStore(store.db, clock),
      taught: sqliteTaughtLedger(store.db, clock),
      gapLog: sqliteGapLog(store.db),
      search: createLeadSearch(store.db),
      notes: createLeadNotes(store.db, clock),
      coordination: localCoordination(),
      signals: localSignals(),
      async close() {
        store.close();
      },
    };
  }
  const url = config.DATABASE_URL;
  const max = config.DATABASE_POOL_MAX ?? 10;
  const pg = await PgStore.open(url, { clock, max, ...(opts.schema !== undefined ? { schema: opts.schema } : {}) });
  const coordination = createPgCoordination(url, { max, ...(opts.schema !== undefined ? { scope: opts.schema } : {}) });
  let signals: Signals;
  try {
    signals = await openPgSignals(url, pg.pool, { ...(opts.schema !== undefined ? { scope: opts.schema } : {}), ...(opts.logger ? { logger: opts.logger } : {}) });
  } catch (err) {
    await coordination.close().catch(() => {});
    await pg.close().catch(() => {});
    throw err;
  }
  return {
    kind: 'postgres',
    store: pg,
    staff: createPgStaffStore(pg.pool, clock),
    taught: createPgTaughtLedger(pg.pool, clock),
    gapLog: createPgGapLog(pg.pool),
    search: createPgLeadSearch(pg.pool),
    notes: createPgLeadNotes(pg.pool, clock),
    coordination,
    signals,
    records: pg,
    async close() {
      await signals.close();
      await coordination.close();
      await pg.close();
    },
  };
}
