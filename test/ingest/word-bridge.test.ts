/**
 * The CC-CEDICT word bridge: short glosses become English wordings of the documents' Chinese
 * words, only words the documents contain are kept, and after ingest an English question reaches
 * a Chinese-only document and credits its sentence.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/log.js';
import { buildWordBridge, cedictGlosser, glossWordings, wordBridge } from '../../src/ingest/word-bridge.js';
import { createLogger } from '../../src/core/log.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { openKnowledgeBase } from '../../src/retrieval/index.js';
import { analyzeQuestion } from '../../src/answer/question-analysis.js';
import { useBridge } from '../../src/text/bridge.js';
import { tokenize } from '../../src/text/index.js';

describe('gloss wordings', () => {
  it('splits glosses, drops notes in brackets, leading "to", classifiers and explanations', () => {
    expect(glossWordings('to subsidize; subsidy (CL:笔[bi3])')).toEqual([tokenize('subsidize'), tokenize('subsidy')]);
    expect(glossWordings('see 补助[bu3 zhu4]')).toEqual([]);
    expect(glossWordings('apartment building; block of flats (may be a public housing block or a condominium etc)').map((w) => w.join(' '))).toEqual(['apartment building', 'block flat']);
    expect(glossWordings('a long explanation of what the word means in the law')).toEqual([]);
  });

  it("drops the dictionary's stand-ins for an object (sth, sb): 申请 is \"to apply for sth\"", () => {
    expect(glossWordings('to apply for sth; application form (CL:份[fen4])').map((w) => w.join(' '))).toEqual([tokenize('apply').join(' '), tokenize('application form').join(' ')]);
    expect(glossWordings('to help sb')).toEqual([tokenize('help')]);
  });
});

describe('buildWordBridge', () => {
  const gloss = (w: string): string[] => ({ 补贴: ['subsidy', 'allowance'], 补助: ['subsidy'], 资助: ['to subsidize; subsidy'], 津贴: ['subsidy'], 奖金: ['subsidy'], 租金: ['rent'], 宿舍: ['dormitory'] })[w] ?? [];
  it('keeps only words the documents contain, the most frequent first, at most four per wording', () => {
    const texts = ['企业补贴，补助，资助，奖金', '补贴，资助，补助', '补贴，资助', '租金，津贴，补贴'];
    const pairs = buildWordBridge(texts, gloss);
    const subsidy = pairs.filter((p) => p.en.join(' ') === 'subsidy').map((p) => p.zh);
    expect(subsidy).toEqual(['补贴', '资助', '补助', subsidy[3]]);
    expect(['奖金', '津贴']).toContain(subsidy[3]);
    expect(pairs.some((p) => p.zh === '宿舍')).toBe(false);
    expect(pairs.filter((p) => p.en.join(' ') === 'rent').map((p) => p.zh)).toEqual(['租金']);
    expect(buildWordBridge([...texts].reverse(), gloss)).toEqual(pairs);
  });
});

describe('wordBridge at ingest', () => {
  it('without a readable dictionary gives no pairs and a warning instead of failing the ingest', () => {
    const lines: string[] = [];
    const log = createLogger('warn', {}, (l) => void lines.push(l));
    const pairs = wordBridge(['补贴'], log, () => {
      throw new Error('ENOENT: all.js');
    });
    expect(pairs).toEqual([]);
    expect(lines.join('\n')).toMatch(/word bridge skipped/);
  });
});

describe('CC-CEDICT as shipped by the cc-cedict package', () => {
  it('glosses policy words', () => {
    const gloss = cedictGlosser();
    expect(gloss('补贴').join(' ')).toMatch(/subsidy/);
    expect(gloss('年度').join(' ')).toMatch(/annual/);
    expect(gloss('不是一个词的东西')).toEqual([]);
  });
});

describe('an English question over a Chinese-only document', () => {
  const root = mkdtempSync(join(tmpdir(), 'zx-bridge-'));
  afterAll(() => {
    useBridge([]);
    rmSync(root, { recursive: true, force: true });
  });

  it('retrieves the document and credits its sentence through the bridge', async () => {
    mkdirSync(join(root, 'knowledge', 'policy'), { recursive: true });
    writeFileSync(
      join(root, 'knowledge', 'policy', 'rent.md'),
      '# 测试厂房租金补贴办法\n\n第一条 新入驻的工业企业租用标准厂房的，第一年给予全额租金补贴。\n\n第二条 年度补贴总额最高不超过三十万元。\n',
    );
    writeFileSync(join(root, 'knowledge', 'policy', 'tea.md'), '# 茶叶种植\n\n资兴东江湖一带种植茶叶历史悠久，山地茶园多。\n');
    const config = testConfig({ KNOWLEDGE_DIR: join(root, 'knowledge'), DATA_DIR: join(root, 'data'), LOCAL_EMBEDDING_DIM: '256' });
    await runIngest(config, { logger: silentLogger });
    const kb = await openKnowledgeBase(config, { logger: silentLogger });
    const r = await kb.retrieve('Is there a rent subsidy for factories?', { k: 2 });
    expect(r.passages[0]?.path).toMatch(/rent\.md$/);
    const subsidy = analyzeQuestion('Is there a rent subsidy for factories?', 'en').terms.find((t) => t.text === 'subsidy');
    expect(subsidy?.alternatives ?? []).toContain('补贴');
  });
});

describe('British spellings, phrases and inflections over a Chinese-only document', () => {
  const root = mkdtempSync(join(tmpdir(), 'zx-bridge-forms-'));
  afterAll(() => {
    useBridge([]);
    rmSync(root, { recursive: true, force: true });
  });

  it('reaches CC-CEDICT glosses from British spellings, multi-word glosses and -ing forms', async () => {
    mkdirSync(join(root, 'knowledge', 'policy'), { recursive: true });
    writeFileSync(
      join(root, 'knowledge', 'policy', 'labour.md'),
      '# 测试劳动力与融资服务\n\n第一条 本地劳动力充足，职业技能培训由就业服务中心组织。\n\n第二条 厂房租赁期满的，贷款利率按有关规定执行。\n',
    );
    writeFileSync(join(root, 'knowledge', 'policy', 'tea.md'), '# 茶叶种植\n\n资兴东江湖一带种植茶叶历史悠久，山地茶园多。\n');
    const config = testConfig({ KNOWLEDGE_DIR: join(root, 'knowledge'), DATA_DIR: join(root, 'data'), LOCAL_EMBEDDING_DIM: '256' });
    await runIngest(config, { logger: silentLogger });
    const kb = await openKnowledgeBase(config, { logger: silentLogger });
    const r = await kb.retrieve('Is the local labour force large, and is there a training centre?', { k: 2 });
    expect(r.passages[0]?.path).toMatch(/labour\.md$/);
    const alts = (q: string, word: string) => analyzeQuestion(q, 'en').terms.find((t) => t.text === word)?.alternatives ?? [];
    expect(alts('Is the local labour force large?', 'labor')).toContain('劳动力');
    expect(alts('Is there a training centre?', 'center')).toContain('中心');
    expect(alts('What is the interest rate on the loan?', 'rate')).toContain('利率');
    expect(alts('Are you leasing factory buildings?', 'leasing')).toContain('租赁');
  });
});
