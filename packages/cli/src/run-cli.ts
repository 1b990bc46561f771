import { runAlertsCommand } from './alerts-command.js';
import { CLI_VERSION, type CliIo, EXIT_USAGE, printable } from './cli-io.js';
import { runKeygenCommand } from './keygen-command.js';
import { runVerifyCommand, VERIFY_USAGE } from './verify-command.js';

const USAGE = `Usage: seclog <command> [options]

Commands:
  verify    verify a sealed OTLP/JSON archive (run 'seclog verify --help')
  alerts    replay seclog's detection rules over archives (run 'seclog alerts --help')
  keygen    write a signing key pair and a pseudonym key for a service (run 'seclog keygen --help')

Options:
  --help     show this help
  --version  print the version
`;

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
  if (command === 'keygen') {
    try {
      return await runKeygenCommand(rest, io);
    } catch {
      // The message is not shown: it could only come from key generation, and key material stays out of stderr.
      io.stderr.write('seclog keygen: internal error\n');
      return EXIT_USAGE;
    }
  }
  // A command word is repeated; anything else (a pasted key, say) is not.
  const shown = /^[a-z][a-z-]{0,30}$/.test(command) ? ` '${command}'` : '';
  io.stderr.write(`seclog: unknown command${shown}\n${USAGE}`);
  if (command.startsWith('-')) io.stderr.write(`\n${VERIFY_USAGE}`);
  return EXIT_USAGE;
}
