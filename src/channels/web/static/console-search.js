// Console search: the board's search box and filters, its pager, the board cards, and the
// transcripts tab's search. The server searches every lead and message (/leads/search,
// /conversations/search); the page only shows one page of results. Rendered with textContent only.

import { el } from './dom.js';

const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 50;
const board = { page: 1, total: 0 };

/** The board's filters as a query string, or '' when none is set (the board then lists every open lead). */
export function boardQuery() {
  const p = new URLSearchParams();
  const set = (k, id) => {
    const v = $(id).value.trim();
    if (v) p.set(k, v);
  };
  set('q', 'lead-q');
  set('status', 'lead-status');
  set('channel', 'lead-channel');
  set('owner', 'lead-owner');
  set('industry', 'lead-industry');
  set('from', 'lead-from');
  set('to', 'lead-to');
  if ([...p.keys()].length === 0) return '';
  p.set('page', String(board.page));
  p.set('pageSize', String(PAGE_SIZE));
  return p.toString();
}

/** Show where the search results stand (hidden without filters). */
export function showBoardTotal(total) {
  board.total = total;
  const searching = boardQuery() !== '';
  $('lead-pager').hidden = !searching;
  if (!searching) return;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  $('lead-page-info').textContent = `共 ${total} 条，第 ${board.page}/${pages} 页 · ${total} found, page ${board.page} of ${pages}`;
  $('lead-prev').disabled = board.page <= 1;
  $('lead-next').disabled = board.page >= pages;
}

/** Wire the board's search form; `reload()` reloads the board. */
export function initBoardSearch(reload) {
  const again = () => reload().catch(() => undefined);
  $('lead-search').addEventListener('submit', (e) => {
    e.preventDefault();
    board.page = 1;
    again();
  });
  for (const id of ['lead-status', 'lead-channel', 'lead-from', 'lead-to']) $(id).addEventListener('change', () => { board.page = 1; again(); });
  $('lead-clear').addEventListener('click', () => {
    $('lead-search').reset();
    board.page = 1;
    again();
  });
  $('lead-prev').addEventListener('click', () => { board.page = Math.max(1, board.page - 1); again(); });
  $('lead-next').addEventListener('click', () => { board.page += 1; again(); });
}

/** How long an open lead has waited since it came in ("等待 3小时12分"). */
export function waitingText(lead, now = Date.now()) {
  if (lead.status === 'closed') return '';
  const min = Math.max(0, Math.floor((now - lead.createdAt) / 60000));
  const d = Math.floor(min / 1440), h = Math.floor((min % 1440) / 60), m = min % 60;
  return `等待 ${d ? `${d}天` : ''}${d || h ? `${h}小时` : ''}${d ? '' : `${m}分`}`;
}

/** A board card: title, then amount, industry, land and masked phone, then channel, waiting time and owner. */
export function leadCard(l, { title, selected, onOpen, outcome }) {
  const c = (l.display && l.display.card) || {};
  const facts = [c.investment, c.industry, c.land, c.phone].filter(Boolean).join(' · ');
  // The channel in words comes from the server (src/core/lead-labels.ts).
  const meta = [(l.display && l.display.channel) || l.conversation.channel, waitingText(l), l.owner && l.owner.name, outcome].filter(Boolean).join(' · ');
  return el(
    'li',
    { class: `card${selected ? ' active' : ''}`, 'data-lead': l.id, tabindex: '0', onclick: onOpen, onkeydown: (e) => e.key === 'Enter' && onOpen() },
    el('div', { class: 'title' }, title, l.escalatedAt && l.status === 'new' ? el('span', { class: 'badge escalated' }, '已升级 escalated') : null),
    facts ? el('div', { class: 'facts' }, facts) : null,
    el('div', { class: 'meta', title: new Date(l.createdAt).toLocaleString('zh-CN', { hour12: false }) }, meta),
  );
}

/** Wire the transcripts tab's search; `open(id)` shows a conversation, `list()` restores the plain list. */
export function initTranscriptSearch({ api, open, list, toast }) {
  const state = { page: 1 };
  const run = async () => {
    const q = $('conv-q').value.trim();
    if (!q) {
      $('conv-pager').hidden = true;
      return list();
    }
    const p = new URLSearchParams({ q, page: String(state.page), pageSize: String(PAGE_SIZE) });
    const ch = $('conv-channel').value;
    if (ch) p.set('channel', ch);
    const r = await api(`/conversations/search?${p}`);
    const pages = Math.max(1, Math.ceil(r.total / PAGE_SIZE));
    $('conv-pager').hidden = false;
    $('conv-page-info').textContent = `共 ${r.total} 个会话，第 ${state.page}/${pages} 页 · ${r.total} found`;
    $('conv-prev').disabled = state.page <= 1;
    $('conv-next').disabled = state.page >= pages;
    $('conversation-list').replaceChildren(
      ...(r.conversations.length
        ? r.conversations.map((c) =>
            el(
              'li',
              { class: 'clickable', 'data-conversation': c.id, onclick: () => open(c.id) },
              el('div', { class: 'who' }, c.who || '未留名访客 Visitor'),
              el('div', { class: 'muted' }, `${c.channelText || c.channel} · ${c.stateText || c.state} · ${c.hits} 处匹配 · ${new Date(c.match.at).toLocaleString('zh-CN', { hour12: false })}`),
              el('div', { class: 'snippet' }, c.match.text),
            ),
          )
        : [el('li', { class: 'muted' }, '没有找到 Nothing found')]),
    );
  };
  const go = () => run().catch((err) => toast(err.message));
  $('conv-search').addEventListener('submit', (e) => {
    e.preventDefault();
    state.page = 1;
    go();
  });
  $('conv-prev').addEventListener('click', () => { state.page = Math.max(1, state.page - 1); go(); });
  $('conv-next').addEventListener('click', () => { state.page += 1; go(); });
  return { active: () => $('conv-q').value.trim() !== '', run: go };
}
