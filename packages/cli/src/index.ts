/**
 * @seclog/cli — the `seclog` command line (bin `seclog` → `dist/bin.js`). The programmatic entry points run the same
 * code as the bin, writing to the streams you pass and resolving to the exit code.
 *
 * @example
 * import { runCli } from '@seclog/cli';
 * process.exitCode = await runCli(['verify', '--public-key', 'pub.pem', 'archive/'], {
 *   stdout: process.stdout, stderr: process.stderr, stderrIsTTY: process.stderr.isTTY === true,
 * });
 */

export { ALERTS_USAGE, describeRecords, runAlertsCommand } from './alerts-command.js';
export { CLI_VERSION, type CliIo, EXIT_USAGE } from './cli-io.js';
export { KEYGEN_USAGE, runKeygenCommand } from './keygen-command.js';
export { runCli } from './run-cli.js';
export { runVerifyCommand, VERIFY_USAGE } from './verify-command.js';
