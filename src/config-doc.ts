/** Renders the config schema as a commented .env file (the operator's reference). */
import { configSchema, configShape } from './config.js';

/** One commented line per setting with its default, grouped as declared. */
export function renderEnvExample(): string {
  const defaults = configSchema.parse({ NODE_ENV: 'development' }) as Record<string, unknown>;
  const lines = [
    '# 资兴招商助手 settings. Copy to .env and uncomment what you change.',
    '# Everything works without any of them: local embeddings, extractive answers, SQLite, web chat on 127.0.0.1:3000.',
    '',
  ];
  for (const [key, schema] of Object.entries(configShape())) {
    const value = defaults[key];
    const shown = value === undefined ? '' : Array.isArray(value) ? value.join(',') : String(value);
    lines.push(`# ${schema.description ?? key}`);
    lines.push(`# ${key}=${shown}`);
  }
  return lines.join('\n') + '\n';
}
