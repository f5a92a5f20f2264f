/** `npm run wechat-mp:menu`: install the Official Account's custom menu (src/channels/wechat-mp/menu.ts). */
import { loadConfig } from '../src/config.js';
import { systemClock } from '../src/core/clock.js';
import { MENU } from '../src/channels/wechat-mp/menu.js';
import { createMpApi } from '../src/channels/wechat-mp/mp-api.js';
import { openDialogStore } from '../src/store/index.js';
import { HELP, parseCli } from './cli-args.js';

parseCli('usage: npm run wechat-mp:menu   (installs the Official Account menu; no arguments)', { options: HELP });

const config = loadConfig();
if (!config.WECHAT_MP_APPID || !config.WECHAT_MP_APPSECRET) {
  console.error('Set WECHAT_MP_APPID and WECHAT_MP_APPSECRET (and WECHAT_MP_TOKEN) first.');
  process.exit(1);
}
// The token is shared with the running server through the store, so this does not invalidate it.
const store = await openDialogStore(config, systemClock);
try {
  await createMpApi({ baseUrl: config.WECHAT_API_URL, appId: config.WECHAT_MP_APPID, appSecret: config.WECHAT_MP_APPSECRET, kv: store, clock: systemClock }).createMenu(MENU);
  console.log(`Menu installed: ${MENU.map((b) => b.name).join(' | ')}`);
} catch (err) {
  console.error(`Menu not installed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await store.close();
}
