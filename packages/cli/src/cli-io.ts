/**
 * What every `seclog` command shares: where it writes, the usage exit code, the version, and how a user-supplied
 * string may be echoed. Kept apart from `run-cli.ts` so that commands and the dispatcher do not import each other.
 */
import { readFileSync } from 'node:fs';

/** Where the CLI writes: the process streams in `bin.ts`, string sinks in tests. */
export interface CliIo {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
  /** Whether stderr is an interactive terminal (progress is shown only then). */
  readonly stderrIsTTY: boolean;
}

/** Exit code for usage and I/O errors (docs/spec/verification.md, "Verdict and exit code"). */
export const EXIT_USAGE = 3;

/** Version printed by `--version` and written into reports (from this package's package.json). */
export const CLI_VERSION: string = readOwnVersion();

function readOwnVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Makes a user-supplied string safe to echo in one line (no control characters, bounded length). */
export function printable(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const clean = s.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}
