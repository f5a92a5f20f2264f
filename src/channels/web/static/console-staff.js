// Staff console: who is signed in, the login form's two kinds (name + password with staff
// accounts; the token before the first account exists), the bootstrap of the first supervisor,
// and the 人员 Staff tab (supervisors manage accounts; everyone changes their own password).
// Lead permissions here only enable buttons; the server decides (src/dialog/staff-actions.ts).

import { el } from './dom.js';

const $ = (id) => document.getElementById(id);
const state = { mode: 'open', account: null, api: null, toast: null };

/** The signed-in account ({ id, name, role }) or null (bootstrap / open console: a typed name). */
export const account = () => state.account;
const supervisor = () => state.account?.role === 'supervisor';
/** The lead actor id of the signed-in account, as the server records it. */
const memberId = () => (state.account ? `staff:${state.account.id}` : null);

/** Is this lead's owner me? With accounts by id; otherwise by the typed name, as before. */
export function isMine(lead, typedName) {
  if (!lead.owner) return false;
  return state.account ? lead.owner.id === memberId() : lead.owner.name === typedName;
}

/** 认领: a new lead; a 待跟进 lead only by its owner or a supervisor. */
export function canClaim(lead, typedName) {
  return lead.status === 'new' || (lead.status === 'follow_up' && (isMine(lead, typedName) || supervisor()));
}

/** 关闭: an unowned lead by anyone; an owned one by its owner or a supervisor. */
export function canClose(lead, typedName) {
  return lead.status !== 'closed' && (!lead.owner || isMine(lead, typedName) || supervisor());
}

/** Wire the module to the console's request helper and notices. */
export function initStaff({ api, toast }) {
  state.api = api;
  state.toast = toast;
  $('staff-add-form').addEventListener('submit', (e) => {
    e.preventDefault();
    addAccount().catch((err) => ($('staff-error').textContent = err.message));
  });
  $('bootstrap-form').addEventListener('submit', (e) => {
    e.preventDefault();
    bootstrap().catch((err) => ($('bootstrap-error').textContent = err.message));
  });
  $('my-password-form').addEventListener('submit', (e) => {
    e.preventDefault();
    changeOwnPassword().catch((err) => ($('my-password-error').textContent = err.message));
  });
}

/** Apply /session: the header, the login form's fields, the staff tab. */
export function applySession(session) {
  state.mode = session.mode;
  state.account = session.account || null;
  const accounts = session.mode === 'accounts';
  $('login-account').hidden = !accounts;
  $('login-token').hidden = session.mode !== 'token';
  $('login-name').required = accounts;
  $('login-password').required = accounts;
  $('token').required = session.mode === 'token';
  $('name-box').hidden = Boolean(state.account);
  $('me').hidden = !state.account;
  if (state.account) $('me').textContent = `${state.account.name}${supervisor() ? ' · 主管 Supervisor' : ' · 专员 Staff'}`;
  $('bootstrap-banner').hidden = accounts || !session.authenticated;
}

/** The login request's body for the current mode. */
export function loginBody() {
  return state.mode === 'accounts' ? { name: $('login-name').value.trim(), password: $('login-password').value } : { token: $('token').value };
}

/** Forget what the login form holds. */
export function clearLoginForm() {
  $('login-password').value = '';
  $('token').value = '';
}

// --- the 人员 Staff tab

/** Render the tab: the bootstrap form before any account, else the accounts (supervisors) and my password. */
export async function loadStaff() {
  const boot = state.mode !== 'accounts';
  $('bootstrap').hidden = !boot;
  $('staff-admin').hidden = boot || !supervisor();
  $('my-password').hidden = boot;
  if (boot || !supervisor()) return;
  const { accounts } = await state.api('/staff');
  $('staff-rows').replaceChildren(...accounts.map(accountRow));
}

function accountRow(a) {
  const self = state.account && a.id === state.account.id;
  const post = (path, body) => async () => {
    $('staff-error').textContent = '';
    try {
      await state.api(`/staff/${a.id}/${path}`, { body: body() });
      await loadStaff();
    } catch (err) {
      $('staff-error').textContent = err.message;
    }
  };
  const resetPassword = async () => {
    const pw = prompt(`为 ${a.name} 设置新密码（至少 10 个字符） New password for ${a.name} (10+ characters)`);
    if (pw) await post('password', () => ({ password: pw }))();
  };
  const linkSlack = async () => {
    const id = prompt(`${a.name} 的 Slack 用户 ID（如 U012ABCDEF；留空解除） Slack user id (empty to unlink)`, a.slackUserId || '');
    if (id !== null) await post('slack', () => ({ slackUserId: id.trim() || null }))();
  };
  return el(
    'tr',
    { 'data-account': a.name },
    el('td', {}, a.name),
    el('td', {}, a.role === 'supervisor' ? '主管 Supervisor' : '专员 Staff'),
    el('td', {}, a.disabled ? '已停用 Disabled' : '正常 Active'),
    el('td', {}, a.slackUserId || '—'),
    el(
      'td',
      { class: 'row-actions' },
      self ? el('span', { class: 'muted' }, '（我 me）') : null,
      self ? null : el('button', { type: 'button', 'data-act': 'role', onclick: post('role', () => ({ role: a.role === 'supervisor' ? 'staff' : 'supervisor' })) }, a.role === 'supervisor' ? '设为专员 Make staff' : '设为主管 Make supervisor'),
      self ? null : el('button', { type: 'button', 'data-act': a.disabled ? 'enable' : 'disable', onclick: post(a.disabled ? 'enable' : 'disable', () => ({})) }, a.disabled ? '启用 Enable' : '停用 Disable'),
      el('button', { type: 'button', 'data-act': 'password', onclick: resetPassword }, '重置密码 Reset password'),
      el('button', { type: 'button', 'data-act': 'slack', onclick: linkSlack }, '关联 Slack'),
    ),
  );
}

async function addAccount() {
  $('staff-error').textContent = '';
  await state.api('/staff', { body: { name: $('new-name').value.trim(), password: $('new-password').value, role: $('new-supervisor').checked ? 'supervisor' : 'staff' } });
  state.toast(`已添加 ${$('new-name').value.trim()} Account added`);
  $('new-name').value = '';
  $('new-password').value = '';
  $('new-supervisor').checked = false;
  await loadStaff();
}

async function bootstrap() {
  $('bootstrap-error').textContent = '';
  await state.api('/staff', { body: { name: $('boot-name').value.trim(), password: $('boot-password').value } });
  // The server logged this browser in as the new supervisor; the token no longer opens the console.
  location.reload();
}

async function changeOwnPassword() {
  $('my-password-error').textContent = '';
  await state.api('/me/password', { body: { current: $('my-current').value, password: $('my-new').value } });
  $('my-current').value = '';
  $('my-new').value = '';
  state.toast('密码已修改，其他设备上的登录已退出。 Password changed; your other sessions have ended.');
}
