/**
 * The core takes its staff desks before it exists, while the Slack desk needs the core's
 * StaffActions: this desk is handed to the core first and bound to the Slack desk once built.
 * Until then `notify` throws, so the durable outbox simply re-sends later.
 */
import { CodedError } from '../../core/errors.js';
import type { LeadEvent, StaffDesk } from '../../core/ports.js';

/** A StaffDesk that forwards to a desk bound later. */
export class LateBoundDesk implements StaffDesk {
  private target?: StaffDesk;

  constructor(readonly name = 'slack') {}

  /** Forward to `desk` from now on. */
  bind(desk: StaffDesk): void {
    this.target = desk;
  }

  /** Forward, or throw (retried by the outbox) while unbound. */
  async notify(event: LeadEvent): Promise<void> {
    if (!this.target) throw new CodedError('channel_failed', `${this.name} desk not ready yet`);
    await this.target.notify(event);
  }

  /** Forward a notice; dropped while unbound (notices are not retried). */
  async notice(text: string): Promise<void> {
    await this.target?.notice(text);
  }
}
