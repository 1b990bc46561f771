/**
 * Recovers what a redactor removed by aligning its output with its input. The output is a sequence of literal input
 * text and replacement tokens (`[REDACTED:TYPE]`, `<type:kid:token>`, `[TRUNCATED:…]`, `[REDACTION_ERROR]`); each
 * token stands for one non-empty input range. Works for any engine that keeps untouched text verbatim, so the quality
 * harness needs no findings API.
 */

export interface RemovedRange {
  start: number;
  end: number;
  /** The type named by the token (`EMAIL` from `[REDACTED:EMAIL]`, `email` from `<email:k1:…>`), upper-cased. */
  type: string;
}

export interface Alignment {
  ranges: RemovedRange[];
  /** False when the output could not be explained as input text + tokens; `ranges` then holds one coarse range. */
  exact: boolean;
}

const TOKEN =
  /\[REDACTED:([A-Za-z0-9_.-]{1,64})\]|\[TRUNCATED:[^\]]{0,64}\]|\[(REDACTION_ERROR)\]|<([A-Za-z0-9_.-]{1,64}):[A-Za-z0-9_.-]{1,32}:[A-Za-z0-9_-]{1,64}>/g;

interface Token {
  at: number;
  length: number;
  type: string;
}

function tokensOf(output: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(output); m !== null; m = TOKEN.exec(output)) {
    const type = (m[1] ?? m[2] ?? m[3] ?? 'TRUNCATED').toUpperCase();
    out.push({ at: m.index, length: m[0].length, type });
  }
  return out;
}

/** Aligns `output` against `input`; identical strings give no ranges. */
export function alignRedaction(input: string, output: string): Alignment {
  if (input === output) return { ranges: [], exact: true };
  const tokens = tokensOf(output);
  const segments: string[] = [];
  let cursor = 0;
  for (const t of tokens) {
    segments.push(output.slice(cursor, t.at));
    cursor = t.at + t.length;
  }
  segments.push(output.slice(cursor));
  const first = segments[0] ?? '';
  const last = segments[segments.length - 1] ?? '';
  if (
    tokens.length > 0 &&
    input.startsWith(first) &&
    input.endsWith(last) &&
    first.length + last.length < input.length
  ) {
    const positions = place(input, segments, tokens.length);
    if (positions) {
      const ranges: RemovedRange[] = [];
      let prevEnd = first.length;
      tokens.forEach((t, i) => {
        const segStart = positions[i + 1] as number;
        ranges.push({ start: prevEnd, end: segStart, type: t.type });
        prevEnd = segStart + (segments[i + 1] as string).length;
      });
      return { ranges, exact: true };
    }
  }
  // Fallback: everything between the common prefix and the common suffix counts as removed.
  let pre = 0;
  while (pre < input.length && pre < output.length && input[pre] === output[pre]) pre++;
  let suf = 0;
  while (
    suf < input.length - pre &&
    suf < output.length - pre &&
    input[input.length - 1 - suf] === output[output.length - 1 - suf]
  )
    suf++;
  const type = tokens[0]?.type ?? 'UNKNOWN';
  return { ranges: pre < input.length - suf ? [{ start: pre, end: input.length - suf, type }] : [], exact: false };
}

/**
 * Finds positions for segments 1..n (segment 0 sits at 0, the last one at the end) so that every gap (a token's
 * input range) is non-empty. Depth-first, leftmost first, with a memo of dead ends.
 */
function place(input: string, segments: string[], tokenCount: number): number[] | null {
  const positions: number[] = new Array(segments.length).fill(0);
  const dead = new Set<number>();
  const lastIndex = segments.length - 1;
  const lastPos = input.length - (segments[lastIndex] as string).length;
  const visit = (i: number, prevEnd: number): boolean => {
    if (i === lastIndex) {
      if (lastPos > prevEnd) {
        positions[i] = lastPos;
        return true;
      }
      return false;
    }
    const key = i * (input.length + 1) + prevEnd;
    if (dead.has(key)) return false;
    const seg = segments[i] as string;
    for (let q = prevEnd + 1; q <= lastPos; q++) {
      const found = seg.length === 0 ? q : input.indexOf(seg, q);
      if (found < 0 || found + seg.length > lastPos) break;
      q = found;
      positions[i] = q;
      if (visit(i + 1, q + seg.length)) return true;
    }
    dead.add(key);
    return false;
  };
  positions[0] = 0;
  if (tokenCount === 0) return null;
  return visit(1, (segments[0] as string).length) ? positions : null;
}
