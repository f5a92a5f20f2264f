/** The leads boundary: schema, parsers, capture steps, desks and staff tools. */
export { leadSchema, hasContact, flattenLead, PERSONAL_FIELDS, type Lead, type LeadField } from '../core/lead.js';
export { extractLeadFields, parsePhone, looksLikeWechatId } from './parsers.js';
export { LogDesk } from './log-desk.js';
export { DeskDispatcher } from './desk-dispatcher.js';
export { leadView } from './lead-view.js';
