/**
 * Argument parsing for the scripts: `node:util` `parseArgs` in strict mode, so a mistyped flag
 * (`--passage` for `--passages`) stops the script with its usage instead of being ignored.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * `parseArgs(config)` in strict mode (`args` default: this process's arguments). An unknown flag or
 * a missing value prints the error and `usage` and exits with 2; a `help` option, when given, prints
 * `usage` and exits with 0.
 */
export function parseCli<T extends ParseArgsConfig>(usage: string, config: T): ReturnType<typeof parseArgs<T>> {
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    parsed = parseArgs<T>({ ...config, strict: true });
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    process.exit(2);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  return parsed;
}

/** The `help` option every script accepts. */
export const HELP = { help: { type: 'boolean', short: 'h' } } as const;
