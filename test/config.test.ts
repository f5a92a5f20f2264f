import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, testConfig } from '../src/config.js';

describe('config', () => {
  it('has working defaults with no environment at all', () => {
    const c = testConfig();
    expect(c.PORT).toBe(3000);
    expect(c.HOST).toBe('127.0.0.1');
    expect(c.EMBEDDINGS_PROVIDER).toBe('local');
    expect(c.LLM_PROVIDER).toBe('none');
  });

  it('names every bad variable and says what it is for', () => {
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as Error).message;
      expect(msg).toMatch(/PORT: .*HTTP port/);
      expect(msg).toMatch(/LOG_LEVEL/);
    }
  });

  it('refuses a public host without a console token', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/CONSOLE_TOKEN/);
    expect(loadConfig({ HOST: '0.0.0.0', CONSOLE_TOKEN: 'a-long-enough-token-123' }).HOST).toBe('0.0.0.0');
  });

  it('needs both Slack secrets, and a key or URL for an LLM', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => loadConfig({ LLM_PROVIDER: 'openai' })).toThrow(/LLM_API_KEY/);
    expect(loadConfig({ LLM_PROVIDER: 'openai', LLM_BASE_URL: 'http://127.0.0.1:9/v1' }).LLM_BASE_URL).toBe('http://127.0.0.1:9/v1');
  });

  it('parses booleans and lists', () => {
    const c = loadConfig({ WECHAT_ACCEPT_FRIENDS: 'false', WECHAT_GROUP_KEYWORDS: '招商, 资兴 ,' });
    expect(c.WECHAT_ACCEPT_FRIENDS).toBe(false);
    expect(c.WECHAT_GROUP_KEYWORDS).toEqual(['招商', '资兴']);
  });
});

describe('.env.example', () => {
  it('documents every setting the schema knows', async () => {
    const { readFileSync } = await import('node:fs');
    const { configShape } = await import('../src/config.js');
    const text = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    for (const key of Object.keys(configShape())) expect(text).toContain(`# ${key}=`);
  });
});
