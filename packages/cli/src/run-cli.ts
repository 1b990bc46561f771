import { readFileSync } from 'node:fs';
import { runAlertsCommand } from './alerts-command.js';
import { runVerifyCommand, VERIFY_USAGE } from './verify-command.js';

/** Where the CLI writes: the process streams in `bin.ts`, string sinks in tests. */
export interface CliIo {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
  /** Whether stderr is an interactive terminal (progress is shown only then). */
  readonly stderrIsTTY: boolean;
}

const USAGE = `Usage: seclog <command> [options]

Commands:
  verify    verify a sealed OTLP/JSON archive (run 'seclog verify --help')
  alerts    replay seclog's detection rules over archives (run 'seclog alerts --help')

Options:
  --help     show this help
  --version  print the version
`;

/** Exit code for usage and I/O errors (docs/spec/verification.md, "Verdict and exit code"). */
export const EXIT_USAGE = 3;

/**
 * Runs the `seclog` command line and resolves to the process exit code. Never throws: every error becomes a one-line
 * message on stderr and exit code 3 (no stack traces).
 *
 * @example
 * process.exitCode = await runCli(['verify', '--public-key', 'pub.pem', 'archive/'], { stdout, stderr, stderrIsTTY });
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(USAGE);
    return command === undefined ? EXIT_USAGE : 0;
  }
  if (command === '--version') {
    io.stdout.write(`${CLI_VERSION}\n`);
    return 0;
  }
  if (command === 'verify') {
    try {
      return await runVerifyCommand(rest, io);
    } catch (err) {
      io.stderr.write(`seclog verify: internal error: ${err instanceof Error ? err.message : 'unknown'}\n`);
      return EXIT_USAGE;
    }
  }
  if (command === 'alerts') {
    try {
      return await runAlertsCommand(rest, io);
    } catch (err) {
      io.stderr.write(`seclog alerts: internal error: ${err instanceof Error ? printable(err.message) : 'unknown'}\n`);
      return EXIT_USAGE;
    }
  }
  io.stderr.write(`seclog: unknown command '${printable(command)}'\n${USAGE}`);
  if (command.startsWith('-')) io.stderr.write(`\n${VERIFY_USAGE}`);
  return EXIT_USAGE;
}

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
