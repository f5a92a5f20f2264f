// Staff notes on the lead open in the detail panel: listed with author and time; a new note is
// the signed-in account's (the server decides who wrote it). Rendered with textContent only.

import { el } from './dom.js';

const $ = (id) => document.getElementById(id);
const fmt = (ms) => new Date(ms).toLocaleString('zh-CN', { hour12: false });

/** Show the notes of lead `id`. */
export async function loadNotes(api, id) {
  const { notes } = await api(`/leads/${encodeURIComponent(id)}/notes`);
  $('detail-notes').replaceChildren(
    ...(notes.length ? notes.map((n) => el('li', { class: 'note' }, el('span', { class: 'role' }, `${n.author.name} · ${fmt(n.at)}`), n.text)) : [el('li', { class: 'muted' }, '暂无备注 No notes yet')]),
  );
}

/** Wire the note form; `selected()` is the open lead's id, `typedName()` the name typed in open mode. */
export function initNotes({ api, selected, typedName }) {
  $('note-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = $('note-text').value.trim();
    const id = selected();
    if (!text || !id) return;
    $('note-error').textContent = '';
    try {
      const name = typedName();
      await api(`/leads/${encodeURIComponent(id)}/notes`, { body: { text, ...(name ? { staff: name } : {}) } });
      $('note-text').value = '';
      await loadNotes(api, id);
    } catch (err) {
      $('note-error').textContent = err.message;
    }
  });
}
