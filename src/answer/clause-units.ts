/**
 * Policy documents state their answers in structures, not only in sentences: an article's lead-in
 * ("申请的企业应当同时具备下列条件：") with its numbered items, or a table introduced by "如下表：" whose
 * rows hold the amounts. Quoting the lead-in alone answers nothing, and a row alone lacks its column
 * names. This step, over the document's text only (never the user's), turns such structures into
 * quotable units: a lead-in with its items becomes one unit when short enough (the article kept
 * whole), each item and each table row carries its lead-in as context, and a row is written out with
 * its column names ("一般工业企业，第一年：全额补贴；第二年：…").
 */

import { CN_NUMERAL_CHARS } from '../text/index.js';

/** A piece of passage text after splitting, before the structure step. */
export interface RawSentence {
  text: string;
  /** Where it came from: a table row's cells, or a line/sentence of prose. */
  cells?: string[];
}

/** What the structure step makes of the pieces: text to quote, and the lead-in that explains it. */
export interface UnitSentence {
  text: string;
  /** The lead-in (and table title) a reader sees above it, for matching only. */
  intro?: string;
  /** A lead-in whose items follow as separate units: context, not an answer by itself. */
  leadOnly?: boolean;
  /** A lead-in with its items, or a table row: quoted whole, never cut to clauses. */
  whole?: boolean;
  /** Of a lead-in kept whole with its items: the lead-in and each item, for matching item by item. */
  parts?: { lead: string; items: string[] };
}

/** Longest lead-in + items kept as one unit (an article of a few conditions or materials). */
export const MAX_UNIT_CHARS = 320;

// Numbered or bulleted items: （一） (1) 1． 1、 ① 一、 and Markdown bullets.
const ITEM = /^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[．.、)](?!\d)|[①-⑳]|[一二三四五六七八九十]{1,3}、|[-*+•·]\s)/u;
// A lead-in ends with a colon, or carries its first item after the colon on the same line.
const LEAD_END = /[：:]\s*$/u;
const LEAD_WITH_ITEM = /[：:]\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[．.、)](?!\d)|[①-⑳])/u;

/** True for a line that is a row of a plain-text table ("A | B | C"). */
export function tableCells(line: string): string[] | undefined {
  const t = line.trim();
  if (!t.includes('|') || /^\|?\s*:?-{3,}/.test(t)) return undefined;
  const cells = t.replace(/^\|\s*|\s*\|$/g, '').split(/\s*\|\s*/).map((c) => c.trim());
  return cells.length >= 2 && cells.some((c) => c !== '') ? cells : undefined;
}

/** Apply the structure step to one passage's pieces, in order. */
export function structureUnits(pieces: RawSentence[]): UnitSentence[] {
  const out: UnitSentence[] = [];
  let i = 0;
  let lastProse: string | undefined;
  while (i < pieces.length) {
    const p = pieces[i]!;
    if (p.cells) {
      // A table: its first row names the columns; the prose just above (lead-in, table title) explains it.
      const header = p.cells;
      const intro = [lastProse, header[0]].filter(Boolean).join(' ');
      i++;
      for (; i < pieces.length && pieces[i]!.cells; i++) out.push({ text: rowText(header, pieces[i]!.cells!), intro, whole: true });
      continue;
    }
    if (LEAD_END.test(p.text) || LEAD_WITH_ITEM.test(p.text)) {
      let j = i + 1;
      while (j < pieces.length && !pieces[j]!.cells && ITEM.test(pieces[j]!.text)) j++;
      const items = pieces.slice(i + 1, j).map((x) => x.text);
      // "…下列条件：（一）…；" carries the lead-in and the first item in one piece.
      const inline = LEAD_END.test(p.text) ? -1 : (LEAD_WITH_ITEM.exec(p.text)?.index ?? -1);
      const lead = inline >= 0 ? p.text.slice(0, inline + 1) : p.text;
      if (inline >= 0) items.unshift(p.text.slice(inline + 1).trim());
      const tableFollows = LEAD_END.test(p.text) && (pieces[j]?.cells !== undefined || pieces[j + 1]?.cells !== undefined);
      if (items.length > 0) {
        const whole = [lead, ...items].join('').replace(/[；;]\s*$/u, '。');
        if (whole.length <= MAX_UNIT_CHARS) out.push({ text: whole, whole: true, parts: { lead, items } });
        else {
          out.push({ text: lead, leadOnly: true });
          for (const it of items) out.push({ text: it, intro: lead });
        }
        lastProse = lead;
        i = j;
        continue;
      }
      if (tableFollows) {
        out.push({ text: p.text, leadOnly: true });
        lastProse = p.text;
        i++;
        // A table title line between the lead-in and the table joins the lead-in.
        if (!pieces[i]!.cells) {
          out.push({ text: pieces[i]!.text, leadOnly: true });
          lastProse = `${p.text} ${pieces[i]!.text}`;
          i++;
        }
        continue;
      }
    }
    out.push({ text: p.text });
    lastProse = p.text;
    i++;
  }
  return out;
}

const FIGURE_CELL = new RegExp(`\\d|[${CN_NUMERAL_CHARS}]+(?:元|亿|万|亩|%)|百分之`, 'u');

/** A table row written out with its column names: "一般工业企业，第一年：全额补贴；第二年：…". */
function rowText(header: string[], cells: string[]): string {
  const parts: string[] = [];
  for (let k = 1; k < cells.length; k++) {
    const c = cells[k]!;
    if (!c) continue;
    const h = header[k];
    parts.push(h ? `${h}：${c}` : c);
  }
  // A first cell that is a figure (20亿元至50亿元, 50万元以下) is a band, not a label: it says what it measures.
  const first = cells[0] && header[0] && FIGURE_CELL.test(cells[0]) ? `${header[0]}：${cells[0]}` : (cells[0] ?? '');
  const body = parts.join('；');
  return first && body ? `${first}，${body}。` : `${first}${body}。`;
}
