import { parseArgs } from 'node:util';
import {
  ArchiveInputError,
  exitCodeForReport,
  formatJsonReport,
  formatTextReport,
  verifyArchive,
} from '@seclog/integrity';
import { CLI_VERSION, type CliIo, EXIT_USAGE, printable } from './cli-io.js';
import { archiveInputs, argumentsError, loadVerifierSetup, TRUST_OPTIONS } from './internal/verifier-setup.js';

/** `seclog verify --help` text. */
export const VERIFY_USAGE = `Usage: seclog verify --public-key <pem> [--checkpoint-key-file <file>] [options] <files or dirs…>

Verifies sealed OTLP/JSON-lines archives (collector file exporter format, plain or gzip; directories are read
recursively, skipping hidden entries and *.pem key files; several files are merged in any order). A report is
always written once the inputs can be opened: unreadable, torn or oversized lines and corrupt gzip data are
CORRUPT-LINE findings (file:line), the rest is verified.

Options:
  --public-key <pem>       trusted Ed25519 public key(s) (PEM file; every key in it is trusted); repeatable
  --checkpoint-key-file <file>  trusted checkpoint HMAC-SHA256 key (the file's raw bytes), for producers that seal
                           with hmacSigner; repeatable. HMAC verifiers can forge. Not the pseudonym key.
                           (--hmac-key-file is its deprecated name)
  --anchor <file, dir or URL>  checkpoints kept outside the archive (anchor sink, e.g. the collector witness's
                           dump directory or http://host:port/anchors.jsonl); detects tail truncation; repeatable
  --witness-key <pem>      Ed25519 public key of a witness (C2SP cosigner, the collector's seclog_witness);
                           every anchored checkpoint must carry its cosignature, else KEY-CHAIN-INVALID; repeatable
  --namespace <ns>         integrity attribute namespace (default seclog.integrity)
  --format text|json       output format (default text)
  --strict                 warnings (declared drops, unsealed tail, unclean end, foreign records…) are failures;
                           the verdict in the text and JSON report says so too
  --allow-empty            accept an archive with no sealed records (by default that fails: "no sealed records
                           found"). Sealed means: a stream with a checkpoint that verifies under a trusted key and
                           at least one record or checkpoint of it in the archive (not only in --anchor inputs)
  --max-unproven-streams <n>  streams tracked at once before any of their checkpoints verifies (default 16384).
                           Records of new streams beyond it are not verified: VERIFIER-LIMIT, a failure. Reached
                           when that many streams have records read before their checkpoints (e.g. checkpoints
                           in a file given last: give it first, or raise this); bounds memory on forged stream ids
  --max-seq-table-mib <n>  memory for the seq tables of all streams, in MiB (default 512: about 40 bytes per
                           record, an archive of about 7 GB). Records needing more are not verified:
                           VERIFIER-LIMIT, a failure; raise it for larger archives (the process needs that much
                           memory beyond its 512 MB heap)
  --help                   show this help

Exit codes: 0 valid · 1 failure (integrity failure, corrupt input line, no sealed records, records left unverified
at a verifier limit; any warning with --strict) · 2 warnings only (e.g. DROPPED: records the producer declared lost)
· 3 usage error or an input that cannot be opened
`;

/**
 * Runs `seclog verify` with its arguments (after the word `verify`) and resolves to the exit code, which always
 * matches the verdict printed (0 valid, 1 failed, 2 warnings). Usage and key-file errors, and inputs that cannot be
 * opened, print one clear line on stderr and return 3; problems inside readable inputs are findings in the report.
 */
export async function runVerifyCommand(args: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (err) {
    io.stderr.write(`seclog verify: ${argumentsError(err)}\n`);
    io.stderr.write(`Run 'seclog verify --help' for usage.\n`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(VERIFY_USAGE);
    return 0;
  }
  const usage = (msg: string): number => {
    io.stderr.write(`seclog verify: ${msg}\nRun 'seclog verify --help' for usage.\n`);
    return EXIT_USAGE;
  };
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    return usage(`--format must be 'text' or 'json'${/^\w{1,20}$/.test(format) ? `, not '${format}'` : ''}`);
  if (positionals.length === 0) return usage('no input files or directories given');
  const maxUnprovenStreams = positiveInteger(values['max-unproven-streams']);
  if (maxUnprovenStreams === null) return usage('--max-unproven-streams must be a positive integer');
  const maxSeqTableMiB = positiveInteger(values['max-seq-table-mib']);
  if (maxSeqTableMiB === null || (maxSeqTableMiB !== undefined && !Number.isSafeInteger(maxSeqTableMiB * MiB)))
    return usage('--max-seq-table-mib must be a positive integer (MiB)');
  const setup = await loadVerifierSetup(values, 'seclog verify', io);
  if (!setup.ok) {
    if ('usage' in setup) return usage(setup.usage);
    io.stderr.write(`seclog verify: ${setup.error}\n`);
    return EXIT_USAGE;
  }
  const { trust, anchors } = setup;

  const progress = io.stderrIsTTY ? progressPrinter(io) : undefined;
  try {
    const report = await verifyArchive(await archiveInputs(positionals), {
      trust,
      anchors,
      ...(values.namespace !== undefined ? { namespace: values.namespace } : {}),
      tool: { name: 'seclog', version: CLI_VERSION },
      strict: values.strict === true,
      allowEmpty: values['allow-empty'] === true,
      ...(maxUnprovenStreams !== undefined ? { maxUnprovenStreams } : {}),
      ...(maxSeqTableMiB !== undefined ? { maxSeqTableBytes: maxSeqTableMiB * MiB } : {}),
      ...(progress ? { onProgress: progress.update } : {}),
    });
    progress?.done();
    io.stdout.write(format === 'json' ? formatJsonReport(report) : formatTextReport(report));
    return exitCodeForReport(report);
  } catch (err) {
    progress?.done();
    if (err instanceof ArchiveInputError) {
      io.stderr.write(`seclog verify: ${printable(err.message)}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      ...TRUST_OPTIONS,
      namespace: { type: 'string' },
      format: { type: 'string' },
      strict: { type: 'boolean' },
      'allow-empty': { type: 'boolean' },
      'max-unproven-streams': { type: 'string' },
      'max-seq-table-mib': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

const MiB = 1024 * 1024;

/** An option's value as a positive integer: undefined when not given, null when it is not one. */
function positiveInteger(value: string | undefined): number | undefined | null {
  if (value === undefined) return undefined;
  if (!/^[0-9]{1,15}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 ? n : null;
}

/** Prints "verifying… 412 MB / 1.0 GB" on a TTY at most a few times per second, erasing it when done. */
function progressPrinter(io: CliIo) {
  let last = 0;
  let shown = false;
  return {
    update: (p: { bytesRead: number; totalBytes: number }) => {
      const now = Date.now();
      if (now - last < 250 || p.totalBytes < 8 * 1024 * 1024) return;
      last = now;
      shown = true;
      const pct = p.totalBytes > 0 ? Math.min(100, Math.floor((100 * p.bytesRead) / p.totalBytes)) : 0;
      io.stderr.write(`\rverifying… ${mb(p.bytesRead)} / ${mb(p.totalBytes)} (${pct}%)`);
    },
    done: () => {
      if (shown) io.stderr.write('\r\u001b[K');
    },
  };
}

function mb(b: number): string {
  return `${(b / (1024 * 1024)).toFixed(0)} MB`;
}
