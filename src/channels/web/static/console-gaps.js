// Staff console, knowledge gaps tab: real gaps grouped, and what staff do about each — link the
// question to a passage found by searching the knowledge base, write an answer, mark it not our
// business, or ignore it; the audit log with undo; FAQ spreadsheet upload with a preview.
// Rendered with textContent only (gap questions come from investors, redacted by the server).

import { account } from './console-staff.js';
import { el } from './dom.js';

const $ = (id) => document.getElementById(id);
// With a staff account signed in the server records the account; the typed name is for the bootstrap console.
const staffName = () => (account() ? undefined : $('staff-name').value.trim() || undefined);
const fmtTime = (ms) => (ms ? new Date(ms).toLocaleString('zh-CN', { hour12: false }) : '—');

async function api(path, body) {
  const res = await fetch(`/api/console/teach${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'x-zx-console': '1', ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    credentials: 'same-origin',
  });
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  if (!res.ok) throw new Error((data && data.error && data.error.message) || res.statusText);
  return data;
}

function say(text, bad = false) {
  const n = $('teach-status');
  n.textContent = text;
  n.className = bad ? 'error' : 'muted';
}

function needName() {
  if (account() || staffName()) return true;
  say('请先在右上角填写您的名字 Please enter your name first', true);
  $('staff-name').focus();
  return false;
}

/** Show how the assistant now replies, after an action. */
function showNow(now) {
  if (!now) return;
  const box = $('teach-now');
  box.hidden = false;
  box.replaceChildren(
    el('h3', {}, now.answered ? '✅ 现在可以回答 Answered now' : '⚠️ 仍无法回答 Still not answered'),
    el('p', { class: 'muted' }, `问 Q: ${now.question}`),
    el('pre', { class: 'teach-reply', 'data-answered': String(now.answered) }, now.text),
  );
}

const REASONS = { unanswered: '未回答', partial: '部分回答', downvoted: '被点踩' };

function gapRow(g) {
  const reasons = Object.entries(g.reasons).filter(([, n]) => n > 0).map(([r, n]) => `${REASONS[r]} ${n}`).join('，');
  const actions = el('div', { class: 'teach-actions' },
    el('button', { type: 'button', 'data-act': 'link', onclick: () => openLink(g) }, '关联段落 Link'),
    el('button', { type: 'button', 'data-act': 'answer', onclick: () => openAnswer(g) }, '撰写答案 Answer'),
    el('button', { type: 'button', 'data-act': 'off-topic', onclick: () => dismiss('off-topic', g) }, '非业务 Not ours'),
    el('button', { type: 'button', 'data-act': 'ignore', onclick: () => dismiss('ignore', g) }, '忽略 Ignore'),
  );
  return el('li', { class: 'gap', 'data-question': g.question },
    el('div', { class: 'gap-head' }, el('strong', {}, g.question), el('span', { class: 'count' }, ` ×${g.count}`)),
    g.questions.length > 1 ? el('div', { class: 'muted' }, `相似问法 Also asked: ${g.questions.slice(1).join(' ／ ')}`) : null,
    el('div', { class: 'muted' }, `${reasons} · 首次 ${fmtTime(g.firstAt)} · 最近 ${fmtTime(g.lastAt)}`),
    el('details', {}, el('summary', {}, '当时的回复 Reply given'), el('pre', {}, g.reply), g.citations.length ? el('div', { class: 'muted' }, `引用 Cited: ${g.citations.map((c) => c.path).join('，')}`) : null),
    actions,
  );
}

let current = null;

function openLink(g) {
  current = g;
  $('teach-link').hidden = false;
  $('teach-answer').hidden = true;
  $('teach-link-question').textContent = g.question;
  $('teach-search').value = g.question;
  search();
}

async function search() {
  const q = $('teach-search').value.trim();
  if (!q) return;
  const { passages } = await api(`/search?q=${encodeURIComponent(q)}`);
  $('teach-results').replaceChildren(...passages.map((p) => el('li', { class: 'passage' },
    el('div', {}, el('strong', {}, p.title), el('span', { class: 'muted' }, ` ${p.path}${p.headingPath.length ? ' › ' + p.headingPath.join(' › ') : ''}`)),
    el('p', {}, p.text.length > 240 ? `${p.text.slice(0, 240)}…` : p.text),
    el('button', { type: 'button', 'data-act': 'pick', onclick: () => link(p) }, '用这段回答 Use this passage'),
  )));
}

async function link(p) {
  if (!current || !needName()) return;
  say('正在关联并重新导入… Linking and re-ingesting…');
  const r = await api('/link', { staff: staffName(), questions: current.questions, passage: { id: p.id, path: p.path, headingPath: p.headingPath } });
  $('teach-link').hidden = true;
  say(`已关联到 ${p.path} · linked`);
  showNow(r.now);
  await load();
}

function openAnswer(g) {
  current = g;
  $('teach-answer').hidden = false;
  $('teach-link').hidden = true;
  $('answer-question').value = g.question;
  $('answer-similar').value = g.questions.slice(1).join('\n');
  $('answer-text').value = '';
  $('answer-source').value = '';
  $('answer-tags').value = '';
  $('answer-text').focus();
}

async function submitAnswer(ev) {
  ev.preventDefault();
  if (!needName()) return;
  const lines = (s) => s.split(/[\n；;]+/).map((x) => x.trim()).filter(Boolean);
  say('正在保存并重新导入… Saving and re-ingesting…');
  const body = { staff: staffName(), question: $('answer-question').value.trim(), similar: lines($('answer-similar').value), answer: $('answer-text').value.trim(), tags: lines($('answer-tags').value.replace(/[,，]/g, ';')) };
  const source = $('answer-source').value.trim();
  if (source) body.source = source;
  const r = await api('/answer', body);
  $('teach-answer').hidden = true;
  say(`已写入 knowledge/${r.item.path} · saved`);
  showNow(r.now);
  await load();
}

async function dismiss(kind, g) {
  if (!needName()) return;
  await api(`/${kind}`, { staff: staffName(), questions: g.questions });
  say(kind === 'off-topic' ? '已标为非业务问题 · marked not our business' : '已忽略 · ignored');
  await load();
}

async function undo(id) {
  if (!needName()) return;
  say('正在撤销… Undoing…');
  const r = await api(`/items/${encodeURIComponent(id)}/undo`, { staff: staffName() });
  say('已撤销 · undone');
  showNow(r.now);
  await load();
}

const KINDS = { link: '关联段落', answer: '撰写答案', off_topic: '非业务', ignore: '忽略', import: 'FAQ 导入' };

async function loadAudit() {
  const { audit } = await api('/audit?limit=100');
  $('teach-audit').replaceChildren(...audit.map((a) => el('li', { 'data-item': a.itemId },
    el('span', {}, `${fmtTime(a.at)} · ${a.actor.name} · ${a.action === 'undo' ? '撤销 undo' : KINDS[a.kind] || a.kind} · ${a.summary}`),
    a.action === 'create' && !a.undone ? el('button', { type: 'button', 'data-act': 'undo', onclick: () => undo(a.itemId).catch((e) => say(e.message, true)) }, '撤销 Undo') : null,
  )));
}

async function load() {
  const { gaps } = await api('/gaps?days=90');
  $('teach-gaps').replaceChildren(...(gaps.length ? gaps.map(gapRow) : [el('li', { class: 'muted' }, '暂无知识缺口 No gaps')]));
  await loadAudit();
}

function readFile(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

async function previewFaq() {
  const file = $('faq-file').files[0];
  if (!file) return;
  const data = await readFile(file);
  const r = await api('/faq/preview', { name: file.name, data });
  $('faq-preview').replaceChildren(
    ...r.rows.map((row) => el('li', { class: 'faq-row' }, `第 ${row.row} 行 Row ${row.row}：${row.question} → ${row.answer.slice(0, 60)}`)),
    ...r.errors.map((e) => el('li', { class: 'faq-error error' }, `第 ${e.row} 行 Row ${e.row}：${e.reason}`)),
  );
  $('faq-import').disabled = r.rows.length === 0;
  $('faq-import').onclick = async () => {
    if (!needName()) return;
    say('正在导入… Importing…');
    const done = await api('/faq/import', { staff: staffName(), name: file.name, data });
    say(`已导入 ${done.items.length} 条，${done.errors.length} 行未导入 · imported ${done.items.length}, refused ${done.errors.length}`);
    await load();
  };
}

function init() {
  const tab = document.querySelector('[data-tab="gaps"]');
  tab?.addEventListener('click', () => load().catch((e) => say(e.message, true)));
  $('teach-refresh').addEventListener('click', () => load().catch((e) => say(e.message, true)));
  $('teach-search-go').addEventListener('click', () => search().catch((e) => say(e.message, true)));
  $('teach-answer').addEventListener('submit', (ev) => submitAnswer(ev).catch((e) => say(e.message, true)));
  $('teach-answer-cancel').addEventListener('click', () => ($('teach-answer').hidden = true));
  $('teach-link-cancel').addEventListener('click', () => ($('teach-link').hidden = true));
  $('faq-file').addEventListener('change', () => previewFaq().catch((e) => say(e.message, true)));
}

init();
