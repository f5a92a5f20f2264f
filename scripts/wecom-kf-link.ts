/**
 * `npm run wecom-kf:link [-- --open-kfid wk… --scene web]`: print the 微信客服 link
 * (kf/add_contact_way) and its QR code, for the bureau's website and printed material. Any WeChat
 * user who opens the link or scans the code lands in the customer-service chat.
 */
import qrcodeTerminal from 'qrcode-terminal';
import { loadConfig } from '../src/config.js';
import { systemClock } from '../src/core/clock.js';
import { createKfApi } from '../src/channels/wecom-kf/kf-api.js';
import { openDialogStore } from '../src/store/index.js';
import { HELP, parseCli } from './cli-args.js';

const { values } = parseCli('usage: npm run wecom-kf:link [-- --open-kfid wk… --scene web]', { options: { 'open-kfid': { type: 'string' }, scene: { type: 'string' }, ...HELP } });

const config = loadConfig();
const openKfid = values['open-kfid'] ?? config.WECOM_KF_OPEN_KFID;
if (!config.WECOM_CORP_ID || !config.WECOM_KF_SECRET || !openKfid) {
  console.error('Set WECOM_CORP_ID and WECOM_KF_SECRET, and pass --open-kfid (or set WECOM_KF_OPEN_KFID).');
  process.exit(1);
}
// The access token is shared with the running server through the store.
const store = await openDialogStore(config, systemClock);
try {
  const api = createKfApi({ baseUrl: config.WECOM_API_URL, corpId: config.WECOM_CORP_ID, secret: config.WECOM_KF_SECRET, kv: store, clock: systemClock });
  const url = await api.addContactWay(openKfid, values.scene);
  console.log(`微信客服 link: ${url}`);
  qrcodeTerminal.generate(url, { small: true }, (qr) => console.log(qr));
} catch (err) {
  console.error(`No link: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await store.close();
}
