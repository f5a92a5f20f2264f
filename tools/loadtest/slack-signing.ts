/**
 * Signed Slack requests, as Slack itself sends them to `/slack/events`: the load test uses this
 * to drive Bolt's real receiver (signature and timestamp checks included) over loopback.
 */
import { createHmac } from 'node:crypto';

/**
 * Slack's v0 signature headers for `body` sent at `timestampSec`:
 * `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret.
 */
export function signSlackRequest(signingSecret: string, body: string, timestampSec: number): Record<string, string> {
  const ts = String(Math.floor(timestampSec));
  const signature = createHmac('sha256', signingSecret).update(`v0:${ts}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': ts, 'x-slack-signature': `v0=${signature}` };
}

/** Ids shared by the fake workspace: the fake Web API answers auth.test with the same bot. */
export const FAKE_WORKSPACE = { teamId: 'T0LOADTEST', appId: 'A0LOADTEST', botUserId: 'U0LOADBOT', botId: 'B0LOADBOT' } as const;

/** An `event_callback` envelope carrying a `message.im` event from `userId` in DM `channel`. */
export function messageImEvent(opts: { eventId: string; userId: string; channel: string; text: string; nowMs: number; seq: number }): Record<string, unknown> {
  const sec = Math.floor(opts.nowMs / 1000);
  // Message ts values are "seconds.micro" and unique per channel; seq keeps them unique within a second.
  const ts = `${sec}.${String(opts.seq % 1_000_000).padStart(6, '0')}`;
  return {
    token: 'loadtest-verification-token',
    team_id: FAKE_WORKSPACE.teamId,
    api_app_id: FAKE_WORKSPACE.appId,
    type: 'event_callback',
    event_id: opts.eventId,
    event_time: sec,
    authorizations: [{ enterprise_id: null, team_id: FAKE_WORKSPACE.teamId, user_id: FAKE_WORKSPACE.botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event: {
      type: 'message',
      channel_type: 'im',
      channel: opts.channel,
      user: opts.userId,
      text: opts.text,
      ts,
      event_ts: ts,
      client_msg_id: opts.eventId,
      team: FAKE_WORKSPACE.teamId,
    },
  };
}
