/**
 * 微信客服 callbacks carry no message, only "something happened on open_kfid X" and a short-lived
 * token; the messages are pulled with `kf/sync_msg` from a cursor. The cursor is kept in the store
 * and advanced only after a page is handled, so a restart resumes where the last page ended and
 * nothing is lost; each msgid is claimed in the store before it is handled, so a page read twice
 * (after a crash, or by a second instance) handles nothing twice. One pull per open_kfid runs at a
 * time: in this process by the shared `KeyedLock`, across instances by a lease in the store.
 */
import { asCodedError } from '../../core/errors.js';
import { KeyedLock } from '../../core/keyed-lock.js';
import type { Clock, Logger } from '../../core/ports.js';
import type { KeyValueLedger } from '../../store/types.js';
import type { KfApi, KfEntry } from './kf-api.js';

const CURSOR = 'wecom-kf:cursor';
const SEEN = 'wecom-kf:seen';
const LEASE = 'wecom-kf:lease';
const LEASE_MS = 60_000;
const SEEN_KEEP_MS = 7 * 24 * 60 * 60_000;
const MAX_PAGES = 100;

/** Pulls and hands each new entry to `onEntry`, in order; an entry that fails goes to `onFailed`. */
export class KfPuller {
  // One pull per open_kfid at a time; `queued` holds the one pull waiting behind it, if any.
  private readonly lock = new KeyedLock();
  private readonly queued = new Map<string, Promise<void>>();
  private lastPrune = 0;

  constructor(
    private readonly api: KfApi,
    private readonly kv: KeyValueLedger,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly onEntry: (entry: KfEntry) => Promise<void>,
    /** The polite reply to an entry whose handling failed (the failure is already logged). */
    private readonly onFailed: (entry: KfEntry) => Promise<void> = async () => {},
  ) {}

  /** Pull what is new on `openKfid`; a call while a pull runs is coalesced into one more pull after it. */
  pull(openKfid: string, token?: string): Promise<void> {
    const waiting = this.queued.get(openKfid);
    if (waiting) return waiting;
    // The lock starts `fn` on a later tick at the earliest, so `queued` is set before it is cleared.
    const next = this.lock
      .run(openKfid, () => {
        this.queued.delete(openKfid);
        return this.run(openKfid, token);
      })
      .catch((err: unknown) => this.logger.error('wecom-kf pull failed', { err: asCodedError(err) }));
    this.queued.set(openKfid, next);
    return next;
  }

  private async run(openKfid: string, token?: string): Promise<void> {
    if (!(await this.takeLease(openKfid))) {
      this.logger.info('wecom-kf pull skipped: another instance holds the lease');
      return;
    }
    try {
      let cursor = (await this.kv.get<string>(CURSOR, openKfid)) ?? '';
      for (let page = 0; page < MAX_PAGES; page++) {
        const r = await this.api.syncMsg({ openKfid, cursor, ...(token ? { token } : {}) });
        if (r.skipped > 0) this.logger.warn('wecom-kf entries of an unknown shape skipped', { count: r.skipped });
        for (const entry of r.entries) {
          if (!(await this.kv.setIfAbsent(SEEN, entry.msgid, this.clock.now()))) continue;
          try {
            await this.onEntry(entry);
          } catch (err) {
            // The channel's one error path for a message: logged once here, answered politely by
            // `onFailed`; one entry failing must not hold back the rest of the queue or the cursor.
            const coded = asCodedError(err);
            this.logger.error('wecom-kf entry failed', { code: coded.code, err: coded, msgtype: entry.msgtype });
            await this.onFailed(entry).catch((inner: unknown) => this.logger.warn('wecom-kf error reply failed', { err: asCodedError(inner) }));
          }
        }
        if (r.nextCursor) {
          cursor = r.nextCursor;
          await this.kv.set(CURSOR, openKfid, cursor);
        }
        if (!r.hasMore) break;
      }
    } finally {
      await this.kv.delete(LEASE, openKfid);
    }
    if (this.clock.now() - this.lastPrune > 60 * 60_000) {
      this.lastPrune = this.clock.now();
      await this.kv.deleteOlderThan(SEEN, SEEN_KEEP_MS);
    }
  }

  /** A lease in the store; an expired one (its holder died) is taken over. */
  private async takeLease(openKfid: string): Promise<boolean> {
    const until = this.clock.now() + LEASE_MS;
    if (await this.kv.setIfAbsent(LEASE, openKfid, until)) return true;
    const held = await this.kv.get<number>(LEASE, openKfid);
    if (held !== undefined && held > this.clock.now()) return false;
    await this.kv.delete(LEASE, openKfid);
    return this.kv.setIfAbsent(LEASE, openKfid, until);
  }
}
