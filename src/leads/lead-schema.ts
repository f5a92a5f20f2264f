/**
 * The lead schema moved to `src/core/lead.ts` (store, dialog and the understanding models read it,
 * so it sits below them). This re-export keeps `parsers.ts` building while another branch changes
 * that file; once merged, point its imports at `../core/lead.js` and delete this file.
 */
export { PHONE_RE, WECHAT_RE, type Lead, type LeadField } from '../core/lead.js';
