/**
 * In development mode the signing key is generated for the process and never saved, so without its public key an
 * archive could not be verified once the process has exited. The public key is written next to the archive, as
 * `<archive name>.pub.pem`; each run appends its own key (runs share one archive file), and `seclog verify
 * --public-key` trusts every key in the file.
 */
import { appendFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type SelectedExporter, sanitizeFileName } from '../log-exporter-selection.js';

/** Beyond this the file is not read back for de-duplication (about 9000 runs' keys); keys are still appended. */
const MAX_READ_BACK_BYTES = 1 << 20;

/**
 * Where the development public key goes: next to the embedded archive (`shop.otlp.jsonl` → `shop.otlp.pub.pem`), else
 * in the archive folder, named after the service (OTLP: next to the spill file).
 */
export function developmentPublicKeyPath(selected: SelectedExporter, archiveDir: string, serviceName: string): string {
  if (selected.filePath !== undefined) {
    const name = basename(selected.filePath).replace(/\.jsonl$/, '');
    return join(dirname(selected.filePath), `${name}.pub.pem`);
  }
  return join(archiveDir, `${sanitizeFileName(serviceName)}.pub.pem`);
}

/**
 * Appends the public key (SPKI PEM) to `path` unless it is there already. A public key is not secret: the file is
 * created readable by all (0644) in a folder created private (0700). Returns the path, or undefined when it could
 * not be written (the caller says so; development start-up does not fail over it).
 */
export function saveDevelopmentPublicKey(
  publicKeyPem: string,
  path: string,
  notice: (message: string) => void,
): string | undefined {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    if (alreadyHolds(path, publicKeyPem)) return path;
    appendFileSync(path, publicKeyPem.endsWith('\n') ? publicKeyPem : `${publicKeyPem}\n`, { mode: 0o644 });
    return path;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    notice(`seclog: development mode: could not save the public key next to the archive (${code}); use publicKeyPem`);
    return undefined;
  }
}

function alreadyHolds(path: string, pem: string): boolean {
  try {
    if (statSync(path).size > MAX_READ_BACK_BYTES) return false;
    return readFileSync(path, 'utf8').includes(pem.trim());
  } catch {
    return false;
  }
}
