/**
 * Keeps the WeChat login alive: tracks login state and the QR code for /healthz and the staff
 * console, and on logout, a failed start, an error while logged out, or a silent connection
 * restarts the bot with exponential backoff and tells staff once that a re-login may be needed.
 * It knows nothing about Wechaty: the adapter reports events and supplies `restart`.
 */
import type { Channel, Clock, Logger } from '../../core/ports.js';
import { asCodedError } from '../../core/errors.js';
import { ZH } from '../../core/texts/zh.js';

/** Options of the supervisor; times in ms. */
export interface ConnectionOptions {
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  logger: Logger;
  notifyStaff: (text: string) => Promise<void>;
  /** Stop and start the bot again (a fresh login attempt: restored session or a new QR code). */
  restart: () => Promise<void>;
  /** First retry delay; doubles per attempt up to `backoffMaxMs`. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** No event at all for this long while logged in counts as a dead connection. */
  silenceMs?: number;
}

/** Why the connection is considered lost. */
export type DisconnectReason = 'logout' | 'error' | 'silent' | 'start_failed';

const REASON_TEXT: Record<DisconnectReason, string> = ZH.staffNotice.disconnect;

/** Login state and reconnection of one bot. */
export interface ConnectionSupervisor {
  status(): ReturnType<Channel['status']>;
  qr(): string | undefined;
  isLoggedIn(): boolean;
  /** The bot is starting (first start). */
  starting(): void;
  /** A QR code to scan (`waiting` false once it was scanned). */
  scanned(qr: string | undefined, waiting: boolean): void;
  loggedIn(): void;
  /** The connection is lost; starts the reconnect loop unless one runs. */
  lost(reason: DisconnectReason, detail?: string): void;
  /** Any sign of life from the puppet (heartbeat, message, …). */
  heard(): void;
  /** Check for a silent connection; the adapter calls this on a timer. */
  checkLiveness(): void;
  /** Suppress reactions to the bot's own stop/start (it emits logout). */
  quiet<T>(fn: () => Promise<T>): Promise<T>;
  stop(): void;
  /** Resolves when no reconnect loop is running (tests). */
  idle(): Promise<void>;
}

/** Create the supervisor; it does nothing until told about events. */
export function createConnectionSupervisor(opts: ConnectionOptions): ConnectionSupervisor {
  const base = opts.backoffBaseMs ?? 5_000;
  const max = opts.backoffMaxMs ?? 5 * 60_000;
  const silenceMs = opts.silenceMs ?? 5 * 60_000;
  let state: ReturnType<Channel['status']>['state'] = 'off';
  let detail: string | undefined;
  let qrcode: string | undefined;
  let logged = false;
  let lastHeard = opts.clock.now();
  let scanSeq = 0;
  let quietDepth = 0;
  let stopped = false;
  let toldStaff = false;
  let loop: Promise<void> | undefined;
  let wake: () => void = () => undefined;
  let stoppedSignal = new Promise<void>((resolve) => (wake = resolve));

  // A stop must not wait out a five-minute backoff.
  const pause = (ms: number) => Promise.race([opts.sleep(ms).catch(() => undefined), stoppedSignal]);
  const backoff = (attempt: number) => Math.min(max, base * 2 ** Math.min(attempt, 30));

  const tellStaff = async (reason: DisconnectReason) => {
    if (toldStaff) return;
    toldStaff = true;
    try {
      await opts.notifyStaff(ZH.staffNotice.relogin(REASON_TEXT[reason]));
    } catch (err) {
      opts.logger.error('wechat could not tell staff about the lost login', { err: asCodedError(err) });
    }
  };

  const reconnect = async (reason: DisconnectReason) => {
    await tellStaff(reason);
    let seenScan = scanSeq;
    for (let attempt = 0; !stopped && !logged; attempt++) {
      const delay = backoff(attempt);
      detail = `reconnecting (${reason}), attempt ${attempt + 1} in ${Math.round(delay / 1000)}s`;
      await pause(delay);
      if (stopped || logged) break;
      // A new QR code since the last attempt: the puppet is alive and waiting for a person to scan.
      if (scanSeq !== seenScan) break;
      opts.logger.info('wechat reconnect attempt', { attempt: attempt + 1, reason });
      try {
        await supervisor.quiet(opts.restart);
      } catch (err) {
        opts.logger.warn('wechat restart failed', { attempt: attempt + 1, err: asCodedError(err) });
      }
      seenScan = scanSeq;
    }
  };

  const supervisor: ConnectionSupervisor = {
    status: () => ({ state, ...(detail ? { detail } : {}) }),
    qr: () => qrcode,
    isLoggedIn: () => logged,
    starting() {
      if (stopped) stoppedSignal = new Promise<void>((resolve) => (wake = resolve));
      stopped = false;
      state = 'starting';
      detail = 'starting';
      lastHeard = opts.clock.now();
    },
    scanned(qr, waiting) {
      supervisor.heard();
      scanSeq++;
      qrcode = waiting ? qr : undefined;
      if (!logged) {
        state = state === 'degraded' ? 'degraded' : 'starting';
        detail = waiting ? 'waiting for QR code scan' : 'QR code scanned, confirm on the phone';
      }
    },
    loggedIn() {
      supervisor.heard();
      logged = true;
      qrcode = undefined;
      state = 'ready';
      detail = undefined;
      toldStaff = false;
    },
    lost(reason, why) {
      if (quietDepth > 0 || stopped) return;
      opts.logger.warn('wechat connection lost', { reason, detail: why });
      logged = false;
      state = reason === 'start_failed' ? 'error' : 'degraded';
      detail = `${reason}${why ? `: ${why}` : ''}`;
      if (loop) return;
      loop = reconnect(reason)
        .catch((err: unknown) => opts.logger.error('wechat reconnect loop failed', { err: asCodedError(err) }))
        .finally(() => {
          loop = undefined;
        });
    },
    heard() {
      lastHeard = opts.clock.now();
    },
    checkLiveness() {
      if (stopped || !logged) return;
      if (opts.clock.now() - lastHeard > silenceMs) supervisor.lost('silent', `no event for ${Math.round(silenceMs / 60_000)} min`);
    },
    async quiet(fn) {
      quietDepth++;
      try {
        return await fn();
      } finally {
        quietDepth--;
      }
    },
    stop() {
      stopped = true;
      logged = false;
      qrcode = undefined;
      state = 'off';
      detail = undefined;
      wake();
    },
    idle: async () => {
      await loop;
    },
  };
  return supervisor;
}
