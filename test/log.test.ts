import { describe, expect, it } from 'vitest';
import { createLogger, maskText } from '../src/core/log.js';

describe('logger masking', () => {
  it('masks phones in text and personal ids and secrets by key', () => {
    const lines: string[] = [];
    const log = createLogger('debug', { userId: 'wxid_abcdef123' }, (l) => lines.push(l));
    log.info('lead from 13800138000', { conversationId: 'dm:wxid_abcdef123', phone: '13800138000', token: 'xoxb-123456789', chunks: 226 });
    const line = lines[0]!;
    for (const secret of ['13800138000', 'wxid_abcdef123', 'xoxb-123456789']) expect(line).not.toContain(secret);
    expect(JSON.parse(line).chunks).toBe(226);
    expect(maskText('call 13800138000')).toBe('call [电话]');
  });

  it('drops everything below its level', () => {
    const lines: string[] = [];
    createLogger('warn', {}, (l) => lines.push(l)).info('hidden');
    expect(lines).toEqual([]);
  });
});
