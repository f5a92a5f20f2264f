/**
 * Lead capture as a pure step function: given the persisted draft and one user message, decide
 * what happens next (ask, re-ask, answer a question then resume, confirm, submit, cancel, hand off).
 * The dialog core stores the draft and performs the side effects.
 */
import type { Lang } from '../core/types.js';
import type { CaptureDraft } from '../store/types.js';
import { hasContact, type Lead, type LeadField } from '../core/lead.js';
import { askFor, badPhoneText, CAPTURE_TEXT, FIELD_WORDS, notedLine, privacyNotice, resumeLine, summary } from './lead-messages.js';
import { extractLeadFields, industryCategory, looksLikeWechatId, type Extraction } from './parsers.js';
import { scanLexical } from '../text/lexical-scan.js';
import { commandOf, editBody } from '../understanding/commands.js';
import { classifyMessage } from '../understanding/intent-model.js';
import { collapseSpaces, hasDigit, phraseClauses, stripValueLead } from './reply-shape.js';

/** What the dialog should do with one message during capture. */
export type CaptureStep =
  /** `declined`: the message only skipped or declined the asked field ("跳过", "不方便说"), it stated nothing. */
  | { kind: 'prompt'; draft: CaptureDraft; text: string; declined?: boolean }
  /** A question in the middle: answer it, then show `reprompt`. */
  | { kind: 'question'; draft: CaptureDraft; reprompt: string }
  | { kind: 'submit'; draft: CaptureDraft }
  | { kind: 'cancel' }
  | { kind: 'handoff'; draft: CaptureDraft };

/** Language, retention (for the privacy notice) and whether rules saw a hand-off request. */
export interface CaptureOptions {
  lang: Lang;
  retentionDays: number;
  /** Rules said this message asks for a person. */
  handoff?: boolean;
  /**
   * The intent model reads the message as small talk, not an answer ("不方便透露", "还没想好",
   * "I'd rather not say"): when it states no field either, the asked fields are left out, as with 跳过.
   */
  declines?: boolean;
  /** The dialog has already decided whether the message asks something (else the intent model is asked here). */
  asks?: boolean;
}

const GROUPS: LeadField[][] = [['company', 'industry'], ['investment', 'landOrSpace'], ['timeline'], ['contactName', 'phone']];
const FREE_TEXT: LeadField[] = ['company', 'contactName', 'industry', 'timeline'];
// What the bot asked decides what a bare answer is: the extractor is told, not second-guessed.
const askedOf = (asked: LeadField[]): LeadField[] => asked.flatMap((f) => (f === 'phone' ? ['phone', 'wechatId'] : [f])) as LeadField[];

/** Whether the message asks something rather than answering the prompt: the intent model decides, told what was asked. */
function asksSomething(text: string, asked: LeadField | undefined): boolean {
  const v = classifyMessage(text, asked ? { asked } : {});
  return v.intent === 'question' || v.intent === 'off_topic' || v.intent === 'injection';
}

function isDone(d: CaptureDraft, f: LeadField): boolean {
  if (f === 'phone') return hasContact(d.fields);
  return d.fields[f] !== undefined || d.skipped.includes(f);
}

/** Start capture from the message that showed the intent: take what it says, ask for the rest. */
export function startCapture(text: string, opts: CaptureOptions & { existing?: Lead; updatesLeadId?: string }): { draft: CaptureDraft; text: string } {
  const ex = extractLeadFields(text, opts.lang);
  const fields: Lead = { ...(opts.existing ?? {}), ...ex.fields };
  const line = collapseSpaces(text).slice(0, 200);
  if (!fields.description && line) fields.description = line;
  const draft: CaptureDraft = { fields, asked: [], skipped: [], stage: 'collect', privacyShown: false };
  if (opts.updatesLeadId) draft.updatesLeadId = opts.updatesLeadId;
  const next = nextPrompt(draft, opts);
  const noted = notedLine(fields, Object.keys(ex.fields) as LeadField[], opts.lang);
  return { draft: next.draft, text: [CAPTURE_TEXT.intro[opts.lang], noted, next.text].filter(Boolean).join('\n') };
}

/** The next question, or the summary to confirm when nothing is missing. */
export function nextPrompt(draft: CaptureDraft, opts: CaptureOptions): { draft: CaptureDraft; text: string } {
  const d: CaptureDraft = { ...draft, fields: { ...draft.fields } };
  for (const group of GROUPS) {
    const missing = group.filter((f) => !isDone(d, f));
    if (missing.length === 0) continue;
    d.stage = 'collect';
    d.asked = missing;
    const lines: string[] = [];
    if (missing.some((f) => f === 'contactName' || f === 'phone') && !d.privacyShown) {
      lines.push(privacyNotice(opts.lang, opts.retentionDays));
      d.privacyShown = true;
    }
    lines.push(askFor(missing, opts.lang) + CAPTURE_TEXT.hint[opts.lang]);
    return { draft: d, text: lines.join('\n') };
  }
  d.stage = 'confirm';
  d.asked = [];
  const lines = [CAPTURE_TEXT.summaryTitle[opts.lang], summary(d.fields, opts.lang)];
  // Contact details volunteered without being asked still get the notice before submission.
  if (!d.privacyShown) {
    lines.push(privacyNotice(opts.lang, opts.retentionDays));
    d.privacyShown = true;
  }
  lines.push(CAPTURE_TEXT.confirmAsk[opts.lang]);
  return { draft: d, text: lines.join('\n') };
}

/** The prompt currently pending, re-rendered (after a question in the middle). */
export function pendingPrompt(draft: CaptureDraft, opts: CaptureOptions): string {
  if (draft.stage === 'confirm') return nextPrompt(draft, { ...opts }).text;
  if (draft.asked.length === 0) return nextPrompt(draft, opts).text;
  return askFor(draft.asked, opts.lang) + CAPTURE_TEXT.hint[opts.lang];
}

function merge(d: CaptureDraft, ex: Extraction, asked: LeadField[]): LeadField[] {
  const changed: LeadField[] = [];
  for (const [k, v] of Object.entries(ex.fields) as [LeadField, never][]) {
    if (v === undefined || k === 'description') continue;
    // A stated industry stays unless the user answers the question about it or corrects it.
    if (k === 'industry' && d.fields.industry && !asked.includes('industry') && !ex.correction) continue;
    (d.fields as Record<string, unknown>)[k] = v;
    d.skipped = d.skipped.filter((s) => s !== k);
    changed.push(k);
  }
  return changed;
}

const NAME_SHAPES = new Set(['name-title', 'name-given', 'pos-nr', 'name-en-title', 'latin-two-caps', 'latin-caps']);
/** What a free-text field's words must look like to be taken from a message the intent model heard as a decline. */
const FIELD_SHAPES: Partial<Record<LeadField, ReadonlySet<string>>> = {
  contactName: NAME_SHAPES,
  industry: new Set(['industry-word', 'industry-head']),
  company: new Set(['corp-suffix', 'corp-only', 'latin-corp', 'latin-caps']),
};

/**
 * A message heard as a decline ("Not sure yet, still working it out", "Let's talk about timing
 * later") keeps a free-text field only when its words look like the field or are the whole message:
 * the span scorer, told that the industry was asked, otherwise takes "Not sure yet" for the
 * industry. A name, a trade or a company name typed alone ("鑫源", "solar", "Acme") still counts:
 * the intent model hears those as small talk too.
 */
function dropUnshaped(ex: Extraction): void {
  if (!hasWords(ex.rest)) return;
  for (const [field, shapes] of Object.entries(FIELD_SHAPES) as [LeadField, ReadonlySet<string>][]) {
    const span = ex.spans[field];
    if (ex.fields[field] === undefined || !span) continue;
    if (wholePhrase(span)?.shapes.some((sh) => shapes.has(sh))) continue;
    delete ex.fields[field];
  }
}

/** The lexer's reading of `text` as one phrase: its shapes and the part of speech of its first word (none when it is not one phrase). */
function wholePhrase(text: string): { shapes: readonly string[]; firstPos: string } | undefined {
  const scan = scanLexical(text);
  const cand = scan.candidates.find((c) => c.kind === 'phrase' && c.start === 0 && c.text === text);
  return cand?.kind === 'phrase' ? { shapes: cand.shapes, firstPos: scan.tokens[0]?.pos ?? '' } : undefined;
}

/** True when `text` holds a letter or a Chinese character (not only punctuation, digits or spaces). */
function hasWords(text: string): boolean {
  for (const c of text) {
    const cp = c.codePointAt(0)!;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (cp >= 0x3400 && cp <= 0x9fff)) return true;
  }
  return false;
}

/**
 * The answer to the question asked, when the model left it: after the spans it chose are removed,
 * one short phrase is all that is left ("华芯电子，芯片封装" asked company and industry; "Anna,
 * 1380013800" asked a name). A name must look like one; nothing is taken from longer chatter.
 */
function takeAskedPhrase(d: CaptureDraft, ex: Extraction, asked: LeadField[], changed: LeadField[], lang: Lang): void {
  const open = asked.filter((f) => FREE_TEXT.includes(f) && !changed.includes(f) && d.fields[f] === undefined);
  // A name-shaped word beside a phone number is whose number it is, whatever was asked.
  const withContact = Boolean(ex.fields.phone || ex.fields.wechatId || ex.badPhone) && d.fields.contactName === undefined && !changed.includes('contactName');
  const target = withContact || open.includes('contactName') ? 'contactName' : open.length === 1 ? open[0] : open.find((f) => f !== 'company');
  if (!target || target === 'timeline') return;
  const clauses = phraseClauses(ex.rest);
  if (clauses.length !== 1 || clauses[0]!.length > 20 || hasDigit(clauses[0]!)) return;
  const phrase = clauses[0]!;
  const cand = wholePhrase(phrase);
  if (!cand) return;
  if (target === 'contactName' && !cand.shapes.some((sh) => NAME_SHAPES.has(sh))) return;
  if (target === 'industry' && !cand.shapes.includes('industry-word')) return;
  // "修改公司", "想问一下": a phrase that opens with a verb is an instruction, not a name.
  if (cand.firstPos.startsWith('v')) return;
  (d.fields as Record<string, unknown>)[target] = target === 'industry' ? industryCategory(phrase, lang) : phrase;
  changed.push(target);
}

/** A bare WeChat id typed when contact details were asked ("hx_zhang2026"): its format says what it is. */
function takeBareWechat(d: CaptureDraft, text: string, asked: LeadField[], changed: LeadField[]): void {
  const t = text.normalize('NFKC').trim();
  if (!asked.includes('phone') || hasContact(d.fields) || !looksLikeWechatId(t)) return;
  d.fields.wechatId = t;
  changed.push('wechatId');
}

/** One step of capture for one user message. */
export function continueCapture(draft: CaptureDraft, text: string, opts: CaptureOptions): CaptureStep {
  const cmd = commandOf(text);
  if (cmd === 'cancel') return { kind: 'cancel' };
  const d: CaptureDraft = { ...draft, fields: { ...draft.fields }, skipped: [...draft.skipped], asked: [...draft.asked] };
  const ex = extractLeadFields(text, opts.lang, { asked: d.stage === 'confirm' ? [] : askedOf(d.asked) });
  if (opts.handoff) {
    merge(d, ex, []);
    return { kind: 'handoff', draft: d };
  }

  if (d.stage === 'confirm') {
    if (cmd === 'confirm') {
      if (hasContact(d.fields)) return { kind: 'submit', draft: d };
      const next = nextPrompt(d, opts);
      return { kind: 'prompt', draft: next.draft, text: `${CAPTURE_TEXT.contactRequired[opts.lang]}\n${next.text}` };
    }
    const edit = editBody(text);
    // As while collecting, a question is answered, not mined for fields ("What about logistics?"
    // names no company); an explicit edit or a correction ("电话改成…可以吗") still changes the draft.
    const asks = edit === undefined && (opts.asks ?? asksSomething(text, undefined));
    if (asks && !ex.correction) return { kind: 'question', draft: d, reprompt: resumeLine([], opts.lang) };
    const body = edit ?? text;
    const field = edit !== undefined ? FIELD_WORDS.find(([, re]) => re.test(body))?.[0] : undefined;
    const exBody = edit !== undefined ? extractLeadFields(body, opts.lang, field ? { asked: askedOf([field]) } : {}) : ex;
    const changed = merge(d, exBody, field ? [field] : []);
    if (field && !changed.includes(field)) {
      // "修改 公司 新名字": the value is free text after the field word.
      const value = stripValueLead(body.replace(FIELD_WORDS.find(([f]) => f === field)![1], ''));
      if (value && FREE_TEXT.includes(field)) {
        (d.fields as Record<string, unknown>)[field] = value;
        changed.push(field);
      } else if (!value) {
        delete d.fields[field];
        d.stage = 'collect';
        d.asked = [field === 'wechatId' ? 'phone' : field];
        return { kind: 'prompt', draft: d, text: askFor(d.asked, opts.lang) };
      }
    }
    if (changed.length > 0) {
      const next = nextPrompt(d, opts);
      return { kind: 'prompt', draft: next.draft, text: next.text };
    }
    if (exBody.badPhone) return { kind: 'prompt', draft: d, text: badPhoneText(exBody.badPhone.digits, opts.lang) };
    if (asks) return { kind: 'question', draft: d, reprompt: resumeLine([], opts.lang) };
    // Not a confirmation, an edit or a question: show what is being confirmed again, since the
    // summary may be far up the chat (or from before a restart), not just the instruction.
    return { kind: 'prompt', draft: d, text: nextPrompt(d, opts).text };
  }

  const asked = d.asked;
  if (cmd === 'skip') {
    const wantsContact = asked.includes('phone') && !hasContact(d.fields);
    d.skipped = [...new Set([...d.skipped, ...asked.filter((f) => f !== 'phone')])];
    const next = nextPrompt(d, opts);
    return { kind: 'prompt', draft: next.draft, text: wantsContact ? `${CAPTURE_TEXT.contactRequired[opts.lang]}\n${next.text}` : next.text, declined: true };
  }

  if (opts.asks ?? asksSomething(text, asked[0])) {
    // A question is answered, not mined for fields ("新能源有什么政策？" states no industry); the
    // reprompt is one line, and the privacy notice waits for the prompt that asks for contact details.
    return { kind: 'question', draft: d, reprompt: resumeLine(d.asked, opts.lang) };
  }
  if (opts.declines) dropUnshaped(ex);
  const changed = merge(d, ex, asked);
  takeBareWechat(d, text, asked, changed);
  takeAskedPhrase(d, ex, asked, changed, opts.lang);
  if (ex.badPhone && !ex.fields.phone) {
    // Keep what else the message said ("张三 1380013800"), then ask for the number again.
    return { kind: 'prompt', draft: d, text: badPhoneText(ex.badPhone.digits, opts.lang) };
  }
  if (changed.length === 0 && opts.declines) {
    const wantsContact = asked.includes('phone') && !hasContact(d.fields);
    d.skipped = [...new Set([...d.skipped, ...asked.filter((f) => f !== 'phone')])];
    const next = nextPrompt(d, opts);
    return { kind: 'prompt', draft: next.draft, text: [CAPTURE_TEXT.declined[opts.lang], wantsContact ? CAPTURE_TEXT.contactRequired[opts.lang] : '', next.text].filter(Boolean).join('\n'), declined: true };
  }
  if (changed.length === 0) {
    return { kind: 'prompt', draft: d, text: `${CAPTURE_TEXT.notUnderstood[opts.lang]}${pendingPrompt(d, opts)}` };
  }
  // Answering something else instead of what was asked means "skip that" (contact excepted: it is
  // required); a correction of an earlier answer skips nothing, the question is asked again.
  // A phone without a name is not "skip the name": the name is asked next.
  const unanswered = ex.correction
    ? []
    : asked.filter((f) => f !== 'phone' && !(f === 'contactName' && hasContact(d.fields)) && !changed.includes(f) && d.fields[f] === undefined);
  d.skipped = [...new Set([...d.skipped, ...unanswered])];
  const next = nextPrompt(d, opts);
  const noted = notedLine(d.fields, changed, opts.lang);
  return { kind: 'prompt', draft: next.draft, text: [noted, next.text].filter(Boolean).join('\n') };
}
