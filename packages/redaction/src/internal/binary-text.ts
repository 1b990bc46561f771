import { isUtf8 } from 'node:buffer';

/** Bytes read as text: UTF-8 when they are valid UTF-8, else latin-1 (one character per byte, nothing lost). */
export interface BytesText {
  text: string;
  encoding: 'utf8' | 'latin1';
}

/** Reads a byte array as text for scanning (`policy.scanBinary`, on by default). */
export function bytesAsText(bytes: Uint8Array): BytesText {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const encoding = isUtf8(buf) ? 'utf8' : 'latin1';
  return { text: buf.toString(encoding), encoding };
}

/**
 * Writes redacted text back as bytes in the encoding it was read with: the bytes around each replacement are
 * unchanged (UTF-8 round-trips valid UTF-8; latin-1 round-trips every byte) and replacements are ASCII.
 */
export function textAsBytes(text: string, encoding: BytesText['encoding']): Uint8Array {
  return new Uint8Array(Buffer.from(text, encoding));
}
