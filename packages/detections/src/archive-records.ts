/**
 * Security events read back from seclog archives (OTLP/JSON lines as the collector's file exporter and the SDK's
 * embedded exporter write them, plain or gzip), with the stream and seq that tie each one to verified evidence.
 */
import { DEFAULT_NAMESPACE, integrityAttributeKeys, listArchiveFiles, readArchiveFile } from '@seclog/integrity';

/** An OTel attribute value decoded from OTLP/JSON (`AnyValue`). */
export type ArchiveValue = string | number | boolean | ArchiveValue[] | null;

/** One security event of an archive. */
export interface ArchiveSecurityEvent {
  /** Position in the order read (files sorted, lines in order): the row id in the replay table. */
  readonly recordId: number;
  /** Event time (OTLP `timeUnixNano`, else `observedTimeUnixNano`), epoch milliseconds. */
  readonly timeMs: number;
  readonly eventName: string;
  /** `seclog.integrity.stream` / `seclog.integrity.seq` (absent on records sealed nowhere). */
  readonly stream?: string;
  readonly seq?: number;
  readonly attributes: Readonly<Record<string, ArchiveValue>>;
  readonly resource: Readonly<Record<string, ArchiveValue>>;
}

/** Where an unreadable line was skipped. */
export interface ArchiveReadProblem {
  readonly file: string;
  readonly line: number;
  readonly detail: string;
}

/** What {@link readSecurityEvents} returns. */
export interface ArchiveReadResult {
  readonly events: ArchiveSecurityEvent[];
  readonly problems: ArchiveReadProblem[];
  /** Log records read that are not security events (checkpoints, application logs). */
  readonly otherRecords: number;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** OTLP/JSON AnyValue → plain value (int64 strings become numbers when they are safe integers). */
export function decodeAnyValue(v: unknown): ArchiveValue {
  if (!isObject(v)) return null;
  if (typeof v.stringValue === 'string') return v.stringValue;
  if (typeof v.boolValue === 'boolean') return v.boolValue;
  if (v.intValue !== undefined) {
    const n = Number(v.intValue);
    return Number.isSafeInteger(n) ? n : String(v.intValue);
  }
  if (v.doubleValue !== undefined) return Number(v.doubleValue);
  if (isObject(v.arrayValue)) {
    const values = Array.isArray(v.arrayValue.values) ? v.arrayValue.values : [];
    return values.map(decodeAnyValue);
  }
  return null;
}

function attributesOf(list: unknown): Record<string, ArchiveValue> {
  const out: Record<string, ArchiveValue> = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (isObject(kv) && typeof kv.key === 'string') out[kv.key] = decodeAnyValue(kv.value);
  }
  return out;
}

function nanosToMs(v: unknown): number | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const text = String(v);
  if (!/^[0-9]{1,20}$/.test(text) || text === '0') return undefined;
  return Number(BigInt(text) / 1_000_000n);
}

/**
 * Reads every security event (EventName, or `otel.event.name`, starting with `security_event.`) from the archive
 * files and directories given, in a stable order. Unreadable lines are reported and skipped.
 *
 * @throws {import('@seclog/integrity').ArchiveInputError} when an input cannot be opened at all
 */
export async function readSecurityEvents(
  inputs: readonly string[],
  namespace: string = DEFAULT_NAMESPACE,
): Promise<ArchiveReadResult> {
  const keys = integrityAttributeKeys(namespace);
  const events: ArchiveSecurityEvent[] = [];
  const problems: ArchiveReadProblem[] = [];
  let otherRecords = 0;
  for (const file of await listArchiveFiles(inputs)) {
    for await (const item of readArchiveFile(file, {})) {
      if (item.kind === 'problem') {
        problems.push({ file: item.file, line: item.line, detail: item.detail });
        continue;
      }
      let request: unknown;
      try {
        request = JSON.parse(item.bytes.toString('utf8'));
      } catch {
        problems.push({ file: item.file, line: item.line, detail: 'not valid JSON' });
        continue;
      }
      for (const rl of isObject(request) && Array.isArray(request.resourceLogs) ? request.resourceLogs : []) {
        if (!isObject(rl)) continue;
        const resource = attributesOf(isObject(rl.resource) ? rl.resource.attributes : undefined);
        for (const sl of Array.isArray(rl.scopeLogs) ? rl.scopeLogs : []) {
          if (!isObject(sl)) continue;
          for (const lr of Array.isArray(sl.logRecords) ? sl.logRecords : []) {
            if (!isObject(lr)) continue;
            const attributes = attributesOf(lr.attributes);
            const fromBridge = attributes['otel.event.name'];
            const eventName =
              typeof lr.eventName === 'string' && lr.eventName !== ''
                ? lr.eventName
                : typeof fromBridge === 'string'
                  ? fromBridge
                  : '';
            const timeMs = nanosToMs(lr.timeUnixNano) ?? nanosToMs(lr.observedTimeUnixNano);
            if (!eventName.startsWith('security_event.') || timeMs === undefined) {
              otherRecords++;
              continue;
            }
            const stream = attributes[keys.stream];
            const seq = attributes[keys.seq];
            events.push({
              recordId: events.length + 1,
              timeMs,
              eventName,
              ...(typeof stream === 'string' ? { stream } : {}),
              ...(typeof seq === 'number' ? { seq } : {}),
              attributes,
              resource,
            });
          }
        }
      }
    }
  }
  return { events, problems, otherRecords };
}
