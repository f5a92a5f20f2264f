// Staff console: plain ES module. Rendered with textContent only (lead fields and messages come
// from investors). Every request carries the x-zx-console header the server's CSRF check wants.

import { el } from './dom.js';
import { initAlerts, newLeadAlert } from './console-alerts.js';
import { account, applySession, canClaim, canClose, clearLoginForm, initStaff, isMine, loadStaff, loginBody } from './console-staff.js';
import { boardQuery, initBoardSearch, initTranscriptSearch, leadCard, showBoardTotal } from './console-search.js';
import { initNotes, loadNotes } from './console-notes.js';
import { assignedNotice, initAssign, showAssign } from './console-assign.js';

const $ = (id) => document.getElementById(id);
const KEY_NAME = 'zx.console.staffName';
const state = { leads: [], selected: null, feedSeq: 0, conversation: null };

async function api(path, opts = {}) {
  const res = await fetch(`/api/console${path}`, {
    method: opts.body ? 'POST' : opts.method || 'GET',
    headers: { 'x-zx-console': '1', ...(opts.body ? { 'Content-Type': 'application/json' } : {}) },
    body: opts.body ? JSON.stringify(opts.body) : undefined,
    credentials: 'same-origin',
  });
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  if (res.status === 401 && path !== '/login') showLogin();
  if (!res.ok) throw Object.assign(new Error((data && data.error && data.error.message) || res.statusText), { status: res.status, data });
  return data;
}

const fmtTime = (ms) => (ms ? new Date(ms).toLocaleString('zh-CN', { hour12: false }) : '—');
const staffName = () => $('staff-name').value.trim();

function showLogin() {
  $('main').hidden = true;
  $('login').hidden = false;
  ($('login-account').hidden ? $('token') : $('login-name')).focus();
}

function toast(text) {
  const n = $('notice');
  n.textContent = text;
  n.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (n.hidden = true), 8000);
}

// --- leads board
function leadTitle(l) {
  // The server words the lead (src/leads/lead-labels.ts); the raw fields are only a fallback.
  if (l.display && l.display.title) return l.display.title;
  const f = l.fields || {};
  return f.company || f.contactName || `未留名投资者 ${fmtTime(l.createdAt)}`;
}

function outcomeText(l) {
  return (l.display && l.display.outcome) || l.closedOutcome || '';
}

async function loadLeads() {
  // With a search or filter the server searches every lead and returns one page; else the open board.
  const q = boardQuery();
  const { leads, total } = q ? await api(`/leads/search?${q}`) : await api('/leads');
  showBoardTotal(total ?? leads.length);
  state.leads = leads;
  for (const col of document.querySelectorAll('.column')) {
    const status = col.dataset.status;
    const mine = leads.filter((l) => l.status === status).sort((a, b) => b.createdAt - a.createdAt);
    col.querySelector('.count').textContent = `(${mine.length})`;
    col.querySelector('.cards').replaceChildren(...mine.map((l) => leadCard(l, { title: leadTitle(l), selected: state.selected === l.id, onOpen: () => openLead(l.id), outcome: outcomeText(l) })));
  }
  if (state.selected) await openLead(state.selected, true);
}

function renderTranscript(list, messages) {
  list.replaceChildren(
    ...messages.map((m) => {
      const who = m.role === 'user' ? '投资者 Investor' : m.role === 'staff' ? `工作人员 ${m.outbound?.staffName || ''}` : m.role === 'system' ? '' : '机器人 Bot';
      return el('li', { class: m.role }, who ? el('span', { class: 'role' }, `${who} · ${fmtTime(m.at)}`) : null, m.text);
    }),
  );
  list.scrollTop = list.scrollHeight;
}

async function openLead(id, quiet) {
  state.selected = id;
  for (const c of document.querySelectorAll('.card')) c.classList.toggle('active', c.dataset.lead === id);
  let lead;
  try {
    ({ lead } = await api(`/leads/${encodeURIComponent(id)}`));
  } catch (err) {
    if (!quiet) $('detail-error').textContent = err.message;
    return;
  }
  $('detail').hidden = false;
  $('detail-title').textContent = leadTitle(lead);
  const rows = [
    ['状态 Status', ((lead.display && lead.display.status) || lead.status) + (lead.owner ? ` · ${lead.owner.name}` : '') + (outcomeText(lead) ? ` · ${outcomeText(lead)}` : '')],
    ...(lead.closedBy ? [['结案人 Closed by', lead.closedBy.name]] : []),
    // The channel in words (网页, 微信, 企业微信…) from the server's shared labels; the id finds the transcript.
    ['渠道 Channel', (lead.display && lead.display.channel) || lead.conversation.channel],
    ['会话编号 Conversation', lead.conversation.conversationId],
    ['创建 Created', fmtTime(lead.createdAt)],
    ...(lead.escalatedAt ? [['升级 Escalated', fmtTime(lead.escalatedAt)]] : []),
    ...(lead.display ? lead.display.fields.map((f) => [f.label, f.value]) : Object.entries(lead.fields).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])),
    ...(lead.linkedLeadIds.length ? [['关联线索 Linked', lead.linkedLeadIds.join(', ')]] : []),
  ];
  $('detail-fields').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  const mine = isMine(lead, staffName());
  $('act-claim').disabled = !canClaim(lead, staffName());
  $('act-release').disabled = !(lead.status === 'claimed' && mine);
  $('act-close').disabled = !canClose(lead, staffName());
  $('reply-text').disabled = !(lead.status === 'claimed' && mine);
  let messages = lead.recent.map((r, i) => ({ seq: i, role: r.role, text: r.text, at: r.at }));
  try {
    const t = await api(`/conversations/${encodeURIComponent(lead.conversation.conversationId)}/messages`);
    if (t.messages.length) messages = t.messages;
  } catch {
    // The lead's recent messages are enough when the transcript cannot be read.
  }
  renderTranscript($('detail-transcript'), messages);
  await loadNotes(api, id).catch((err) => ($('note-error').textContent = err.message));
  if (!quiet) $('assign-error').textContent = '';
  await showAssign(lead).catch((err) => ($('assign-error').textContent = err.message));
  if (!quiet) $('detail-error').textContent = '';
}

async function act(path, body) {
  $('detail-error').textContent = '';
  if (!account() && !staffName()) {
    $('detail-error').textContent = '请先在右上角填写您的名字。 Enter your name first (top right).';
    $('staff-name').focus();
    return false;
  }
  try {
    await api(`/leads/${encodeURIComponent(state.selected)}/${path}`, { body: { ...(staffName() && !account() ? { staff: staffName() } : {}), ...body } });
    await loadLeads();
    return true;
  } catch (err) {
    $('detail-error').textContent = err.message;
    return false;
  }
}

// --- other tabs
async function openConversation(id) {
  state.conversation = id;
  for (const li of document.querySelectorAll('#conversation-list li')) li.classList.toggle('active', li.dataset.conversation === id);
  try {
    const t = await api(`/conversations/${encodeURIComponent(id)}/messages`);
    renderTranscript($('conversation-transcript'), t.messages);
  } catch (err) {
    toast(err.message);
  }
}

let transcriptSearch;

async function loadConversations() {
  if (transcriptSearch && transcriptSearch.active()) return transcriptSearch.run();
  const { conversations } = await api('/conversations?limit=100');
  $('conversation-list').replaceChildren(
    ...conversations.map((c) =>
      el(
        'li',
        { class: `clickable${state.conversation === c.id ? ' active' : ''}`, 'data-conversation': c.id, onclick: () => openConversation(c.id) },
        el('div', { class: 'who' }, c.who || '未留名访客 Visitor'),
        el('div', {}, c.firstQuestion || '（无提问 no question）'),
        el('div', { class: 'muted' }, `${c.channelText || c.channel} · ${c.stateText || c.state} · ${c.messageCount} 条 · 最后消息 ${fmtTime(c.lastAt)}`),
      ),
    ),
  );
}

async function loadGaps() {
  const { gaps } = await api('/gaps?days=30');
  $('gaps').replaceChildren(
    ...(gaps.length ? gaps : [{ question: '暂无 None yet', count: '', reason: '', lastAt: 0 }]).map((g) =>
      el('tr', {}, el('td', {}, g.question), el('td', {}, String(g.count)), el('td', {}, g.reason === 'downvoted' ? '👎 点踩' : g.reason ? '未回答 unanswered' : ''), el('td', {}, g.lastAt ? fmtTime(g.lastAt) : '')),
    ),
  );
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}, text) {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = text;
  return n;
}

// Bars: questions (grey) and answered (red) per day; line: answer rate on the right axis.
async function loadStats() {
  const { days } = await api('/stats?days=14');
  const W = 720, H = 260, L = 36, R = 40, T = 34, B = 36;
  const max = Math.max(1, ...days.map((d) => d.questions));
  const step = (W - L - R) / Math.max(1, days.length);
  const y = (v) => T + (H - T - B) * (1 - v / max);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'questions per day and answer rate' });
  for (let i = 0; i <= 4; i++) {
    const v = Math.round((max * i) / 4);
    root.append(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: '#eee' }), svg('text', { x: L - 4, y: y(v) + 3, 'text-anchor': 'end' }, String(v)));
    root.append(svg('text', { x: W - R + 4, y: T + (H - T - B) * (1 - i / 4) + 3 }, `${i * 25}%`));
  }
  const points = [];
  days.forEach((d, i) => {
    const x = L + i * step + step * 0.15;
    const w = step * 0.7;
    root.append(svg('rect', { class: 'bar-q', x, y: y(d.questions), width: w, height: H - B - y(d.questions) }, undefined));
    root.append(svg('rect', { class: 'bar-a', x: x + w * 0.25, y: y(d.answered), width: w * 0.5, height: H - B - y(d.answered) }));
    const title = svg('title', {}, `${d.day}: ${d.questions} 问 / ${d.answered} 答`);
    root.lastChild.append(title);
    if (i % Math.ceil(days.length / 7) === 0) root.append(svg('text', { x: x + w / 2, y: H - B + 14, 'text-anchor': 'middle' }, d.day.slice(5)));
    if (d.questions > 0) points.push([x + w / 2, T + (H - T - B) * (1 - d.answered / d.questions)]);
  });
  // Axis titles: counts on the left, the answer rate on the right.
  root.append(svg('text', { x: 4, y: 14 }, '提问数 questions'), svg('text', { x: W - 4, y: 14, 'text-anchor': 'end' }, '回答率 rate'));
  if (points.length > 1) root.append(svg('polyline', { class: 'rate', points: points.map((p) => p.join(',')).join(' ') }));
  for (const [cx, cy] of points) root.append(svg('circle', { class: 'dot', cx, cy, r: 3 }));
  const legend = [['bar-q', '提问 questions'], ['bar-a', '已回答 answered'], ['dot', '回答率 answer rate']];
  legend.forEach(([cls, label], i) => {
    const x = L + i * 150;
    root.append(svg('rect', { class: cls, x, y: H - 14, width: 10, height: 10 }), svg('text', { x: x + 14, y: H - 5 }, label));
  });
  $('chart').replaceChildren(root);
  const q = days.reduce((s, d) => s + d.questions, 0);
  const a = days.reduce((s, d) => s + d.answered, 0);
  $('stats-summary').textContent = `近 ${days.length} 天：提问 ${q}，已回答 ${a}，回答率 ${q ? Math.round((100 * a) / q) : 0}%`;
}

async function loadIndex() {
  const { index, reingest } = await api('/index');
  const rows = [
    ['文档 Documents', index.documents],
    ['片段 Chunks', index.chunks],
    ['最近导入 Last ingest', fmtTime(index.builtAt)],
    ['向量模型 Embedder', index.embedder],
  ];
  $('index-status').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, String(v))]));
  $('index-errors').replaceChildren(...(index.errors.length ? index.errors.map((e) => el('li', {}, `${e.path}: ${e.reason}`)) : [el('li', { class: 'muted' }, '无 None')]));
  const flags = index.flags || [];
  $('index-flags').replaceChildren(...(flags.length ? flags.map((f) => el('li', {}, `${f.path}: ${f.flags.map((x) => FLAG_LABELS[x] || x).join(', ')}`)) : [el('li', { class: 'muted' }, '无 None')]));
  $('reingest').disabled = reingest.running;
  $('reingest-state').textContent = reingest.running
    ? '正在导入… Re-ingesting…'
    : reingest.error
      ? `上次导入失败 Last run failed: ${reingest.error.message}`
      : reingest.finishedAt
        ? `上次导入完成 Last run finished ${fmtTime(reingest.finishedAt)}`
        : '';
  if (reingest.running) setTimeout(() => loadIndex().catch(() => undefined), 1500);
  const w = await api('/wechat');
  $('channels').replaceChildren(...(w.channels.length ? w.channels.map((c) => el('li', {}, `${c.name}: ${c.state}${c.detail ? ` — ${c.detail}` : ''}`)) : [el('li', { class: 'muted' }, '仅网页聊天 Web chat only')]));
  $('wechat').hidden = !w.qr;
  if (w.qr) {
    $('wechat-qr').src = `/api/console/wechat/qr.svg?t=${Date.now()}`;
    $('wechat-link').textContent = w.qr;
  }
}

// Why a document was flagged at ingest, as the knowledge editor reads it.
const FLAG_LABELS = {
  external_url: '外部链接 external link',
  payment_request: '付款要求 payment request',
  contact_id: '联系方式 contact id',
  instruction: '像指令的文字 instruction-like text',
};
const LOADERS = { leads: loadLeads, conversations: loadConversations, gaps: loadGaps, stats: loadStats, index: loadIndex, staff: loadStaff };
function showTab(name) {
  for (const b of document.querySelectorAll('[data-tab]')) b.setAttribute('aria-selected', String(b.dataset.tab === name));
  for (const s of document.querySelectorAll('.tab')) s.hidden = s.id !== `tab-${name}`;
  LOADERS[name]().catch((err) => toast(err.message));
}

// Long-poll the console feed: refresh the board on any lead event, show notices.
async function followFeed() {
  for (;;) {
    try {
      // The first call only learns where the feed is (no wait): what comes after it is new.
      const first = state.feedSeq === 0 && !state.feedStarted;
      const { items, last } = await api(`/events?after=${state.feedSeq}&wait=${first ? 0 : 20}`);
      state.feedStarted = true;
      state.feedSeq = last;
      if (items.length && !first) {
        for (const i of items) if (i.kind === 'notice') toast(i.text);
        // Each new lead counts in the tab title and the banner until someone has seen it.
        for (const i of items) if (i.kind === 'lead' && i.event === 'created') newLeadAlert();
        for (const i of items) if (i.kind === 'lead' && i.event === 'assigned') assignedNotice(i);
        await loadLeads();
      }
    } catch (err) {
      if (err.status === 401) return;
      await new Promise((r) => setTimeout(r, 3000));
    }
  }
}

async function start() {
  $('login').hidden = true;
  $('main').hidden = false;
  showTab('leads');
  followFeed();
}

async function init() {
  initAlerts();
  $('staff-name').value = localStorage.getItem(KEY_NAME) || '';
  $('staff-name').addEventListener('change', () => {
    localStorage.setItem(KEY_NAME, staffName());
    if (state.selected) openLead(state.selected, true);
  });
  for (const b of document.querySelectorAll('[data-tab]')) b.addEventListener('click', () => showTab(b.dataset.tab));
  $('refresh').addEventListener('click', () => loadLeads().catch((e) => toast(e.message)));
  $('detail-close').addEventListener('click', () => {
    state.selected = null;
    $('detail').hidden = true;
    loadLeads().catch((e) => toast(e.message));
  });
  $('act-claim').addEventListener('click', () => act('claim'));
  $('act-release').addEventListener('click', () => act('release'));
  $('act-close').addEventListener('click', async () => {
    const outcome = $('outcome').value.trim();
    if (!outcome) {
      $('detail-error').textContent = '请填写结果。 Enter an outcome.';
      return;
    }
    if (await act('close', { outcome })) $('outcome').value = '';
  });
  $('reply-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = $('reply-text').value.trim();
    if (!text) return;
    if (await act('reply', { text })) $('reply-text').value = '';
  });
  $('reingest').addEventListener('click', async () => {
    try {
      await api('/reingest', { body: {} });
    } catch (err) {
      toast(err.message);
    }
    loadIndex().catch((e) => toast(e.message));
  });
  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('/login', { body: loginBody() });
      clearLoginForm();
      $('logout').hidden = false;
      applySession(await api('/session'));
      start();
    } catch (err) {
      const wrong = $('login-account').hidden ? '令牌错误。 Wrong token.' : '姓名或密码错误。 Wrong name or password.';
      $('login-error').textContent = err.status === 429 ? '尝试次数过多，请稍后再试。 Too many attempts.' : wrong;
    }
  });
  $('logout').addEventListener('click', async () => {
    await api('/logout', { body: {} }).catch(() => undefined);
    location.reload();
  });
  initStaff({ api, toast });
  initBoardSearch(loadLeads);
  initNotes({ api, selected: () => state.selected, typedName: () => (account() ? '' : staffName()) });
  initAssign({ api, toast, selected: () => state.selected, typedName: () => (account() ? '' : staffName()), reload: loadLeads });
  transcriptSearch = initTranscriptSearch({ api, open: openConversation, list: loadConversations, toast });
  const session = await api('/session');
  applySession(session);
  $('open-banner').hidden = session.mode !== 'open';
  $('logout').hidden = session.mode === 'open';
  if (session.authenticated) start();
  else showLogin();
}

init().catch((err) => toast(err.message));
