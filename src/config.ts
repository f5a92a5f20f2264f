/**
 * The one place that reads the environment. Every setting is declared here with what it is for;
 * `loadConfig()` parses once at start and fails with a list naming each bad variable.
 */
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isIP } from 'node:net';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';

const bool = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', ''])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const optionalUrl = optionalString.pipe(z.url().optional());
const csv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

/** Each key: the environment variable; `.describe()` says what it is for (used in error messages and .env.example). */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development').describe('runtime mode'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info').describe('log verbosity'),

    // --- files
    DATA_DIR: z.string().default('data').describe('where the index, SQLite database and backups live'),
    DATABASE_URL: optionalString
      .pipe(z.url().optional())
      .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL')
      .describe('PostgreSQL connection URL (postgres://user:password@host:5432/db): state shared by several instances instead of the SQLite file under DATA_DIR; empty: SQLite. See docs/postgres.md'),
    DATABASE_POOL_MAX: int(1, 200).default(10).describe('most PostgreSQL connections of each of this instance’s pools (queries; advisory locks), with DATABASE_URL'),
    KNOWLEDGE_DIR: z.string().default('knowledge').describe('source documents to ingest'),
    PROMPTS_DIR: z.string().default('prompts').describe('LLM prompt and reply templates'),

    // --- HTTP server
    HOST: z.string().default('127.0.0.1').describe('address the HTTP server binds'),
    PORT: int(0, 65535).default(3000).describe('HTTP port (web chat, console, API, Slack events)'),
    CONSOLE_TOKEN: optionalString.describe('staff console bootstrap token: until the first staff account exists it opens the console and lets you create the first supervisor; afterwards it opens nothing. Required when HOST is not loopback'),
    CONSOLE_SESSION_HOURS: int(1, 24 * 30).default(12).describe('how long a staff console login lasts (hours); sessions are kept in the database and end at logout'),
    PUBLIC_BASE_URL: optionalUrl.describe('public URL of this server, used in links sent to staff'),
    TRUSTED_PROXIES: csv.describe('comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For gives the client address for per-address limits (e.g. 127.0.0.1,10.0.0.0/8); empty: the socket address'),
    MAX_BODY_BYTES: int(1024, 10_000_000).default(65_536).describe('largest accepted HTTP request body'),
    ALLOWED_LINK_HOSTS: csv.describe('comma-separated hosts answers may link to, subdomains included (e.g. zixing.gov.cn); links to any other host are removed from answers and flagged at ingest; PUBLIC_BASE_URL\'s host is always allowed'),
    EMBED_ORIGINS: csv.describe('comma-separated origins allowed to embed the web chat in an <iframe> (e.g. https://www.zixing.gov.cn)'),
    WEB_LONG_POLL_S: int(1, 3600).default(25).describe('longest a web chat page\'s long poll is held open (new messages end it at once; a longer wait is cut to this); below a proxy\'s idle timeout'),

    // --- embeddings
    EMBEDDINGS_PROVIDER: z.enum(['local', 'openai']).default('local').describe('local hashing embedder or an OpenAI-compatible /v1/embeddings'),
    EMBEDDINGS_BASE_URL: optionalUrl.describe('OpenAI-compatible base URL for embeddings (e.g. http://localhost:11434/v1)'),
    EMBEDDINGS_API_KEY: optionalString.describe('API key for the embeddings endpoint'),
    EMBEDDINGS_MODEL: z.string().default('text-embedding-3-small').describe('embedding model name'),
    EMBEDDINGS_DIMENSIONS: int(0, 8192).optional().describe('requested embedding dimensions (provider permitting)'),
    EMBEDDINGS_TIMEOUT_MS: int(100, 600_000).default(20_000).describe('timeout per embeddings request'),
    LOCAL_EMBEDDING_DIM: int(64, 16384).default(256).describe('dimension of the local hashing embedder'),

    // --- chat model
    LLM_PROVIDER: z.enum(['none', 'openai']).default('none').describe('extractive answers only, or an OpenAI-compatible chat model'),
    LLM_BASE_URL: optionalUrl.describe('OpenAI-compatible base URL for chat (OpenAI, DeepSeek, Qwen, GLM, local)'),
    LLM_API_KEY: optionalString.describe('API key for the chat endpoint'),
    LLM_MODEL: z.string().default('gpt-4o-mini').describe('chat model name'),
    LLM_TIMEOUT_MS: int(100, 600_000).default(15_000).describe('timeout per chat request'),
    LLM_MAX_TOKENS: int(16, 32_000).default(800).describe('maximum tokens in a generated reply'),
    LLM_TEMPERATURE: z.coerce.number().min(0).max(2).default(0.1).describe('sampling temperature'),
    LLM_MAX_RETRIES: int(0, 5).default(1).describe('retries per chat request before falling back to extractive answers'),

    // --- ingestion and retrieval
    CHUNK_SIZE: int(100, 8000).default(360).describe('target chunk size in characters'),
    CHUNK_OVERLAP: int(0, 2000).default(60).describe('characters of overlap between neighbouring chunks'),
    RETRIEVAL_TOP_K: int(1, 50).default(8).describe('passages handed to the answer layer (the sentence ranker reads them all; replies show at most 5 sources)'),
    HNSW_M: int(4, 128).default(32).describe('HNSW graph degree'),
    HNSW_EF_CONSTRUCTION: int(10, 2000).default(200).describe('HNSW build-time candidate list'),
    HNSW_EF_SEARCH: int(10, 2000).default(400).describe('HNSW query-time candidate list (hnswlib default 10 loses recall)'),
    INGEST_WORKERS: int(0, 64).default(0).describe('worker threads (and HNSW shards) for large ingests; 0 = one per core, at most 4'),
    INGEST_PARALLEL_MIN_CHUNKS: int(1, 100_000_000).default(10_000).describe('corpus size (chunks) from which ingest builds the HNSW index in shards on worker threads'),

    // --- conversations and leads
    HISTORY_TURNS: int(0, 100).default(8).describe('earlier turns kept per conversation for follow-ups'),
    MAX_MESSAGE_CHARS: int(50, 100_000).default(2000).describe('longer inbound messages are cut with a notice'),
    LEAD_ESCALATE_MINUTES: z.coerce.number().min(0.1).max(10_000).default(10).describe('minutes before an unclaimed lead escalates'),
    MESSAGE_RETENTION_DAYS: int(1, 36_500).default(180).describe('message bodies older than this are removed by the retention job'),
    LEAD_RETENTION_DAYS: int(1, 36_500).default(730).describe('how long lead contact details are kept (told to investors)'),
    RATE_LIMIT_PER_USER_PER_MIN: int(1, 100_000).default(20).describe('messages per user per minute before a polite refusal'),
    RATE_LIMIT_GLOBAL_PER_SEC: int(1, 1_000_000).default(500).describe('messages per second across all users'),

    // --- Slack
    SLACK_BOT_TOKEN: optionalString.describe('Slack bot token (xoxb-…); with SLACK_SIGNING_SECRET switches Slack on'),
    SLACK_SIGNING_SECRET: optionalString.describe('Slack signing secret, verifies requests to /slack/events'),
    SLACK_APP_TOKEN: optionalString.describe('Slack app-level token (xapp-…); switches on Socket Mode'),
    SLACK_LEADS_CHANNEL: optionalString.describe('channel id where new lead cards are posted'),
    SLACK_ESCALATION_MENTION: z.string().default('<!here>').describe('mention used when an unclaimed lead escalates'),
    SLACK_API_URL: optionalUrl.describe('Slack Web API base URL (tests point it at a loopback fake)'),

    // --- WeChat
    WECHATY_PUPPET: optionalString.describe('Wechaty puppet package (e.g. wechaty-puppet-wechat4u); switches WeChat on'),
    WECHATY_PUPPET_TOKEN: optionalString.describe('token for puppets that need one'),
    WECHATY_NAME: z.string().default('zixing-assistant').describe('Wechaty session name (login memory file under DATA_DIR)'),
    WECHAT_GROUP_KEYWORDS: csv.describe('comma-separated keywords that make the bot answer in a group without an @'),
    WECHAT_ACCEPT_FRIENDS: bool.default(true).describe('accept friend requests automatically'),
    WECHAT_MIN_GAP_MS: int(0, 600_000).default(1500).describe('minimum gap between two messages sent on WeChat'),
    WECHAT_DAILY_CAP: int(1, 1_000_000).default(2000).describe('most messages the bot sends on WeChat per day'),
    WECHAT_MAX_PART_CHARS: int(100, 5000).default(1500).describe('longest single WeChat message; longer replies are split'),
    WECHAT_SEND_JITTER_MS: int(0, 600_000).default(1000).describe('random extra wait (0 to this) added to WECHAT_MIN_GAP_MS, so sends do not tick like a machine'),

    // --- WeChat Official Account (服务号), the official route
    WECHAT_MP_TOKEN: optionalString.describe('Official Account server Token (服务器配置 → Token); switches the Official Account channel on at /wechat/mp'),
    WECHAT_MP_APPID: optionalString.describe('Official Account AppID (needed with WECHAT_MP_TOKEN)'),
    WECHAT_MP_APPSECRET: optionalString.describe('Official Account AppSecret, for the access token (needed with WECHAT_MP_TOKEN)'),
    WECHAT_MP_AES_KEY: optionalString.describe('EncodingAESKey (43 characters) for compatible and safe mode; leave empty in plaintext mode'),
    WECHAT_MP_AES_KEY_PREVIOUS: optionalString.describe('the previous EncodingAESKey, still accepted while a key change settles'),
    WECHAT_MP_REPLY_DEADLINE_MS: int(200, 4800).default(4000).describe('how long a passive reply may take; later answers go out by the customer-service API (WeChat waits 5 s)'),
    WECHAT_API_URL: z.url().default('https://api.weixin.qq.com').describe('WeChat Official Account API base URL (tests point it at a loopback fake)'),

    // --- WeCom 微信客服 (WeChat Customer Service)
    WECOM_CORP_ID: optionalString.describe('WeCom CorpID (企业ID); with the other WECOM_KF_* settings switches 微信客服 on at /wechat/kf'),
    WECOM_KF_SECRET: optionalString.describe('Secret of the 微信客服 API (微信客服 → API → Secret)'),
    WECOM_KF_TOKEN: optionalString.describe('callback Token set for 微信客服 in the WeCom admin'),
    WECOM_KF_AES_KEY: optionalString.describe('callback EncodingAESKey (43 characters) set for 微信客服'),
    WECOM_KF_SERVICER: optionalString.describe('WeCom userid of the servicer a claimed 微信客服 session is transferred to; empty = staff reply through the bot'),
    WECOM_KF_OPEN_KFID: optionalString.describe('default customer-service account (open_kfid) for npm run wecom-kf:link'),
    WECOM_API_URL: z.url().default('https://qyapi.weixin.qq.com').describe('WeCom API base URL (tests point it at a loopback fake)'),
  })
  .superRefine((c, ctx) => {
    if (c.EMBEDDINGS_PROVIDER === 'openai' && !c.EMBEDDINGS_BASE_URL && !c.EMBEDDINGS_API_KEY) {
      ctx.addIssue({ code: 'custom', path: ['EMBEDDINGS_API_KEY'], message: 'EMBEDDINGS_PROVIDER=openai needs EMBEDDINGS_API_KEY or EMBEDDINGS_BASE_URL' });
    }
    if (c.LLM_PROVIDER === 'openai' && !c.LLM_BASE_URL && !c.LLM_API_KEY) {
      ctx.addIssue({ code: 'custom', path: ['LLM_API_KEY'], message: 'LLM_PROVIDER=openai needs LLM_API_KEY or LLM_BASE_URL' });
    }
    if (Boolean(c.SLACK_BOT_TOKEN) !== Boolean(c.SLACK_SIGNING_SECRET) && !c.SLACK_APP_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'Slack needs both SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET' });
    }
    if (c.SLACK_APP_TOKEN && !c.SLACK_BOT_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'Socket Mode (SLACK_APP_TOKEN) also needs SLACK_BOT_TOKEN' });
    }
    if (!isLoopback(c.HOST) && !c.CONSOLE_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['CONSOLE_TOKEN'], message: `HOST=${c.HOST} is not loopback: set CONSOLE_TOKEN so the staff console is protected` });
    }
    if (c.CONSOLE_TOKEN && c.CONSOLE_TOKEN.length < 16) {
      ctx.addIssue({ code: 'custom', path: ['CONSOLE_TOKEN'], message: 'CONSOLE_TOKEN must be at least 16 characters' });
    }
    if (c.WECHAT_MP_TOKEN && (!c.WECHAT_MP_APPID || !c.WECHAT_MP_APPSECRET)) {
      ctx.addIssue({ code: 'custom', path: [c.WECHAT_MP_APPID ? 'WECHAT_MP_APPSECRET' : 'WECHAT_MP_APPID'], message: 'the Official Account channel (WECHAT_MP_TOKEN) also needs WECHAT_MP_APPID and WECHAT_MP_APPSECRET' });
    }
    for (const key of ['WECHAT_MP_AES_KEY', 'WECHAT_MP_AES_KEY_PREVIOUS', 'WECOM_KF_AES_KEY'] as const) {
      const v = c[key];
      if (v && !/^[A-Za-z0-9]{43}$/.test(v)) ctx.addIssue({ code: 'custom', path: [key], message: `${key} must be the 43-character EncodingAESKey (letters and digits)` });
    }
    const wecom = [c.WECOM_CORP_ID, c.WECOM_KF_SECRET, c.WECOM_KF_TOKEN, c.WECOM_KF_AES_KEY];
    if (wecom.some(Boolean) && !wecom.every(Boolean)) {
      const missing = (['WECOM_CORP_ID', 'WECOM_KF_SECRET', 'WECOM_KF_TOKEN', 'WECOM_KF_AES_KEY'] as const).filter((k) => !c[k]);
      ctx.addIssue({ code: 'custom', path: [missing[0]!], message: `微信客服 needs WECOM_CORP_ID, WECOM_KF_SECRET, WECOM_KF_TOKEN and WECOM_KF_AES_KEY (missing: ${missing.join(', ')})` });
    }
    for (const p of c.TRUSTED_PROXIES) {
      const [addr = '', bits] = p.split('/');
      const family = isIP(addr);
      const max = family === 4 ? 32 : 128;
      if (!family || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= max))) {
        ctx.addIssue({ code: 'custom', path: ['TRUSTED_PROXIES'], message: `"${p}" is not an IP address or CIDR range` });
      }
    }
    if (c.CHUNK_OVERLAP >= c.CHUNK_SIZE) {
      ctx.addIssue({ code: 'custom', path: ['CHUNK_OVERLAP'], message: 'CHUNK_OVERLAP must be smaller than CHUNK_SIZE' });
    }
  });

export type Config = z.infer<typeof configSchema>;

/**
 * True for host names only this machine can reach: `localhost`, `::1` and IPv4 literals in 127.0.0.0/8.
 * A name such as `127.evil.example` is a DNS name anyone can point here (DNS rebinding), so it is not loopback.
 */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.split('.')[0] === '127';
}

/** A configuration problem: one line per bad variable, naming it and what it is for. */
export class ConfigError extends Error {
  readonly code = 'config_invalid';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parse the configuration from `env` (default: `process.env`, with `.env` filling gaps).
 * Throws `ConfigError` listing every bad or missing variable.
 */
export function loadConfig(env?: Record<string, string | undefined>, opts: { dotenvPath?: string | false } = {}): Config {
  let source: Record<string, string | undefined>;
  if (env) {
    source = env;
  } else {
    const dotenvPath = opts.dotenvPath === false ? undefined : resolve(opts.dotenvPath ?? '.env');
    const fromFile = dotenvPath && existsSync(dotenvPath) ? parseDotenv(readFileSync(dotenvPath)) : {};
    source = { ...fromFile, ...process.env };
  }
  // Only declared keys: the rest of the environment (PATH, secrets of other programs) is never looked at.
  const picked: Record<string, string | undefined> = {};
  for (const k of Object.keys(configShape())) if (source[k] !== undefined) picked[k] = source[k];
  const parsed = configSchema.safeParse(picked);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    const key = String(i.path[0] ?? '(config)');
    const what = describe(key);
    return `${key}: ${i.message}${what ? ` (${what})` : ''}`;
  });
  throw new ConfigError(problems);
}

/** What a variable is for, from its schema description. */
export function describe(key: string): string | undefined {
  return configShape()[key]?.description;
}

/** The schema's fields, for .env.example generation and error messages. */
export function configShape(): Record<string, z.ZodType> {
  return configSchema.shape;
}

/** A config for tests: defaults plus overrides, never reading process.env or .env. */
export function testConfig(overrides: Partial<Record<keyof Config, string>> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...overrides });
}
