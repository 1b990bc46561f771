// Runs producer processes and the real `seclog verify`, and fakes collectors (dead, slow) on loopback.
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProducerScenario } from './scenario.ts';

const PRODUCER = fileURLToPath(new URL('./producer.ts', import.meta.url));
const CLI = fileURLToPath(new URL('../../../packages/cli/dist/bin.js', import.meta.url));

/** A scratch folder with a signing key, an HMAC key and the public key for the verifier. */
export interface Workspace {
  dir: string;
  signingKeyFile: string;
  hmacKeyFile: string;
  publicKeyFile: string;
}

export function workspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'seclog-faults-'));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signingKeyFile = join(dir, 'signing.pem');
  const hmacKeyFile = join(dir, 'hmac.key');
  const publicKeyFile = join(dir, 'signing.pub.pem');
  writeFileSync(signingKeyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  writeFileSync(hmacKeyFile, randomBytes(32), { mode: 0o600 });
  writeFileSync(publicKeyFile, publicKey.export({ format: 'pem', type: 'spki' }));
  return { dir, signingKeyFile, hmacKeyFile, publicKeyFile };
}

/** One JSON line a producer wrote on stdout. */
export type ProducerEvent = { event: string } & Record<string, unknown>;

/** How a producer process ended and what it said. */
export interface ProducerRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  events: ProducerEvent[];
  stderr: string;
}

/**
 * When to interrupt a producer: a signal once `countFile` shows at least `afterRecords` records (and, with
 * `afterFileHolds`, once that file holds the text: e.g. a checkpoint has been written out).
 */
export interface Interruption {
  signal: NodeJS.Signals;
  afterRecords: number;
  afterFileHolds?: { path: string; text: string };
}

/** Runs a producer to its end (or interrupts it), within `timeoutMs`. */
export function runProducer(
  scenario: ProducerScenario,
  interruption?: Interruption,
  timeoutMs = 60_000,
): Promise<ProducerRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PRODUCER, JSON.stringify(scenario)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`producer did not end within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    let poll: NodeJS.Timeout | undefined;
    if (interruption) {
      if (!scenario.countFile) throw new Error('an interruption needs scenario.countFile');
      const countFile = scenario.countFile;
      poll = setInterval(() => {
        const file = interruption.afterFileHolds;
        if (emittedSoFar(countFile) >= interruption.afterRecords && (!file || fileHolds(file.path, file.text))) {
          clearInterval(poll);
          child.kill(interruption.signal);
        }
      }, 5);
    }
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      // Let the pipes drain: the last JSON lines may still be in flight.
      setImmediate(() => {
        const events = stdout
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as ProducerEvent);
        resolve({ code, signal, events, stderr });
      });
    });
  });
}

function fileHolds(path: string, text: string): boolean {
  try {
    return readFileSync(path, 'latin1').includes(text);
  } catch {
    return false;
  }
}

/** Records the producer says it emitted (0 before it wrote the file). */
export function emittedSoFar(countFile: string): number {
  try {
    return Number(readFileSync(countFile, 'utf8')) || 0;
  } catch {
    return 0;
  }
}

/** The verdict of `seclog verify` as the command line gives it. */
export interface VerifyRun {
  code: number | null;
  report: VerifyReport;
  stderr: string;
}

/** The parts of the JSON report the suite reads. */
export interface VerifyReport {
  verdict: string;
  streams: { streamId: string; records: Record<string, number>; finalCheckpoint: boolean; findings: unknown[] }[];
  totals: { records: number };
}

/** Runs the real CLI: `seclog verify --public-key <pem> --format json [--strict] <inputs…>`. */
export function verify(ws: Workspace, inputs: string[], strict = false): Promise<VerifyRun> {
  return new Promise((resolve) => {
    const args = [CLI, 'verify', '--public-key', ws.publicKeyFile, '--format', 'json'];
    if (strict) args.push('--strict');
    const child = spawn(process.execPath, [...args, ...inputs], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.on('exit', (code) => {
      resolve({ code, report: (stdout ? JSON.parse(stdout) : {}) as VerifyReport, stderr });
    });
  });
}

/** Record counts per status summed over all streams. */
export function statusCounts(report: VerifyReport): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of report.streams ?? []) for (const [k, v] of Object.entries(s.records)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** A collector stand-in for OTLP/HTTP JSON: appends every request body as one archive line, optionally slowly. */
export interface CaptureCollector {
  url: string;
  archive: string;
  requests: number;
  close(): Promise<void>;
}

export async function captureCollector(dir: string, delayMs = 0): Promise<CaptureCollector> {
  const archive = join(dir, 'collector.otlp.jsonl');
  writeFileSync(archive, '');
  const state = { requests: 0 };
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    appendFileSync(archive, `${Buffer.concat(chunks).toString('utf8')}\n`);
    state.requests++;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/logs`,
    archive,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A loopback URL on which nothing listens (a port bound, then released). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}/v1/logs`;
}
