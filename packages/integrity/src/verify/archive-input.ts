import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';

/** Longest accepted line (one `ExportLogsServiceRequest`); longer lines are rejected instead of buffered. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/**
 * An archive input the verifier cannot read: missing or unreadable file, corrupt gzip, a line that is not complete
 * JSON. The CLI maps it to exit code 3. The message names the file and line and never quotes record content.
 */
export class ArchiveInputError extends Error {
  override readonly name = 'ArchiveInputError';
}

/** One non-empty line of an input file, parsed as JSON. */
export interface ArchiveLine {
  readonly file: string;
  /** 1-based line number in the (decompressed) file. */
  readonly line: number;
  readonly value: unknown;
}

/** What the reader learned about one input file once it was read to the end. */
export interface ArchiveFileSummary {
  readonly path: string;
  /** SHA-256 (hex) of the file's bytes as stored (compressed bytes for gzip files). */
  readonly sha256: string;
  readonly bytes: number;
  readonly gzip: boolean;
  readonly lines: number;
}

/**
 * Expands files and directories into a sorted list of files. Directories are walked recursively; hidden entries
 * (`.name`) are skipped. A path that does not exist or cannot be listed raises {@link ArchiveInputError}.
 */
export async function listArchiveFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(p);
    } catch (err) {
      throw new ArchiveInputError(`cannot read input ${p}: ${describeFsError(err)}`);
    }
    if (info.isDirectory()) {
      await walkDirectory(p, out);
    } else if (info.isFile()) {
      out.push(p);
    } else {
      throw new ArchiveInputError(`input ${p} is neither a file nor a directory`);
    }
  }
  return out;
}

async function walkDirectory(dir: string, out: string[]): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw new ArchiveInputError(`cannot list directory ${dir}: ${describeFsError(err)}`);
  }
  const names = entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of names) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await walkDirectory(p, out);
    else if (e.isFile()) out.push(p);
  }
}

function describeFsError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return typeof code === 'string' ? code : 'read error';
}

/**
 * Streams one OTLP/JSON-lines file (the collector file exporter's `format: json`, one `ExportLogsServiceRequest` per
 * line), plain or gzip (detected from the magic bytes, not the name). Memory stays bounded by the longest line: the
 * file is never loaded whole. Empty lines are skipped. `summary.bytesRead` follows the stored bytes read so far;
 * `summary.value` (with the SHA-256 of the stored bytes) is complete once the generator has finished.
 *
 * @example
 * const summary = { value: undefined as ArchiveFileSummary | undefined };
 * for await (const { value } of readArchiveFile('logs.jsonl.gz', summary)) handle(value);
 */
export async function* readArchiveFile(
  path: string,
  summary: { value?: ArchiveFileSummary; bytesRead?: number },
): AsyncGenerator<ArchiveLine, void, undefined> {
  const gzip = await startsWithGzipMagic(path);
  const hash = createHash('sha256');
  let bytes = 0;
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  raw.on('data', (chunk) => {
    hash.update(chunk as Buffer);
    bytes += chunk.length;
    summary.bytesRead = bytes;
  });
  let gunzip: ReturnType<typeof createGunzip> | undefined;
  let source: AsyncIterable<Buffer> = raw;
  if (gzip) {
    gunzip = createGunzip();
    raw.on('error', (e) => gunzip?.destroy(e));
    source = raw.pipe(gunzip);
  }
  let lineNo = 0;
  let pending: Buffer[] = [];
  let pendingLength = 0;
  const emit = (buf: Buffer): ArchiveLine | undefined => {
    lineNo++;
    let end = buf.length;
    if (end > 0 && buf[end - 1] === 0x0d) end--;
    let start = 0;
    while (start < end && (buf[start] === 0x20 || buf[start] === 0x09)) start++;
    if (start === end) return undefined;
    const text = buf.toString('utf8', start, end);
    try {
      return { file: path, line: lineNo, value: JSON.parse(text) };
    } catch {
      throw new ArchiveInputError(`${path}:${lineNo}: not a complete JSON line (truncated or corrupt input)`);
    }
  };
  try {
    for await (const chunk of source) {
      let from = 0;
      for (;;) {
        const nl = chunk.indexOf(0x0a, from);
        if (nl < 0) break;
        let lineBuf: Buffer;
        if (pendingLength > 0) {
          pending.push(chunk.subarray(from, nl));
          lineBuf = Buffer.concat(pending, pendingLength + nl - from);
          pending = [];
          pendingLength = 0;
        } else {
          lineBuf = chunk.subarray(from, nl);
        }
        if (lineBuf.length > MAX_LINE_BYTES) throw lineTooLong(path, lineNo + 1);
        const item = emit(lineBuf);
        if (item) yield item;
        from = nl + 1;
      }
      if (from < chunk.length) {
        pending.push(chunk.subarray(from));
        pendingLength += chunk.length - from;
        if (pendingLength > MAX_LINE_BYTES) throw lineTooLong(path, lineNo + 1);
      }
    }
    if (pendingLength > 0) {
      const item = emit(Buffer.concat(pending, pendingLength));
      if (item) yield item;
    }
  } catch (err) {
    if (err instanceof ArchiveInputError) throw err;
    if (
      gzip &&
      typeof (err as { errno?: unknown }).errno === 'number' &&
      (err as { code?: string }).code?.startsWith('Z_')
    )
      throw new ArchiveInputError(`${path}: corrupt gzip data`);
    throw new ArchiveInputError(`cannot read ${path}: ${describeFsError(err)}`);
  } finally {
    raw.destroy();
    gunzip?.destroy();
  }
  summary.value = { path, sha256: hash.digest('hex'), bytes, gzip, lines: lineNo };
}

function lineTooLong(path: string, line: number): ArchiveInputError {
  return new ArchiveInputError(`${path}:${line}: line longer than ${MAX_LINE_BYTES} bytes`);
}

async function startsWithGzipMagic(path: string): Promise<boolean> {
  let fh: Awaited<ReturnType<typeof open>> | undefined;
  try {
    fh = await open(path, 'r');
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } catch (err) {
    throw new ArchiveInputError(`cannot read ${path}: ${describeFsError(err)}`);
  } finally {
    await fh?.close();
  }
}
