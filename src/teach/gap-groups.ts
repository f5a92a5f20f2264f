/**
 * Grouping knowledge gaps: questions that ask the same thing in other words become one group, so a
 * staff member answers it once and sees how often it was asked. Similarity is the mean of two
 * cosines — the local retrieval embedder's (hashed jieba words and character n-grams, IDF learned
 * over the questions being grouped) and the understanding layer's message features (character
 * 1–3-grams with boundaries, words, shape) — and a question joins the group whose centroid is
 * nearest when that reaches the threshold. The threshold is set by `npm run tune-gaps`
 * (tools/tune-gap-grouping.ts) on the paraphrase groups of training/validation.jsonl, not on any
 * test fixture.
 */
import { fitLocalHash, hashFeatures, LocalHashEmbedder } from '../retrieval/local-hash-embedder.js';
import { vectorize } from '../understanding/logreg.js';
import { messageFeatures } from '../understanding/message-features.js';

/** Similarity at which a question joins a group: tools/tune-gap-grouping.ts on training/validation.jsonl (pairwise precision 0.55, recall 0.33: the F0.5 optimum — merging two different questions costs staff more than seeing one twice). */
export const GAP_GROUP_THRESHOLD = 0.4;

const EMBED_DIM = 1024;
const FEATURE_DIM = 1 << 16;

/** Unit dense vectors of both kinds for each text. */
function vectors(texts: string[]): { embed: number[]; feat: Map<number, number> }[] {
  const features = texts.map((t) => hashFeatures(t));
  const embedder = new LocalHashEmbedder(EMBED_DIM, fitLocalHash(features));
  return texts.map((t, i) => ({ embed: embedder.embedFeatures(features[i]!), feat: unitSparse(vectorize(messageFeatures(t), FEATURE_DIM)) }));
}

function unitSparse(v: Map<number, number>): Map<number, number> {
  let n = 0;
  for (const x of v.values()) n += x * x;
  n = Math.sqrt(n) || 1;
  return new Map([...v].map(([k, x]) => [k, x / n]));
}

/** A group's running centroid (sums; cosines divide by their norms). */
interface Centroid {
  embed: number[];
  feat: Map<number, number>;
  members: number[];
}

function cosDense(a: number[], b: number[]): number {
  let d = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? d / Math.sqrt(na * nb) : 0;
}

function cosSparse(a: Map<number, number>, b: Map<number, number>): number {
  let d = 0;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const [k, x] of small) d += x * (large.get(k) ?? 0);
  let na = 0;
  let nb = 0;
  for (const x of a.values()) na += x * x;
  for (const x of b.values()) nb += x * x;
  return na && nb ? d / Math.sqrt(na * nb) : 0;
}

/** Cluster texts: for each, in order, the nearest group's centroid if similar enough, else a new group. Returns member indexes per group. */
export function clusterTexts(texts: string[], threshold: number = GAP_GROUP_THRESHOLD): number[][] {
  const vs = vectors(texts);
  const groups: Centroid[] = [];
  vs.forEach((v, i) => {
    let best: Centroid | undefined;
    let bestSim = -1;
    for (const g of groups) {
      const sim = (cosDense(v.embed, g.embed) + cosSparse(v.feat, g.feat)) / 2;
      if (sim > bestSim) {
        bestSim = sim;
        best = g;
      }
    }
    if (best && bestSim >= threshold) {
      for (let k = 0; k < v.embed.length; k++) best.embed[k]! += v.embed[k]!;
      for (const [k, x] of v.feat) best.feat.set(k, (best.feat.get(k) ?? 0) + x);
      best.members.push(i);
    } else groups.push({ embed: [...v.embed], feat: new Map(v.feat), members: [i] });
  });
  // One greedy pass depends on the order questions came in; groups whose centroids are as similar
  // as a member must be are then merged, until none are.
  for (let merged = true; merged; ) {
    merged = false;
    for (let a = 0; a < groups.length && !merged; a++) {
      for (let b = a + 1; b < groups.length && !merged; b++) {
        const ga = groups[a]!;
        const gb = groups[b]!;
        if ((cosDense(ga.embed, gb.embed) + cosSparse(ga.feat, gb.feat)) / 2 < threshold) continue;
        for (let k = 0; k < ga.embed.length; k++) ga.embed[k]! += gb.embed[k]!;
        for (const [k, x] of gb.feat) ga.feat.set(k, (ga.feat.get(k) ?? 0) + x);
        ga.members.push(...gb.members);
        groups.splice(b, 1);
        merged = true;
      }
    }
  }
  return groups.map((g) => g.members.sort((x, y) => x - y));
}
