/**
 * English word forms that should meet: British and American spellings (licence/license,
 * centre/center, labour/labor, organise/organize, programme/program, travelled/traveled), and
 * the inflections of a dictionary gloss (leasing, leased → lease). CC-CEDICT glosses are mostly
 * American while investors write either, and glosses are base forms while questions inflect.
 * Spelling is folded in the tokeniser, so documents, glosses and questions all meet in one form;
 * inflections are only tried against the word bridge's known wordings (`baseForms`), since
 * stripping -ing from every Latin token would mangle names and pinyin (Beijing, Nanjing).
 */

// Words in -our that are not British -or spellings (hour, tour, tourism, your, devour…).
const OUR_KEEP = /^(?:fl|sc|dev|cont|det|vel|am|param|troubad)our$/;
const OUR = /^([a-z]{2,}?)our(s|ed|ing|er|ers|able|ably|ite|ites|ful|fully|al|ally|less|ism|ist|ists|y)?$/;

// Words in -ise that are not -ize verbs (advertise, enterprise, exercise, promise…), matched as endings.
const ISE_KEEP = (
  'advertise advise arise chastise comprise compromise demise despise devise disguise enterprise excise exercise ' +
  'expertise franchise improvise incise merchandise premise promise revise supervise surmise surprise televise ' +
  'treatise wise raise praise noise poise cruise bruise rise paradise reprise circumcise apprise prise ' +
  'mortise porpoise tortoise turquoise valise guise precise concise practise liaise louise denise elise'
).split(' ');
const ISE = /^([a-z]{3,})(?:is|ys)(e|ed|es|ing|er|ers|ation|ations|ational)$/;

// -ence spellings of -ense nouns (licence, defence, offence, pretence) and their forms.
const ENCE = /^(licen|defen|offen|preten)c(e|ed|es|ing|eless)$/;

// Doubled l before a suffix: British doubles it after any vowel, American only under stress.
const LL = /^([a-z]*[aeiou][a-z]*?(?:e|a))ll(ed|ing|er|ers|or|ors|ery)$/;
// Words whose double l is the word itself (foretell, recall, install)…
const LL_WORD = /^(?:fore|re|out|up|over|under|mis|be|in|down|pre|fare)?(?:tell|sell|spell|smell|swell|dwell|yell|fell|quell|shell|well|knell|call|fall|stall|hall|wall|ball|mall|pall|squall|thrall|install)$/;
// …and stressed endings that American doubles too (compelled, rebelled).
const LL_STRESSED = /(?:compel|dispel|excel|expel|impel|propel|repel|rebel)$/;

// Single words British and American spell differently that no rule above covers.
const IRREGULAR: Record<string, string> = {
  aluminium: 'aluminum',
  tyre: 'tire',
  storey: 'story',
  cheque: 'check',
  practise: 'practice',
  practised: 'practiced',
  practising: 'practicing',
  enquiry: 'inquiry',
  enquire: 'inquire',
  judgement: 'judgment',
  ageing: 'aging',
  mould: 'mold',
  catalogue: 'catalog',
  analogue: 'analog',
  fibre: 'fiber',
  calibre: 'caliber',
  grey: 'gray',
  enrolment: 'enrollment',
  fulfil: 'fulfill',
  skilful: 'skillful',
};

/** The American spelling of a lower-case English word (licence → license), or the word itself. */
export function americanSpelling(word: string): string {
  const irregular = IRREGULAR[word];
  if (irregular) return irregular;
  if (word.length <= 4 || !/^[a-z]+$/.test(word)) return word;
  let m = ENCE.exec(word);
  if (m) return `${m[1]}s${m[2]}`;
  if (word.endsWith('gramme') || word.endsWith('grammes')) return word.replace(/gramme(s?)$/, 'gram$1');
  // centre, metre, theatre, kilometre (centred → centered); not genre, acre, cadre.
  m = /^([a-z]{2,})tre(d?)$/.exec(word);
  if (m) return `${m[1]}ter${m[2] ? 'ed' : ''}`;
  m = OUR.exec(word);
  if (m && !OUR_KEEP.test(`${m[1]}our`)) return `${m[1]}or${m[2] ?? ''}`;
  m = ISE.exec(word);
  if (m) {
    const isYse = word.slice(m[1]!.length, m[1]!.length + 2) === 'ys';
    const base = `${m[1]}${isYse ? 'ys' : 'is'}e`;
    if (!ISE_KEEP.some((k) => base.endsWith(k))) return `${m[1]}${isYse ? 'yz' : 'iz'}${m[2]}`;
  }
  m = LL.exec(word);
  if (m && !LL_WORD.test(`${m[1]}ll`) && !LL_STRESSED.test(`${m[1]}l`)) return `${m[1]}l${m[2]}`;
  return word;
}

/**
 * Base forms an inflected or derived English word may have, most likely first, without the word
 * itself: leasing → lease, leas; leased → lease, leas; planned → plan; applied → apply; rental → rent.
 * Callers keep only the forms they know (the bridge's wordings), so wrong guesses cost nothing.
 */
export function baseForms(word: string): string[] {
  const out: string[] = [];
  const add = (s: string) => {
    if (s.length >= 3 && s !== word && !out.includes(s)) out.push(s);
  };
  const strip = (stem: string) => {
    add(`${stem}e`);
    add(stem);
    // planned → plan, shipping → ship: a doubled final consonant.
    if (/([b-df-hj-np-tv-z])\1$/.test(stem)) add(stem.slice(0, -1));
  };
  let m: RegExpExecArray | null;
  if ((m = /^([a-z]{2,})ied$/.exec(word))) add(`${m[1]}y`);
  if ((m = /^([a-z]{2,})(?:ing|ed)$/.exec(word))) strip(m[1]!);
  // rental → rent, approval → approve, arrival → arrive.
  if ((m = /^([a-z]{3,})al$/.exec(word))) strip(m[1]!);
  return out;
}
