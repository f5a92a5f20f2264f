/**
 * The web chat's and console's files (plain HTML, CSS and JS; no build step), read once at start
 * from src/channels/web/static so a request can never name a path outside that list.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

/** A served file. */
export interface StaticFile {
  /** A plain (non-pooled) byte array that a Response takes as is: no conversion per request. */
  body: Uint8Array<ArrayBuffer>;
  type: string;
}

/** The default folder of the web assets. */
export const STATIC_DIR = fileURLToPath(new URL('../channels/web/static/', import.meta.url));

/** Load every file of `dir` (one level) into memory, keyed by file name. */
export function loadStaticFiles(dir: string = STATIC_DIR): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    files.set(name, { body: new Uint8Array(readFileSync(join(dir, name))), type });
  }
  return files;
}
