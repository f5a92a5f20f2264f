// 资兴招商助手 web chat: plain ES module, no build step. Everything is rendered with textContent,
// never innerHTML, so nothing a user, staff member or document says can inject markup.

import { el } from './dom.js';
import { attachComposer } from './chat-composer.js';
import { STRINGS } from './chat-strings.js';

const KEY_CONV = 'zx.chat.conversationId';
// The conversation's secret, issued with its id: reading, continuing and voting need it.
const KEY_SECRET = 'zx.chat.conversationKey';
const KEY_LANG = 'zx.chat.lang';
// Ask for a long wait: the server cuts it to its WEB_LONG_POLL_S and ends it at once when a
// message arrives (a staff reply, or this conversation's messages from another tab).
const POLL_WAIT_S = 3600;

const $ = (id) => document.getElementById(id);
const state = {
  lang: localStorage.getItem(KEY_LANG) === 'en' ? 'en' : 'zh',
  conversationId: localStorage.getItem(KEY_CONV) || null,
  conversationKey: localStorage.getItem(KEY_SECRET) || null,
  lastSeq: 0,
  skipThrough: 0, // user/assistant messages up to this seq were shown from the send itself
  rendered: new Set(),
  sending: null, // the promise of the message being sent
  queue: [], // messages typed while a reply streams, sent in order after it
};
const t = (key, ...args) => {
  const v = STRINGS[state.lang][key];
  return typeof v === 'function' ? v(...args) : v;
};

function scrollDown() {
  const box = $('messages');
  box.scrollTop = box.scrollHeight;
}

function applyLang() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('title');
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
  $('lang').textContent = t('lang');
  $('input').setAttribute('aria-label', t('inputLabel'));
  const chips = $('chips');
  chips.replaceChildren(...t('chips').map(([label, q]) => el('button', { type: 'button', 'data-topic': label, onclick: () => send(q) }, label)));
  const welcome = document.querySelector('.welcome .bubble');
  if (welcome) welcome.textContent = t('welcome');
  composer?.fit();
}

function addNotice(text) {
  $('messages').append(el('div', { class: 'notice', role: 'status' }, text));
  scrollDown();
}

function addUser(text) {
  const node = el('div', { class: 'msg user' }, el('div', { class: 'bubble' }, text));
  $('messages').append(node);
  scrollDown();
  return node;
}

/** Mark a user message: queued (sent after the current reply), failed (with 重试), or sent. */
function markUser(node, status, retry) {
  node.classList.toggle('queued', status === 'queued');
  node.classList.toggle('failed', status === 'failed');
  node.querySelector('.status')?.remove();
  if (status === 'queued') node.append(el('div', { class: 'status', role: 'status' }, t('queued')));
  if (status === 'failed') {
    node.append(el('div', { class: 'status', role: 'alert' }, `${t('failed')} `, el('button', { type: 'button', class: 'retry', onclick: retry }, t('retry'))));
  }
}

function sourcesBlock(citations) {
  if (!citations || citations.length === 0) return null;
  const items = citations.map((c) =>
    el(
      'li',
      {},
      el(
        'details',
        {},
        // The server words the source line (src/answer/citations.ts, the investor form):
        // 《title》 once, the original source and date, no file path.
        el('summary', {}, c.label),
        el('blockquote', {}, c.text),
        c.origin ? el('div', { class: 'origin' }, `${t('source')}：${c.origin}`) : null,
      ),
    ),
  );
  return el('details', { class: 'sources' }, el('summary', {}, t('sources', citations.length)), el('ol', {}, ...items));
}

function actionsBlock(actions) {
  const usable = (actions || []).filter((a) => !a.id.startsWith('vote:'));
  if (usable.length === 0) return null;
  return el('div', { class: 'actions' }, ...usable.map((a) => el('button', { type: 'button', 'data-action': a.id, onclick: () => send(a.value || a.label) }, a.label)));
}

function votesBlock(messageId) {
  if (!messageId) return null;
  const status = el('span', {}, t('helpful'));
  const vote = async (value, btn, other) => {
    btn.setAttribute('aria-pressed', 'true');
    btn.disabled = true;
    other.disabled = true;
    try {
      const res = await fetch('/api/feedback', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ messageId, value, conversationId: state.conversationId, conversationKey: state.conversationKey }),
      });
      if (!res.ok) throw new Error(String(res.status));
      status.textContent = t('thanks');
    } catch {
      btn.removeAttribute('aria-pressed');
      btn.disabled = false;
      other.disabled = false;
    }
  };
  const up = el('button', { type: 'button', 'aria-label': '👍', 'data-vote': 'up' }, '👍');
  const down = el('button', { type: 'button', 'aria-label': '👎', 'data-vote': 'down' }, '👎');
  up.addEventListener('click', () => vote(1, up, down));
  down.addEventListener('click', () => vote(-1, down, up));
  return el('div', { class: 'votes' }, status, up, down);
}

// A bot, staff or system message from an Outbound (or a stored message's outbound).
function addReply(out, node) {
  if (out.speaker === 'system') {
    if (node) node.remove();
    addNotice(out.text);
    return;
  }
  const staff = out.speaker === 'staff';
  const box = node || el('div', {});
  box.className = `msg ${staff ? 'staff' : 'bot'}`;
  const parts = [
    el('div', { class: 'who' }, staff ? t('staff', out.staffName) : t('bot')),
    el('div', { class: 'bubble' }, out.text),
    sourcesBlock(out.citations),
    actionsBlock(out.actions),
    // Votes rate answers; lead prompts and hand-off notices are not answers.
    !staff && out.intent === 'question' ? votesBlock(out.messageId) : null,
  ];
  box.replaceChildren(...parts.filter(Boolean));
  if (!node) $('messages').append(box);
  scrollDown();
}

function renderStored(m) {
  if (state.rendered.has(m.seq)) return;
  state.rendered.add(m.seq);
  if (m.role === 'user') return addUser(m.text);
  const out = m.outbound || { text: m.text, citations: [], speaker: m.role === 'staff' ? 'staff' : m.role === 'system' ? 'system' : 'bot' };
  addReply({ ...out, text: m.text, speaker: m.role === 'staff' ? 'staff' : m.role === 'system' ? 'system' : out.speaker || 'bot' });
}

// Parse a Server-Sent Events body (fetch, because EventSource cannot POST).
async function* sseEvents(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).replace(/^ /, ''))
        .join('\n');
      if (data) yield JSON.parse(data);
    }
  }
}

function setConversation(id, key) {
  if (id && key && (id !== state.conversationId || key !== state.conversationKey)) {
    state.conversationId = id;
    state.conversationKey = key;
    localStorage.setItem(KEY_CONV, id);
    localStorage.setItem(KEY_SECRET, key);
  }
}

/** Headers that prove this page holds the conversation's key. */
function keyHeaders() {
  return state.conversationKey ? { 'X-Conversation-Key': state.conversationKey } : {};
}

/** Send a message; while a reply is still coming, queue it (shown at once) and send it after. */
function send(text) {
  text = String(text || '').trim();
  if (!text) return;
  const node = addUser(text);
  if (state.sending || state.queue.length > 0) {
    markUser(node, 'queued');
    state.queue.push({ text, node });
    return;
  }
  deliver(text, node);
}

/** Send the next queued message, if any. */
function next() {
  const item = state.queue.shift();
  if (item) deliver(item.text, item.node);
}

async function deliver(text, node) {
  let finish;
  state.sending = new Promise((r) => (finish = r));
  markUser(node, 'sent');
  const pending = el('div', { class: 'msg bot pending' }, el('div', { class: 'who' }, t('bot')), el('div', { class: 'bubble' }, ''));
  node.after(pending);
  scrollDown();
  // Reveal streamed text progressively even when the answerer sends it in one piece (extractive).
  let target = '';
  let shown = 0;
  let revealDone = Promise.resolve();
  let revealing = false;
  const bubble = pending.querySelector('.bubble');
  const reveal = () => {
    if (revealing) return;
    revealing = true;
    revealDone = new Promise((resolve) => {
      const frame = () => {
        const step = Math.max(2, Math.ceil((target.length - shown) / 40));
        shown = Math.min(target.length, shown + step);
        bubble.textContent = target.slice(0, shown);
        scrollDown();
        if (shown < target.length) requestAnimationFrame(frame);
        else {
          revealing = false;
          resolve();
        }
      };
      requestAnimationFrame(frame);
    });
  };
  try {
    const res = await fetch('/api/chat/stream', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ text, lang: state.lang, ...(state.conversationId && state.conversationKey ? { conversationId: state.conversationId, conversationKey: state.conversationKey } : {}) }),
    });
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      throw new Error((body.error && body.error.message) || res.statusText);
    }
    let final = null;
    for await (const ev of sseEvents(res)) {
      if (ev.type === 'start') setConversation(ev.conversationId, ev.conversationKey);
      else if (ev.type === 'delta') {
        // The server sends the reply without its plain-text sources footer (render.ts).
        target += ev.text;
        reveal();
      } else if (ev.type === 'final') final = ev;
      else if (ev.type === 'error') throw new Error(ev.error.message);
    }
    if (!final) throw new Error('no reply');
    // Let the reveal finish (bounded: it speeds up with the text left) before the full reply replaces it.
    await Promise.race([revealDone, new Promise((r) => setTimeout(r, 1500))]);
    setConversation(final.conversationId, final.conversationKey);
    state.skipThrough = Math.max(state.skipThrough, final.seq);
    pending.classList.remove('pending');
    if (final.replies.length === 0) pending.remove();
    let at = pending;
    final.replies.forEach((r, i) => {
      if (i === 0) addReply(r, pending);
      else {
        const box = el('div', {});
        at.after(box);
        addReply(r, box);
        at = box;
      }
    });
  } catch (err) {
    // Nothing typed is lost: the message stays, marked, with 重试 to send it again.
    pending.remove();
    markUser(node, 'failed', () => {
      if (state.sending || state.queue.length > 0) {
        markUser(node, 'queued');
        state.queue.push({ text, node });
      } else deliver(text, node);
    });
    console.warn('chat failed', err);
  } finally {
    state.sending = null;
    finish();
    startPolling();
    next();
  }
}

let polling = false;
// Long-poll the conversation so staff replies and take-over notices appear at once.
async function startPolling() {
  if (polling || !state.conversationId) return;
  polling = true;
  let backoff = 1000;
  while (state.conversationId) {
    try {
      // no-store: the browser's HTTP cache would otherwise hold a second tab's identical poll
      // until the first one's answer arrives (Chromium's cache lock), so that tab lagged by a poll.
      const res = await fetch(`/api/conversations/${encodeURIComponent(state.conversationId)}/messages?after=${state.lastSeq}&wait=${POLL_WAIT_S}`, { headers: keyHeaders(), cache: 'no-store' });
      // What this page is sending, it shows itself: let those sends finish before deciding what is new.
      while (state.sending) await state.sending;
      if (res.status === 404) break;
      if (!res.ok) throw new Error(String(res.status));
      const body = await res.json();
      for (const m of body.messages) {
        state.lastSeq = Math.max(state.lastSeq, m.seq);
        // The send already showed its own question and replies.
        if ((m.role === 'user' || m.role === 'assistant') && m.seq <= state.skipThrough) {
          state.rendered.add(m.seq);
          continue;
        }
        renderStored(m);
      }
      backoff = 1000;
      if (body.messages.length === 0) await new Promise((r) => setTimeout(r, 300));
    } catch {
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, 15000);
    }
  }
  polling = false;
}

async function loadHistory() {
  if (!state.conversationId) return;
  try {
    const res = await fetch(`/api/conversations/${encodeURIComponent(state.conversationId)}/messages?after=0`, { headers: keyHeaders(), cache: 'no-store' });
    if (!res.ok) return;
    const body = await res.json();
    for (const m of body.messages) {
      state.lastSeq = Math.max(state.lastSeq, m.seq);
      renderStored(m);
    }
    state.skipThrough = state.lastSeq;
  } catch {
    // History is a convenience; the chat works without it.
  }
}

let composer = null;

function init() {
  $('messages').append(el('div', { class: 'msg bot welcome' }, el('div', { class: 'bubble' }, '')));
  applyLang();
  $('lang').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem(KEY_LANG, state.lang);
    applyLang();
  });
  $('handoff').addEventListener('click', () => send(t('handoffText')));
  composer = attachComposer($('input'), $('form'), send);
  composer.fit();
  loadHistory().then(startPolling);
}

init();
