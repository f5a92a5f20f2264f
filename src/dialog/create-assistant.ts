/** Wires the dialog: the assistant investors talk to, the staff actions, and the periodic tick. */
import type { Assistant, StaffActions } from '../core/ports.js';
import { asCodedError } from '../core/errors.js';
import { createDialog } from './assistant.js';
import { DialogContext, type AssistantDeps } from './context.js';
import { createStaffActions } from './staff-actions.js';

/** What `createAssistant` returns. */
export interface AssistantHandle {
  assistant: Assistant;
  staff: StaffActions;
  /** Escalate overdue leads, retry desk notifications, apply retention. `start()` runs it on an interval. */
  tick(): Promise<void>;
  /** Deliver pending desk notifications now (tests and shutdown). */
  flush(): Promise<void>;
  start(): void;
  stop(): void;
}

const TICK_MS = 15_000;
const RETENTION_EVERY_MS = 3_600_000;
// Delivered desk events are kept a week for troubleshooting, then dropped (they hold contact details).
const OUTBOX_KEEP_MS = 7 * 86_400_000;

/** Build the conversation core over a store, a question service, staff desks and channel deliverers. */
export function createAssistant(deps: AssistantDeps): AssistantHandle {
  const ctx = new DialogContext(deps);
  const assistant = createDialog(ctx);
  const staff = createStaffActions(ctx);
  const { store, clock, config, logger } = deps;
  let timer: ReturnType<typeof setInterval> | undefined;
  let lastRetention = Number.NEGATIVE_INFINITY;
  let ticking: Promise<void> | undefined;

  const escalate = async (): Promise<void> => {
    const cutoff = clock.now() - config.LEAD_ESCALATE_MINUTES * 60_000;
    for (const lead of store.dueForEscalation(cutoff)) {
      await ctx.lock.run(lead.conversation, async () => {
        // markEscalated is conditional, so two instances or overlapping ticks escalate once.
        store.transaction(() => {
          if (!store.markEscalated(lead.id)) return;
          const fresh = store.getLead(lead.id);
          if (fresh) ctx.publish({ type: 'escalated', lead: ctx.view(fresh) });
        });
      });
    }
  };

  const retention = (): void => {
    if (clock.now() - lastRetention < RETENTION_EVERY_MS) return;
    lastRetention = clock.now();
    const purged = store.purgeMessagesOlderThan(config.MESSAGE_RETENTION_DAYS * 86_400_000);
    const leads = store.purgeLeadContactsOlderThan(config.LEAD_RETENTION_DAYS * 86_400_000);
    store.pruneDeliveredOutbox(OUTBOX_KEEP_MS);
    if (purged || leads.length) logger.info('retention applied', { messagesPurged: purged, leadContactsErased: leads.length });
  };

  const tick = (): Promise<void> => {
    // Overlapping ticks (a slow desk) share one run instead of stacking up.
    ticking ??= (async () => {
      try {
        await escalate();
        retention();
        await ctx.dispatcher.flush();
      } catch (err) {
        const e = asCodedError(err);
        logger.error('tick failed', { code: e.code, error: e.message });
      } finally {
        ticking = undefined;
      }
    })();
    return ticking;
  };

  return {
    assistant,
    staff,
    tick,
    flush: () => ctx.dispatcher.flush(),
    start() {
      if (timer) return;
      timer = setInterval(() => void tick(), TICK_MS);
      timer.unref?.();
      void tick();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
