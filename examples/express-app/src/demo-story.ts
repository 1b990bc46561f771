// The parts of `make demo` that tell the story end to end: one record as the app wrote it and as it was sealed, a
// tampered copy of the archive that verification catches, and verify commands that can be pasted into any shell
// (absolute paths, the Node that ran the demo: no `pnpm` or PATH setup needed).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
}
interface OtlpRecord {
  eventName?: string;
  body?: OtlpValue;
  attributes?: { key: string; value?: OtlpValue }[];
}
interface OtlpRequest {
  resourceLogs?: { scopeLogs?: { scope?: { name?: string }; logRecords?: OtlpRecord[] }[] }[];
}

/** The first local pino line with `msg`, and the first archived pino record with that body: the same record. */
export function sampleBeforeAfter(
  localLogPath: string,
  archivePath: string,
  msg: string,
): { before: string; after: string } | undefined {
  const before = readFileSync(localLogPath, 'utf8')
    .split('\n')
    .find((line) => line.includes(`"msg":${JSON.stringify(msg)}`));
  let after: OtlpRecord | undefined;
  for (const line of readFileSync(archivePath, 'utf8').split('\n')) {
    if (line.trim() === '' || after !== undefined) continue;
    for (const rl of (JSON.parse(line) as OtlpRequest).resourceLogs ?? []) {
      for (const sl of rl.scopeLogs ?? []) {
        if (sl.scope?.name !== '@opentelemetry/instrumentation-pino') continue;
        after ??= sl.logRecords?.find((r) => r.body?.stringValue === msg);
      }
    }
  }
  if (before === undefined || after === undefined) return undefined;
  const { time: _t, pid: _p, hostname: _h, ...shown } = JSON.parse(before) as Record<string, unknown>;
  const attributes = Object.fromEntries((after.attributes ?? []).map((a) => [a.key, plain(a.value)]));
  return { before: JSON.stringify(shown), after: JSON.stringify({ body: plain(after.body), ...attributes }) };
}

function plain(v: OtlpValue | undefined): unknown {
  if (v === undefined) return undefined;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(plain);
  return v.stringValue ?? v.intValue ?? v.boolValue ?? v;
}

/**
 * Copies the archive into `dir` with one sealed record changed the way an insider covering tracks would: the first
 * failed login becomes a success. Returns the copy's path and what was changed.
 */
export function tamperedCopy(archivePath: string, dir: string): { path: string; change: string } {
  mkdirSync(dir, { recursive: true });
  let change = '';
  const lines = readFileSync(archivePath, 'utf8')
    .split('\n')
    .map((line) => {
      if (line.trim() === '' || change !== '') return line;
      const request = JSON.parse(line) as OtlpRequest;
      for (const rl of request.resourceLogs ?? []) {
        for (const sl of rl.scopeLogs ?? []) {
          for (const record of sl.logRecords ?? []) {
            if (change !== '' || record.eventName !== 'security_event.authentication.login') continue;
            const outcome = record.attributes?.find((a) => a.key === 'security_event.outcome');
            if (outcome?.value?.stringValue !== 'failure') continue;
            outcome.value.stringValue = 'success';
            const seq = record.attributes?.find((a) => a.key === 'seclog.integrity.seq')?.value?.intValue;
            change = `security_event.authentication.login seq ${seq}: outcome failure → success`;
          }
        }
      }
      return change === '' ? line : JSON.stringify(request);
    });
  const path = join(dir, 'archive.otlp.jsonl');
  writeFileSync(path, lines.join('\n'));
  return { path, change };
}

/** A word for a POSIX shell: quoted unless it is plainly safe. */
export function shellWord(word: string): string {
  return /^[\w./@%+=:,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `seclog verify` as a command line that runs as pasted: this Node, the CLI's bin, absolute paths. */
export function pasteableVerify(cliBin: string, publicKeyPath: string, archive: string): string {
  return [process.execPath, cliBin, 'verify', '--public-key', publicKeyPath, archive].map(shellWord).join(' ');
}
