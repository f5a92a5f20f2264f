/** The app manifest asks for what the code uses: the assistant surface, and no unused scopes. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const manifest = JSON.parse(readFileSync('manifest.json', 'utf8')) as {
  features: { assistant_view?: { assistant_description?: string } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] } };
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [readFileSync(p, 'utf8')] : [];
  });
}

describe('manifest.json', () => {
  it('has the assistant view, assistant:write and the assistant events', () => {
    expect(manifest.features.assistant_view?.assistant_description).toBeTruthy();
    expect(manifest.oauth_config.scopes.bot).toContain('assistant:write');
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['assistant_thread_started', 'assistant_thread_context_changed', 'message.im']));
  });

  it('subscribes to group DMs with the scope they need', () => {
    expect(manifest.settings.event_subscriptions.bot_events).toContain('message.mpim');
    expect(manifest.oauth_config.scopes.bot).toContain('mpim:history');
  });

  it('asks for im:read / im:write only when the code calls a method that needs them', () => {
    const code = sources('src/channels/slack').join('\n');
    // conversations.open needs im:write; conversations.info/list on DMs need im:read.
    const needsImWrite = /conversations\.open/.test(code);
    const needsImRead = /conversations\.(?:info|list|members)/.test(code);
    expect(manifest.oauth_config.scopes.bot.includes('im:write')).toBe(needsImWrite);
    expect(manifest.oauth_config.scopes.bot.includes('im:read')).toBe(needsImRead);
  });
});
