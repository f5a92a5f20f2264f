/**
 * Rule-based classification before retrieval: small talk, off-topic requests and attempts to
 * change the rules or read the instructions are answered without touching the knowledge base.
 * Lead capture and hand-off are detected by the dialog before it calls the question service.
 */
import type { SmalltalkKind } from './replies.js';

/** What the question service does with a message. */
export type QuestionIntent =
  | { kind: 'question'; text: string }
  | { kind: 'smalltalk'; smalltalk: SmalltalkKind }
  | { kind: 'out_of_scope'; reason: 'off_topic' | 'injection' };

const INJECTION = [
  /(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instructions?|rules?|prompts?|guidelines|directions|context)/i,
  /(reveal|show|print|repeat|output|tell me|what (?:is|are)|display|leak|give me)\b.{0,30}\b(system|hidden|initial|original|your)\s*(prompt|instructions?|rules|message)/i,
  /\bsystem prompt\b|\bdeveloper mode\b|\bjailbreak\b|\bDAN\b|\bprompt injection\b/i,
  /\byou are now\b|\bfrom now on,? you\b|\bact as (?:a|an|my)\b|\bpretend (?:to be|you)\b|\broleplay as\b|\bnew (?:rules|instructions)\b/i,
  /(忽略|无视|忘记|忘掉|跳过|绕过|不要理会|不用管|覆盖).{0,12}(指令|指示|规则|提示|设定|要求|限制|约束|命令)/,
  /系统提示|提示词|系统指令|系统消息|初始指令|原始指令|内部指令|你的(?:指令|规则|设定|提示)/,
  /(你现在是|从现在起你是|从现在开始你是|现在开始你是|你扮演|扮演一个|假装你是|假设你是|你不再是)/,
  /越狱|开发者模式|不受限制|解除限制/,
];

// Clearly unrelated requests. Weather and markets only when nothing investment-related is asked.
const OFF_TOPIC_HARD = [
  /(?:写|作|编|创作).{0,10}(?:诗|歌词|小说|作文|对联|剧本)|讲.{0,4}故事|作诗|诗歌|对联|\bpoems?\b|\bhaiku\b|\bsonnet\b|\blyrics\b/i,
  // "代码" alone also means a registration code (统一社会信用代码): only writing or debugging code is off-topic.
  /(?:写|编写|生成|调试|修改|解释)(?:一段|个|一个|下)?(?:代码|程序|脚本)|编程|\bpython\b|\bjavascript\b|\bjava\b|\bsql\b|\bwrite (?:a |some )?(?:code|program|script|function)\b/i,
  /作业|习题|解方程|数学题|考试答案|\bhomework\b|\bessay\b|\bsolve (?:this|the) equation\b/i,
  /笑话|段子|讲个故事|脑筋急转弯|\bjokes?\b|\briddle\b/i,
  /政治|选举|总统|国家领导人|政党|台独|\bpolitics?\b|\belections?\b|\bpresident\b/i,
  /算命|星座|运势|塔罗|彩票|\bhoroscope\b|\blottery\b/i,
  /菜谱|食谱|怎么做菜|\brecipe\b|电影推荐|推荐.{0,4}(?:电影|电视剧|小说|游戏)|\bmovies?\b/i,
  /翻译(?:一下|成|为)|\btranslate\b/i,
];
const OFF_TOPIC_SOFT = [
  /天气|气温|下雨|下雪|台风|温度|\bweather\b|\bforecast\b|\btemperature\b|\brain\b/i,
  /股票|股市|炒股|大盘|涨停|牛市|熊市|比特币|加密货币|币圈|\bstocks?\b|\bshares? price\b|\bcrypto\b|\bbitcoin\b/i,
];
const INVESTMENT = /投资|招商|政策|产业|园区|项目|企业|落户|建厂|用地|厂房|补贴|奖励|营商|经开区|数据中心|算力|\binvest|\bpolic|\bindustr|\bzone\b|\bproject|\bincentive|\bfactory\b|\bbusiness\b/i;

const PUNCT = /[\s\p{P}\p{S}~～]+/gu;

const SMALLTALK: [import('./replies.js').SmalltalkKind, RegExp][] = [
  ['greeting', /^(?:你好|您好|你们好|大家好|嗨|哈喽|哈啰|喂|在吗|在不在|有人吗|早上好|上午好|中午好|下午好|晚上好|早安|晚安|hi|hello|hey|hiya|good (?:morning|afternoon|evening)|greetings)(?:呀|啊|哦|呢|吖)?(?![a-z])/i],
  ['thanks', /^(?:谢谢|多谢|感谢|谢了|谢啦|辛苦了|thanks|thank you|thx|ty|cheers)(?:你|您|啦|了|哈)?(?:的(?:帮助|回答|解答))?(?![a-z])/i],
  ['bye', /^(?:再见|拜拜|回头见|下次见|bye|goodbye|see you)(?:啦|了)?(?![a-z])/i],
  ['identity', /^(?:你是谁|您是谁|你是什么|你叫什么|你能做什么|你能干什么|你会什么|你会做什么|你可以做什么|你可以干什么|你有什么功能|你能帮我(?:做)?什么|怎么用|who are you|what are you|what can you do|how can you help|help)(?![a-z])/i],
];

/** True when text tries to change the rules or extract instructions (user messages and passages alike). */
export function looksLikeInjection(text: string): boolean {
  const t = text.normalize('NFKC');
  return INJECTION.some((re) => re.test(t));
}

/** Classify one user message (zh or en). Everything not caught by a rule is a `question`. */
export function classifyIntent(text: string): QuestionIntent {
  const t = text.normalize('NFKC').trim();
  if (looksLikeInjection(t)) return { kind: 'out_of_scope', reason: 'injection' };
  if (OFF_TOPIC_HARD.some((re) => re.test(t))) return { kind: 'out_of_scope', reason: 'off_topic' };
  if (OFF_TOPIC_SOFT.some((re) => re.test(t)) && !INVESTMENT.test(t)) return { kind: 'out_of_scope', reason: 'off_topic' };

  // Small talk only when nothing is left after the pleasantry: "你好，资兴有哪些优势产业？" is a question.
  let rest = t;
  let found: import('./replies.js').SmalltalkKind | undefined;
  for (let guard = 0; guard < 4; guard++) {
    const stripped = rest.replace(/^[\s\p{P}\p{S}]+/u, '');
    const hit = SMALLTALK.find(([, re]) => re.test(stripped));
    if (!hit) {
      rest = stripped;
      break;
    }
    found ??= hit[0];
    if (hit[0] === 'identity') found = 'identity';
    rest = stripped.replace(hit[1], '');
  }
  if (found && rest.replace(PUNCT, '').replace(/^(?:there|assistant|bot|verymuch|somuch|alot|again|小助手|助手|机器人|非常|很多)$/i, '').length === 0) return { kind: 'smalltalk', smalltalk: found };
  // A leading greeting or thanks is dropped from the question; anything else is kept whole.
  return { kind: 'question', text: found && found !== 'identity' ? rest.replace(/^[\s\p{P}]+/u, '') : t };
}
