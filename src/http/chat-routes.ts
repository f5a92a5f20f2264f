/**
 * The chat routes moved to `src/channels/web/chat-routes.ts` (the web channel's one home) and
 * `intParam` to `query-params.ts`. This re-export keeps `console-routes.ts` building while another
 * branch changes that file; once merged, point its import at `./query-params.js` and delete this file.
 */
export { intParam } from './query-params.js';
