// Assigning the open lead to a colleague (#17), and the lead's history in words. The list offers
// the active staff accounts; the button is on for the lead's owner and for supervisors, but the
// server decides (src/dialog/staff-assign.ts) and its refusal is shown as it words it. The live
// feed's 'assigned' events become a notice, addressed to the assignee when that is me.

import { el } from './dom.js';
import { account, isMine } from './console-staff.js';

const $ = (id) => document.getElementById(id);
const fmt = (ms) => new Date(ms).toLocaleString('zh-CN', { hour12: false });
const state = { api: null, selected: () => null, typedName: () => '', reload: async () => undefined, toast: () => undefined, lead: null, shownFor: null };

/** May I hand this lead to a colleague? Its owner or a supervisor, while it is open. */
export function canAssign(lead, typedName) {
  const me = account();
  return Boolean(me) && lead.status !== 'closed' && (isMine(lead, typedName) || me.role === 'supervisor');
}

/** Fill the colleague list and the history for the lead now open. */
export async function showAssign(lead) {
  state.lead = lead;
  const box = $('assign-box');
  // Only accounts can be assigned to: without them (bootstrap, open console) there is no one to pick.
  box.hidden = !account();
  if (!box.hidden) {
    const { colleagues } = await state.api('/colleagues');
    const others = colleagues.filter((c) => !lead.owner || lead.owner.id !== `staff:${c.id}`);
    // The board refreshes on every feed event: keep a choice already made for the same lead.
    const kept = state.shownFor === lead.id ? $('assign-to').value : '';
    state.shownFor = lead.id;
    $('assign-to').replaceChildren(
      el('option', { value: '' }, others.length ? '选择同事 Choose a colleague' : '没有可指派的同事 No colleague'),
      ...others.map((c) => el('option', { value: String(c.id) }, `${c.name}${c.role === 'supervisor' ? '（主管）' : ''}`)),
    );
    if (kept && others.some((c) => String(c.id) === kept)) $('assign-to').value = kept;
    const allowed = canAssign(lead, state.typedName());
    $('assign-to').disabled = !allowed || others.length === 0;
    $('act-assign').disabled = !allowed || others.length === 0;
  }
  await loadHistory(lead.id);
}

async function loadHistory(id) {
  const { history } = await state.api(`/leads/${encodeURIComponent(id)}/history`);
  $('detail-history').replaceChildren(...(history.length ? history.map((h) => el('li', {}, el('span', { class: 'when' }, fmt(h.at)), h.text)) : [el('li', { class: 'muted' }, '暂无 None')]));
}

async function assign() {
  $('assign-error').textContent = '';
  const to = Number($('assign-to').value);
  const id = state.selected();
  if (!id) return;
  if (!to) {
    $('assign-error').textContent = '请选择要指派的同事。 Choose a colleague.';
    return;
  }
  const name = state.typedName();
  await state.api(`/leads/${encodeURIComponent(id)}/assign`, { body: { to, ...(name ? { staff: name } : {}) } });
  await state.reload();
}

/** A feed item about an assignment, as a notice: "指派给您" when I am the assignee. */
export function assignedNotice(item) {
  const me = account();
  if (me && item.to && item.to.id === `staff:${me.id}`) state.toast(`新指派给您的线索 Assigned to you：${item.text || item.leadId}`);
  else if (item.text) state.toast(item.text);
}

/** Wire the assign control to the console's request helper; `reload()` refreshes the board and the open lead. */
export function initAssign({ api, selected, typedName, reload, toast }) {
  Object.assign(state, { api, selected, typedName, reload, toast });
  $('act-assign').addEventListener('click', () => assign().catch((err) => ($('assign-error').textContent = err.message)));
}
