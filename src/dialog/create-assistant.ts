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
  // An erasure (a chat's own, or the staff CLI's in another process) tells these desks.
  deps.store.registerDesks(ctx.dispatcher.deskNames).catch((err: unknown) => deps.logger.error('registering erasure desks failed', { code: asCodedError(err).code }));
  const assistant = createDialog(ctx);
  const staff = createStaffActions(ctx);
  const { store, clock, config, logger } = deps;
  let timer: ReturnType<typeof setInterval> | undefined;
  let lastRetention = Number.NEGATIVE_INFINITY;
  let ticking: Promise<void> | undefined;

  const escalate = async (): Promise<void> => {
    const cutoff = clock.now() - config.LEAD_ESCALATE_MINUTES * 60_000;
    for (const lead of await store.dueForEscalation(cutoff)) {
      await ctx.lock.run(lead.conversation, async () => {
        // The mark is conditional and commits with the desks' event, so two instances or
        // overlapping ticks escalate once.
        const build = await ctx.viewBuilder(lead);
        const escalated = await store.escalateAndEnqueue(lead.id, (fresh) => ({ type: 'escalated', lead: build(fresh) }), ctx.dispatcher.deskNames);
        if (escalated) ctx.dispatcher.kick();
      });
    }
  };

  const retention = async (): Promise<void> => {
    if (clock.now() - lastRetention < RETENTION_EVERY_MS) return;
    lastRetention = clock.now();
    const purged = await store.purgeMessagesOlderThan(config.MESSAGE_RETENTION_DAYS * 86_400_000);
    const leads = await store.purgeLeadContactsOlderThan(config.LEAD_RETENTION_DAYS * 86_400_000);
    await store.pruneDeliveredOutbox(OUTBOX_KEEP_MS);
    if (purged || leads.length) logger.info('retention applied', { messagesPurged: purged, leadContactsErased: leads.length });
  };

  const tick = (): Promise<void> => {
    // Overlapping ticks (a slow desk) share one run instead of stacking up.
    ticking ??= (async () => {
      try {
        // With several instances, one escalates and one applies retention at a time (advisory locks).
        await ctx.coordination.exclusive('escalation', escalate);
        await ctx.coordination.exclusive('retention', retention);
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
      ctx.dispatcher.stop();
    },
  };
}
