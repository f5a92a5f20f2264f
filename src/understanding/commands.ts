/**
 * Command words: the only rules over what people type. Each is a fixed instruction to the assistant
 * itself, not a meaning to be understood, so an exact word list is the right tool and a model the
 * wrong one (a command must never be "probably" obeyed). Everything else goes to the models.
 */

/** A command the dialog acts on before any model is asked. */
export type Command = 'handoff' | 'skip' | 'cancel' | 'resume' | 'erase' | 'confirm_erase' | 'confirm' | 'edit';

function bare(text: string): string {
  // Trailing punctuation and polite particles do not change a command ("转人工！", "跳过吧").
  return text.normalize('NFKC').trim().toLowerCase().replace(/[\s。.!！~～,，]+$/u, '').replace(/(?:吧|啊|呀|哈)$/u, '');
}

// 转人工 is the word WeChat users know from every customer-service account: it always means "a person now".
const HANDOFF = new Set(['转人工', '人工', '人工客服', '转人工客服', '人工服务', '轉人工', '人工客服', 'human', 'agent', 'talk to a person', 'talk to a human']);
// During lead capture: leave this one field out. Said alone; inside a sentence it is an answer.
// "没有", "不知道" said alone to "贵公司的名称？" leave the field out as 跳过 does; in longer words
// ("还没想好", "I'd rather not say") the intent model hears the decline.
const SKIP = new Set([
  '跳过', '略过', '下一个', '下一步', '跳過', 'skip', 'pass', 'next',
  '不方便', '不想说', '暂无', '没有', '无', '不确定', '不知道', '待定', 'n/a', 'na', 'none', 'not sure', "don't know", 'dont know', 'tbd',
]);
// During lead capture: stop collecting.
const CANCEL = new Set(['取消', '取消登记', '不登记了', '退出', '算了', '不用了', 'cancel', 'stop', 'quit', 'never mind', 'nevermind', 'exit']);
// At lead capture's summary: the words of its confirm button, and the short yes of a chat.
const CONFIRM = new Set(['确认', '确定', '确认提交', '提交', '是的', '是', '对', '对的', '没问题', '好的', '好', '可以', '確認', '確認提交', 'ok', 'okay', 'yes', 'y', 'confirm', 'correct', 'submit', 'sure']);
// The "continue" button under a paused lead capture.
const RESUME = new Set(['继续登记', '继续填写', '繼續登記', 'continue', 'resume']);
// A data-subject request in the words the privacy notice tells people to use.
const ERASE = new Set(['删除我的信息', '删除我的个人信息', '删除我的数据', '删除我的资料', '删除我的联系方式', '刪除我的信息', '刪除我的資料', 'delete my data', 'delete my information', 'delete my personal data', 'delete my details']);
// Erasure is irreversible, so it waits for this explicit confirmation of its own.
const CONFIRM_ERASE = new Set(['确认删除', '確認刪除', 'confirm delete', 'confirm deletion']);

// At the confirmation step: "修改 电话 139…" changes a field; the rest of the message is the new value.
const EDIT_PREFIXES = ['修改', '更改', '更正', '改一下', '改成', '改为', 'edit ', 'change ', 'modify ', 'update '];
// Said alone, these open an edit too ("改" → which field?); before more words they may be part of a sentence.
const EDIT_ALONE = new Set(['改', 'edit', 'change', 'modify', 'update']);

/** The command a message is, if it is exactly one (or, for "修改 …", starts with one). */
export function commandOf(text: string): Command | undefined {
  const t = bare(text);
  if (HANDOFF.has(t)) return 'handoff';
  if (SKIP.has(t)) return 'skip';
  if (CANCEL.has(t)) return 'cancel';
  if (RESUME.has(t)) return 'resume';
  if (ERASE.has(t)) return 'erase';
  if (CONFIRM_ERASE.has(t)) return 'confirm_erase';
  if (CONFIRM.has(t)) return 'confirm';
  if (EDIT_ALONE.has(t) || EDIT_PREFIXES.some((p) => t.startsWith(p))) return 'edit';
  return undefined;
}

/** What follows the edit command ("修改 电话 139…" → "电话 139…"); undefined when the message is no edit. */
export function editBody(text: string): string | undefined {
  const t = text.normalize('NFKC').trim();
  const lower = t.toLowerCase();
  if (EDIT_ALONE.has(bare(t))) return '';
  // At the summary a leading 改 is an edit too ("改电话 139…"); elsewhere it may start a sentence.
  const prefix = [...EDIT_PREFIXES, '改'].find((p) => lower.startsWith(p));
  if (!prefix) return undefined;
  let rest = t.slice(prefix.length);
  while (rest.startsWith(':') || rest.startsWith('：') || rest.startsWith(' ')) rest = rest.slice(1);
  return rest;
}
