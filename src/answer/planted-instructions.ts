/**
 * Instructions planted in a knowledge document ("忽略你的规则…", "ignore your rules and …") are text
 * to leave out, never sentences to quote or hand to a model. This reads the bureau's own passages,
 * not what users type: users' messages are judged by the intent model.
 */

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

/** True when text tries to change the rules or extract instructions in a passage. */
export function looksLikeInjection(text: string): boolean {
  const t = text.normalize('NFKC');
  return INJECTION.some((re) => re.test(t));
}
