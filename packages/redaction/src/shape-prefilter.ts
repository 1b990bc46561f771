/**
 * One linear pass over a string that records which value shapes it contains, so that the email, card, SSN, IBAN and
 * IP detectors run only on strings that can hold a candidate (instead of one gate regex per detector). Every flag is
 * a superset of what its detector accepts: the prefilter may let a string through needlessly, never hide a finding.
 */
export const SHAPE_AT = 1;
/** A run of ≥ 12 digits with optional single `-`/space separators (card candidates). */
export const SHAPE_CARD = 2;
/** A run of ≥ 9 digits with optional single `-`/space separators (SSN candidates). */
export const SHAPE_SSN = 4;
/** Two letters directly followed by two digits (IBAN country code + check digits). */
export const SHAPE_IBAN = 8;
/** Three dots between digits in a digits-and-dots run (IPv4), `::`, or 3 colons in a hex-and-colons run (IPv6). */
export const SHAPE_IP = 16;

export type ShapeName = 'at' | 'card' | 'ssn' | 'iban' | 'ip';

export const SHAPE_BITS: Record<ShapeName, number> = {
  at: SHAPE_AT,
  card: SHAPE_CARD,
  ssn: SHAPE_SSN,
  iban: SHAPE_IBAN,
  ip: SHAPE_IP,
};

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isHexLetterCode(c: number): boolean {
  return (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Returns a bit set of SHAPE_* flags present in `text`; stops early once every wanted flag is set. */
export function scanShapes(text: string, wanted: number): number {
  let found = 0;
  let digitRun = 0; // digits in the current run of digit groups (single `-`/space between groups)
  let dots = 0; // dots between digits in the current digits-and-dots run
  let colons = 0; // colons in the current hex-and-colons run
  let prev = -1;
  let prev2 = -1;
  let prev3 = -1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isDigitCode(c)) {
      if (isDigitCode(prev) || ((prev === 45 || prev === 32) && isDigitCode(prev2) && digitRun > 0)) digitRun++;
      else digitRun = 1;
      if (digitRun >= 9) {
        found |= SHAPE_SSN;
        if (digitRun >= 12) found |= SHAPE_CARD;
      }
      if (isDigitCode(prev) && isLetterCode(prev2) && isLetterCode(prev3)) found |= SHAPE_IBAN;
      if (prev === 46 && isDigitCode(prev2)) {
        if (++dots >= 3) found |= SHAPE_IP;
      } else if (!isDigitCode(prev) && prev !== 46) dots = 0;
      if (!(isDigitCode(prev) || isHexLetterCode(prev) || prev === 58 || prev === 46)) colons = 0;
    } else {
      if (c !== 45 && c !== 32) digitRun = 0;
      else if (!isDigitCode(prev)) digitRun = 0;
      if (c !== 46) dots = 0;
      if (c === 64) found |= SHAPE_AT;
      else if (c === 58) {
        if (prev === 58) found |= SHAPE_IP;
        else if (!(isDigitCode(prev) || isHexLetterCode(prev) || prev === 46)) colons = 0;
        if (++colons >= 3) found |= SHAPE_IP;
      } else if (!isHexLetterCode(c) && c !== 46) colons = 0;
    }
    if ((found & wanted) === wanted) return found;
    prev3 = prev2;
    prev2 = prev;
    prev = c;
  }
  return found;
}
