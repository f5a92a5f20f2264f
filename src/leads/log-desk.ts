/** A staff desk that writes lead events to the log (always on; the log masks phone numbers). */
import type { LeadEvent, Logger, StaffDesk } from '../core/ports.js';

/** Logs every lead event and notice through the Logger. */
export class LogDesk implements StaffDesk {
  readonly name = 'log';

  constructor(private readonly logger: Logger) {}

  async notify(event: LeadEvent): Promise<void> {
    const data: Record<string, unknown> = { event: event.type, leadId: event.lead.id, status: event.lead.status, channel: event.lead.conversation.channel };
    if ('by' in event) data.by = event.by.name;
    if (event.type === 'closed') data.outcome = event.outcome;
    if (event.type === 'assigned') data.to = event.to.name;
    if (event.type === 'created') {
      data.company = event.lead.fields.company;
      data.industry = event.lead.fields.industry;
      data.investment = event.lead.fields.investment;
      data.linked = event.lead.linkedLeadIds;
    }
    const level = event.type === 'escalated' ? 'warn' : 'info';
    this.logger[level](`lead ${event.type}`, data);
  }

  async notice(text: string): Promise<void> {
    this.logger.warn('staff notice', { text });
  }
}
