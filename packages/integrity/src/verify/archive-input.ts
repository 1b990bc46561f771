import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { echoablePath } from '../key-material-text.js';

/**
 * Longest accepted line (one `ExportLogsServiceRequest`). A longer line is skipped and reported as `CORRUPT-LINE`:
 * the reader keeps at most this many bytes of it, then discards the rest up to the next newline.
 */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/**
 * An input the verifier cannot use at all: a path that does not exist, cannot be opened or listed, or is neither a
 * file nor a directory. The CLI maps it to exit code 3. Problems inside a readable file (a corrupt line, truncated
 * gzip) are not errors: they become `CORRUPT-LINE` findings and the rest of the archive is still verified.
 */
export class ArchiveInputError extends Error {
  override readonly name = 'ArchiveInputError';
}

/** Why part of a readable input file could not be read as lines. */
export type InputProblem = 'line-too-long' | 'compressed-data-corrupt' | 'read-error';

/**
 * One item of an input file: a non-empty line (its bytes, valid until the next item is requested), or a stretch that
 * could not be read. Line numbers are 1-based in the (decompressed) file.
 */
export type ArchiveLine =
  | { readonly kind: 'line'; readonly file: string; readonly line: number; readonly bytes: Buffer }
  | {
      readonly kind: 'problem';
      readonly file: string;
      readonly line: number;
      readonly problem: InputProblem;
      /** One line, never quoting file content. */
      readonly detail: string;
    };

/** What the reader learned about one input file once it was read to the end. */
export interface ArchiveFileSummary {
  readonly path: string;
  /** SHA-256 (hex) of the file's bytes as stored (compressed bytes for gzip files). */
  readonly sha256: string;
  readonly bytes: number;
  readonly gzip: boolean;
  readonly lines: number;
  /** False when corrupt compressed data or a read error stopped reading before the end of the content. */
  readonly complete: boolean;
}

/** Options of {@link readArchiveFile}. */
export interface ReadArchiveOptions {
  /** Longest line kept in memory (default {@link MAX_LINE_BYTES}); longer lines are skipped and reported. */
  readonly maxLineBytes?: number;
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
      throw new ArchiveInputError(`cannot read input ${inputName(p)}: ${describeFsError(err)}`);
    }
    if (info.isDirectory()) {
      await walkDirectory(p, out);
    } else if (info.isFile()) {
      out.push(p);
    } else {
      throw new ArchiveInputError(`input ${inputName(p)} is neither a file nor a directory`);
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

/** An input path as a message may show it: people paste key text where a path belongs, and stderr ends up in logs. */
function inputName(p: string): string {
  return echoablePath(p) ?? '(not repeated here: it may be key material)';
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
 * line), plain or gzip (detected from the magic bytes, not the name). Memory stays bounded by `maxLineBytes`: the file
 * is never loaded whole, and a longer line is discarded as it streams by. Empty lines are skipped. Problems inside the
 * file (an over-long line, corrupt or truncated gzip, a read error) are yielded as `problem` items and reading goes on
 * where it can; only a file that cannot be opened raises {@link ArchiveInputError}. `summary.bytesRead` follows the
 * stored bytes read so far; `summary.value` (with the SHA-256 of all stored bytes) is set once the generator ends.
 *
 * @example
 * const summary: { value?: ArchiveFileSummary } = {};
 * for await (const item of readArchiveFile('logs.jsonl.gz', summary)) if (item.kind === 'line') handle(item.bytes);
 */
export async function* readArchiveFile(
  path: string,
  summary: { value?: ArchiveFileSummary; bytesRead?: number },
  options: ReadArchiveOptions = {},
): AsyncGenerator<ArchiveLine, void, undefined> {
  const maxLine = options.maxLineBytes ?? MAX_LINE_BYTES;
  const gzip = await startsWithGzipMagic(path);
  const hash = createHash('sha256');
  let bytes = 0;
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const rawDone = new Promise<void>((resolve) => {
    raw.once('end', resolve);
    raw.once('close', resolve);
    raw.once('error', () => resolve());
  });
  // Hashing listens to the stored bytes directly, so the digest covers the whole file even when the gzip data inside
  // it is corrupt and decompression stops early.
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
  const lines = new LineSplitter(path, maxLine);
  let complete = true;
  try {
    try {
      for await (const chunk of source) yield* lines.push(chunk);
      yield* lines.end();
    } catch (err) {
      complete = false;
      const code = (err as { code?: unknown } | null)?.code;
      const corrupt = gzip && typeof code === 'string' && code.startsWith('Z_');
      yield lines.abandon(
        corrupt ? 'compressed-data-corrupt' : 'read-error',
        corrupt
          ? `gzip data corrupt or truncated after line ${lines.lineNo}: the rest of the file cannot be read`
          : `read error (${describeFsError(err)}) after line ${lines.lineNo}: the rest of the file cannot be read`,
      );
    }
    // Corrupt gzip stops decompression early; keep reading the stored bytes so the digest covers the whole file.
    raw.resume();
    await rawDone;
    summary.value = { path, sha256: hash.digest('hex'), bytes, gzip, lines: lines.lineNo, complete };
  } finally {
    gunzip?.destroy();
    raw.destroy();
  }
}

/**
 * Splits a byte stream into lines without ever holding more than `maxLine` bytes of one line: once a line grows past
 * the cap, its bytes are dropped as they arrive until the next newline, and the line is reported instead.
 */
class LineSplitter {
  /** Lines completed so far (the number of the last line). */
  lineNo = 0;
  private pending: Buffer[] = [];
  private pendingLength = 0;
  /** Bytes of the current over-long line seen so far; -1 while not skipping one. */
  private skipped = -1;

  constructor(
    private readonly path: string,
    private readonly maxLine: number,
  ) {}

  *push(chunk: Buffer): Generator<ArchiveLine> {
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, from);
      const piece = (nl < 0 ? chunk.length : nl) - from;
      if (this.skipped >= 0) {
        this.skipped += piece;
      } else if (this.pendingLength + piece > this.maxLine) {
        this.skipped = this.pendingLength + piece;
        this.pending = [];
        this.pendingLength = 0;
      }
      if (nl < 0) {
        if (this.skipped < 0 && piece > 0) {
          this.pending.push(chunk.subarray(from));
          this.pendingLength += piece;
        }
        return;
      }
      const item = this.completeLine(chunk.subarray(from, nl));
      from = nl + 1;
      if (item) yield item;
    }
  }

  /** The last line when the file does not end with a newline. */
  *end(): Generator<ArchiveLine> {
    if (this.skipped < 0 && this.pendingLength === 0) return;
    const item = this.completeLine(Buffer.alloc(0));
    if (item) yield item;
  }

  /** Reports that reading stopped; a partial line read so far is part of what was lost. */
  abandon(problem: InputProblem, detail: string): ArchiveLine {
    this.pending = [];
    this.pendingLength = 0;
    this.skipped = -1;
    return { kind: 'problem', file: this.path, line: this.lineNo + 1, problem, detail };
  }

  private completeLine(tail: Buffer): ArchiveLine | undefined {
    this.lineNo++;
    if (this.skipped >= 0) {
      const length = this.skipped;
      this.skipped = -1;
      return {
        kind: 'problem',
        file: this.path,
        line: this.lineNo,
        problem: 'line-too-long',
        detail: `line of ${length} bytes exceeds the ${this.maxLine}-byte limit: skipped without reading it`,
      };
    }
    let buf = tail;
    if (this.pendingLength > 0) {
      this.pending.push(tail);
      buf = Buffer.concat(this.pending, this.pendingLength + tail.length);
      this.pending = [];
      this.pendingLength = 0;
    }
    let end = buf.length;
    if (end > 0 && buf[end - 1] === 0x0d) end--;
    let start = 0;
    while (start < end && (buf[start] === 0x20 || buf[start] === 0x09)) start++;
    if (start === end) return undefined;
    return { kind: 'line', file: this.path, line: this.lineNo, bytes: buf.subarray(start, end) };
  }
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
