// 资兴招商助手 web chat: plain ES module, no build step. Everything is rendered with textContent,
// never innerHTML, so nothing a user, staff member or document says can inject markup.

import { el } from './dom.js';

const STRINGS = {
  zh: {
    title: '资兴招商助手',
    subtitle: '湖南资兴市投资促进 · 政策、园区、产业、服务咨询',
    handoff: '转人工',
    send: '发送',
    placeholder: '请输入您的问题，例如：新落户企业有哪些奖励？',
    hint: '回答仅依据已公开的政策文件并注明来源；如需进一步沟通，请点击“转人工”。',
    welcome: '您好！我是资兴招商助手，可以为您解答资兴市的招商优惠政策、产业园区、重点产业、企业服务和联系方式等问题。请直接提问，或点击下方话题。',
    sources: (n) => `来源（${n}）`,
    you: '我',
    bot: '招商助手',
    staff: (name) => `工作人员 ${name || ''}`.trim(),
    helpful: '有帮助吗？',
    thanks: '谢谢反馈！',
    error: '抱歉，消息没有发送成功，请稍后再试。',
    busy: '请稍候，正在回复上一条消息…',
    handoffText: '转人工',
    lang: 'EN',
    chips: [
      ['优惠政策', '资兴对新落户企业有哪些招商优惠政策？'],
      ['园区', '资兴有哪些产业园区？'],
      ['产业', '资兴重点发展哪些产业？'],
      ['服务', '政府能为投资企业提供哪些服务？'],
      ['联系我们', '怎么联系资兴招商部门？'],
    ],
  },
  en: {
    title: 'Zixing Investment Assistant',
    subtitle: 'Invest in Zixing, Hunan · incentives, zones, industries, services',
    handoff: 'Talk to a person',
    send: 'Send',
    placeholder: 'Ask a question, e.g. what incentives do new companies get?',
    hint: 'Answers come only from published policy documents, with sources. For more, tap “Talk to a person”.',
    welcome: 'Hello! I am the Zixing Investment Assistant. Ask me about investment incentives, industrial zones, key industries, services for companies and how to reach the bureau — or pick a topic below.',
    sources: (n) => `Sources (${n})`,
    you: 'You',
    bot: 'Assistant',
    staff: (name) => `Staff ${name || ''}`.trim(),
    helpful: 'Helpful?',
    thanks: 'Thanks for the feedback!',
    error: 'Sorry, the message could not be sent. Please try again.',
    busy: 'One moment, still replying to your last message…',
    handoffText: 'I would like to talk to a person',
    lang: '中文',
    chips: [
      ['Incentives', 'What investment incentives does Zixing offer new companies?'],
      ['Zones', 'Which industrial parks and zones does Zixing have?'],
      ['Industries', 'Which industries is Zixing focusing on?'],
      ['Services', 'What services does the government provide to investors?'],
      ['Contact us', 'How can I contact the Zixing investment promotion bureau?'],
    ],
  },
};

const KEY_CONV = 'zx.chat.conversationId';
// The conversation's secret, issued with its id: reading, continuing and voting need it.
const KEY_SECRET = 'zx.chat.conversationKey';
const KEY_LANG = 'zx.chat.lang';
const POLL_WAIT_S = 20;

const $ = (id) => document.getElementById(id);
const state = {
  lang: localStorage.getItem(KEY_LANG) === 'en' ? 'en' : 'zh',
  conversationId: localStorage.getItem(KEY_CONV) || null,
  conversationKey: localStorage.getItem(KEY_SECRET) || null,
  lastSeq: 0,
  skipThrough: 0, // user/assistant messages up to this seq were shown from the send itself
  rendered: new Set(),
  sending: null, // the promise of the message being sent
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
  const chips = $('chips');
  chips.replaceChildren(...t('chips').map(([label, q]) => el('button', { type: 'button', 'data-topic': label, onclick: () => send(q) }, label)));
  const welcome = document.querySelector('.welcome .bubble');
  if (welcome) welcome.textContent = t('welcome');
}

function addNotice(text) {
  $('messages').append(el('div', { class: 'notice', role: 'status' }, text));
  scrollDown();
}

function addUser(text) {
  $('messages').append(el('div', { class: 'msg user' }, el('div', { class: 'bubble' }, text)));
  scrollDown();
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
        // The server words the source (src/answer/citations.ts): 《title》 once, no file path.
        el('summary', {}, `[${c.n}] ${c.displayTitle || c.title}${c.headingPath && c.headingPath.length ? ' · ' + c.headingPath.join(' › ') : ''}`),
        el('blockquote', {}, c.text),
        c.origin ? el('div', { class: 'origin' }, c.origin) : null,
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
      await fetch('/api/feedback', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ messageId, value, conversationId: state.conversationId, conversationKey: state.conversationKey }),
      });
      status.textContent = t('thanks');
    } catch {
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

async function send(text) {
  text = String(text || '').trim();
  if (!text) return;
  if (state.sending) {
    addNotice(t('busy'));
    return;
  }
  let finish;
  state.sending = new Promise((r) => (finish = r));
  $('send').disabled = true;
  addUser(text);
  const pending = el('div', { class: 'msg bot pending' }, el('div', { class: 'who' }, t('bot')), el('div', { class: 'bubble' }, ''));
  $('messages').append(pending);
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
        // The plain-text sources footer is for other channels; here sources are citations below.
        const body = target.replace(/\n\n(?:来源：|Sources:)\n\[1\][\s\S]*$/, '');
        const step = Math.max(2, Math.ceil((body.length - shown) / 40));
        shown = Math.min(body.length, shown + step);
        bubble.textContent = body.slice(0, shown);
        scrollDown();
        if (shown < body.length) requestAnimationFrame(frame);
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
    final.replies.forEach((r, i) => addReply(r, i === 0 ? pending : undefined));
  } catch (err) {
    pending.remove();
    addNotice(t('error'));
    console.warn('chat failed', err);
  } finally {
    state.sending = null;
    finish();
    $('send').disabled = false;
    startPolling();
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
      const res = await fetch(`/api/conversations/${encodeURIComponent(state.conversationId)}/messages?after=${state.lastSeq}&wait=${POLL_WAIT_S}`, { headers: keyHeaders() });
      if (state.sending) await state.sending;
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
    const res = await fetch(`/api/conversations/${encodeURIComponent(state.conversationId)}/messages?after=0`, { headers: keyHeaders() });
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

function init() {
  $('messages').append(el('div', { class: 'msg bot welcome' }, el('div', { class: 'bubble' }, '')));
  applyLang();
  $('lang').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem(KEY_LANG, state.lang);
    applyLang();
  });
  $('handoff').addEventListener('click', () => send(t('handoffText')));
  const input = $('input');
  $('form').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value;
    input.value = '';
    send(text);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      $('form').requestSubmit();
    }
  });
  loadHistory().then(startPolling);
}

init();
