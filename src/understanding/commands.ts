/**
 * Command words: the only rules over what people type. Each is a fixed instruction to the assistant
 * itself, not a meaning to be understood, so an exact word list is the right tool and a model the
 * wrong one (a command must never be "probably" obeyed). Everything else goes to the models.
 */

/** A command the dialog acts on before any model is asked. */
export type Command = 'handoff' | 'skip' | 'cancel' | 'resume' | 'erase' | 'confirm_erase' | 'edit';

function bare(text: string): string {
  // Trailing punctuation and polite particles do not change a command ("转人工！", "跳过吧").
  return text.normalize('NFKC').trim().toLowerCase().replace(/[\s。.!！~～,，]+$/u, '').replace(/(?:吧|啊|呀|哈)$/u, '');
}

// 转人工 is the word WeChat users know from every customer-service account: it always means "a person now".
const HANDOFF = new Set(['转人工', '人工', '人工客服', '转人工客服', '人工服务', '轉人工', '人工客服', 'human', 'agent', 'talk to a person', 'talk to a human']);
// During lead capture: leave this one field out. Said alone; inside a sentence it is an answer.
const SKIP = new Set(['跳过', '略过', '下一个', '下一步', '跳過', 'skip', 'pass', 'next']);
// During lead capture: stop collecting.
const CANCEL = new Set(['取消', '取消登记', '不登记了', '退出', 'cancel', 'stop', 'quit']);
// The "continue" button under a paused lead capture.
const RESUME = new Set(['继续登记', '继续填写', '繼續登記', 'continue', 'resume']);
// A data-subject request in the words the privacy notice tells people to use.
const ERASE = new Set(['删除我的信息', '删除我的个人信息', '删除我的数据', '删除我的资料', '删除我的联系方式', '刪除我的信息', '刪除我的資料', 'delete my data', 'delete my information', 'delete my personal data', 'delete my details']);
// Erasure is irreversible, so it waits for this explicit confirmation of its own.
const CONFIRM_ERASE = new Set(['确认删除', '確認刪除', 'confirm delete', 'confirm deletion']);

// At the confirmation step: "修改 电话 139…" changes a field; the rest of the message is the new value.
const EDIT_PREFIXES = ['修改', '更改', '更正', '改成', '改为', 'edit ', 'change ', 'modify '];

/** The command a message is, if it is exactly one (or, for "修改 …", starts with one). */
export function commandOf(text: string): Command | undefined {
  const t = bare(text);
  if (HANDOFF.has(t)) return 'handoff';
  if (SKIP.has(t)) return 'skip';
  if (CANCEL.has(t)) return 'cancel';
  if (RESUME.has(t)) return 'resume';
  if (ERASE.has(t)) return 'erase';
  if (CONFIRM_ERASE.has(t)) return 'confirm_erase';
  if (EDIT_PREFIXES.some((p) => t.startsWith(p))) return 'edit';
  return undefined;
}
