import type { Finding } from './detector.js';

/** Orders two overlapping findings: the more specific detector wins (secret > PII > generic), then the longer span. */
function better(a: Finding, b: Finding): number {
  return a.priority - b.priority || b.end - b.start - (a.end - a.start) || a.start - b.start;
}

/**
 * Overlap resolution in O(n log n + Σ cluster²): findings are grouped into clusters of transitively overlapping
 * spans; inside a cluster the best findings are accepted greedily. Returns non-overlapping findings sorted by start.
 */
export function resolveOverlaps(found: Finding[]): Finding[] {
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const accepted: Finding[] = [];
  let i = 0;
  while (i < found.length) {
    let j = i + 1;
    let clusterEnd = found[i]!.end;
    while (j < found.length && found[j]!.start < clusterEnd) clusterEnd = Math.max(clusterEnd, found[j++]!.end);
    if (j === i + 1) accepted.push(found[i]!);
    else {
      const cluster = found.slice(i, j).sort(better);
      const chosen: Finding[] = [];
      for (const f of cluster) if (!chosen.some((a) => a.start < f.end && f.start < a.end)) chosen.push(f);
      chosen.sort((a, b) => a.start - b.start);
      for (const f of chosen) accepted.push(f);
    }
    i = j;
  }
  return accepted;
}
