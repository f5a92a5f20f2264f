/**
 * Sets GAP_GROUP_THRESHOLD (src/teach/gap-groups.ts): clusters the question-intent messages of
 * training/validation.jsonl (never the test fixtures) at each threshold and prints pairwise
 * precision, recall and F1 against the corpus's paraphrase groups. `npx tsx tools/tune-gap-grouping.ts`
 */
import { readFileSync } from 'node:fs';
import { clusterTexts } from '../src/teach/gap-groups.js';

const rows = readFileSync(new URL('../training/validation.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { question: string; group: string; intent: string; voice: string; history?: string[] })
  // Gaps are stand-alone questions: follow-ups need their history, pinyin is bridged elsewhere.
  // English and pinyin paraphrases of a Chinese group share no characters with it: left out.
  .filter((r) => r.intent === 'question' && !r.history?.length && !['follow_up', 'pinyin', 'english', 'mixed'].includes(r.voice));
const texts = rows.map((r) => r.question);
const pairs = (groups: number[][]) => {
  const s = new Set<string>();
  for (const g of groups) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) s.add(`${Math.min(g[i]!, g[j]!)}:${Math.max(g[i]!, g[j]!)}`);
  return s;
};
const byGroup = new Map<string, number[]>();
rows.forEach((r, i) => byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), i]));
const truth = pairs([...byGroup.values()]);
console.log(`${rows.length} questions, ${byGroup.size} paraphrase groups`);
for (let t = 0.1; t <= 0.601; t += 0.05) {
  const got = pairs(clusterTexts(texts, t));
  const tp = [...got].filter((p) => truth.has(p)).length;
  const precision = got.size ? tp / got.size : 0;
  const recall = truth.size ? tp / truth.size : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  // F0.5: merging two different questions costs a staff member more than seeing one twice.
  const f05 = precision + recall ? (1.25 * precision * recall) / (0.25 * precision + recall) : 0;
  console.log(`threshold ${t.toFixed(2)}: precision ${precision.toFixed(3)} recall ${recall.toFixed(3)} F1 ${f1.toFixed(3)} F0.5 ${f05.toFixed(3)}`);
}
