/**
 * Assignment over the console's HTTP API on the real core (#17), without a browser: the colleague
 * list (active accounts only), bad bodies, unknown and disabled accounts, who may assign, the
 * lead's history in words, the live feed's entry, and transcript lists with channel and state in words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.js';
import { realCore, type RealCore } from './real-core.js';

const HOST = '127.0.0.1:3000';

describe('console assignment over the real core', () => {
  let rc: RealCore;
  let app: ReturnType<typeof createHttpApp>;
  const cookies: Record<string, string> = {};
  const ids: Record<string, number> = {};
  const get = (who: string, path: string) => app.request(`/api/console${path}`, { headers: { Host: HOST, Cookie: cookies[who]! } });
  const post = (who: string, path: string, body: unknown) =>
    app.request(`/api/console${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Host: HOST, 'x-zx-console': '1', Cookie: cookies[who] ?? '' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    rc = await realCore();
    app = createHttpApp(rc.core, rc.config);
    const { store } = rc.core;
    const c = await store.ensureConversation({ channel: 'wechat', conversationId: 'kf:wkAAA:wmBBB', userId: 'wmBBB', lang: 'zh' });
    await store.addMessage({ conversation: c.id, role: 'user', text: '想了解厂房' });
    await store.createLead({ id: 'L1', conversation: c.id, fields: { company: '华芯科技' } });
    for (const [name, role] of [['陈主管', 'supervisor'], ['李专员', 'staff'], ['王专员', 'staff'], ['赵专员', 'staff']] as const) {
      ids[name] = (await rc.core.directory.add({ name, password: `${name}-password-1`, role })).id;
    }
    for (const name of ['陈主管', '李专员', '王专员']) {
      const login = await post(name, '/login', { name, password: `${name}-password-1` });
      expect(login.status).toBe(200);
      cookies[name] = login.headers.get('set-cookie')!.split(';')[0]!;
    }
    await rc.core.directory.setDisabled('赵专员', true);
  }, 60_000);
  afterAll(async () => {
    await rc?.dispose();
  });

  it('lists active colleagues to any signed-in staff member', async () => {
    const r = (await (await get('王专员', '/colleagues')).json()) as { colleagues: { name: string; role: string }[] };
    expect(r.colleagues.map((c) => [c.name, c.role]).sort()).toEqual([
      ['李专员', 'staff'],
      ['王专员', 'staff'],
      ['陈主管', 'supervisor'],
    ].sort());
  });

  it('refuses bad bodies, unknown and disabled accounts, closed-off callers; a supervisor assigns', async () => {
    for (const body of [{}, { to: 'li' }, { to: -1 }, { to: 1.5 }, { to: ids['李专员'], extra: 1 }]) {
      expect((await post('陈主管', '/leads/L1/assign', body)).status).toBe(400);
    }
    const unknown = await post('陈主管', '/leads/L1/assign', { to: 4242 });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('没有这个工作人员账号');
    const disabled = await post('陈主管', '/leads/L1/assign', { to: ids['赵专员'] });
    expect(disabled.status).toBe(409);
    expect(((await disabled.json()) as { error: { message: string } }).error.message).toContain('赵专员 的账号已停用');
    const noLead = await post('陈主管', '/leads/nope/assign', { to: ids['李专员'] });
    expect(noLead.status).toBe(404);
    // Not the owner, not a supervisor: refused, and nothing changes.
    const refused = await post('王专员', '/leads/L1/assign', { to: ids['王专员'] });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { reason: string } }).error.reason).toBe('not_owner');
    expect((await rc.core.staff.get('L1'))!.owner).toBeUndefined();
    // Without a login, nothing at all.
    expect((await post('nobody', '/leads/L1/assign', { to: ids['李专员'] })).status).toBe(401);

    const { desk } = rc.core;
    const before = desk.since(0).last;
    const ok = await post('陈主管', '/leads/L1/assign', { to: ids['李专员'] });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { lead: { status: string; owner: { name: string }; display: { channel: string } } }).lead).toMatchObject({ status: 'follow_up', owner: { name: '李专员' }, display: { channel: '企业微信' } });
    expect((await post('陈主管', '/leads/L1/assign', { to: ids['李专员'] })).status).toBe(409);
    await rc.core.flush();
    const feed = desk.since(before).items.filter((i) => i.kind === 'lead' && i.event === 'assigned');
    expect(feed).toEqual([expect.objectContaining({ leadId: 'L1', text: '陈主管 将线索「华芯科技」指派给 李专员', to: { id: `staff:${ids['李专员']}`, name: '李专员' } })]);
    // Now 李专员's: they may hand it on, 王专员 still may not.
    expect((await post('王专员', '/leads/L1/assign', { to: ids['陈主管'] })).status).toBe(403);
    expect((await post('李专员', '/leads/L1/assign', { to: ids['王专员'] })).status).toBe(200);

    const history = (await (await get('王专员', '/leads/L1/history')).json()) as { history: { type: string; text: string }[] };
    expect(history.history.map((h) => h.text)).toEqual(['指派 Assigned → 李专员（陈主管）', '指派 Assigned → 王专员（李专员）']);
    expect((await get('王专员', '/leads/nope/history')).status).toBe(404);
  });

  it('lists transcripts with the channel and state in words', async () => {
    const r = (await (await get('王专员', '/conversations')).json()) as { conversations: { id: string; channelText: string; stateText: string }[] };
    expect(r.conversations.find((c) => c.id === 'wechat:kf:wkAAA:wmBBB')).toMatchObject({ channelText: '企业微信', stateText: '机器人答复中' });
    const s = (await (await get('王专员', `/conversations/search?q=${encodeURIComponent('厂房')}`)).json()) as { conversations: { id: string; channelText: string }[] };
    expect(s.conversations.map((c) => [c.id, c.channelText])).toEqual([['wechat:kf:wkAAA:wmBBB', '企业微信']]);
  });
});
