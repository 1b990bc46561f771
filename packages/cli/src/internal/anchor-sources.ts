/**
 * `--anchor` accepts, besides files and directories, an http(s) URL such as the collector witness's
 * `http://127.0.0.1:8890/anchors.jsonl`: it is fetched once into a private temporary file that is then read like any
 * anchor input (and removed when the process exits).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** An anchor URL that could not be fetched. */
export class AnchorFetchError extends Error {
  override readonly name = 'AnchorFetchError';
}

const MAX_ANCHOR_BYTES = 256 * 1024 * 1024;

/** Replaces every http(s) URL by the path of a file holding what it served; other values are returned as they are. */
export async function resolveAnchors(values: readonly string[], timeoutMs = 30_000): Promise<string[]> {
  let dir: string | undefined;
  const out: string[] = [];
  for (const [i, value] of values.entries()) {
    if (!/^https?:\/\//i.test(value)) {
      out.push(value);
      continue;
    }
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new AnchorFetchError('--anchor: not a valid URL');
    }
    const shown = `${url.protocol}//${url.host}${url.pathname}`; // no credentials or query in messages
    let body: ArrayBuffer;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) throw new AnchorFetchError(`--anchor ${shown}: HTTP ${response.status}`);
      body = await response.arrayBuffer();
    } catch (err) {
      if (err instanceof AnchorFetchError) throw err;
      throw new AnchorFetchError(`--anchor ${shown}: cannot be fetched`);
    }
    if (body.byteLength > MAX_ANCHOR_BYTES) throw new AnchorFetchError(`--anchor ${shown}: larger than 256 MiB`);
    if (dir === undefined) {
      const created = mkdtempSync(join(tmpdir(), 'seclog-anchors-'));
      dir = created;
      process.once('exit', () => rmSync(created, { recursive: true, force: true }));
    }
    const file = join(dir, `anchor-${i}.jsonl`);
    writeFileSync(file, Buffer.from(body), { mode: 0o600 });
    out.push(file);
  }
  return out;
}
