/**
 * Child process of fault 7: the Slack channel on Bolt's real HTTPReceiver (test harness: fake
 * assistant, loopback fake Slack) receives a correctly signed body that is valid JSON but not an
 * object (argv[2], e.g. `null`). Prints `BAD <status>` for that request and `ALIVE` once a valid
 * DM is answered afterwards, then exits 0. No process-level error handler is installed, exactly
 * as in src/main.ts, so an unhandled rejection inside Bolt ends this process as it would the server.
 */
import { startHarness, waitFor } from '../../slack/harness.js';

const body = process.argv[2] ?? 'null';
const form = process.argv[3] === 'form';
const h = await startHarness();
const print = (line: string) => process.stdout.write(`${line}\n`);
try {
  const res = await Promise.race([h.signed(body, { form }), new Promise<{ status: string }>((r) => setTimeout(() => r({ status: 'no-response' }), 2000))]);
  print(`BAD ${res.status}`);
  await h.event({ type: 'message', channel: 'D1', channel_type: 'im', user: 'U1', text: '资兴有哪些优势产业？', ts: '1700000001.000100' });
  await waitFor(() => h.slack.callsOf('chat.postMessage').length > 0, 'answer', 5000);
  print('ALIVE');
} finally {
  await h.close();
}
