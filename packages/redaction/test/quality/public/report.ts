/** Markdown tables of the public-corpus figures, tuning next to held-out (for BENCHMARKS.md and the reports). */
import type { Split } from './corpora.ts';
import {
  type FamilyRate,
  type LeakResult,
  type NegativeResult,
  recallByType,
  type TypeRecall,
  totalRate,
} from './evaluate.ts';

interface SplitResult {
  leaks: LeakResult[];
  negatives: NegativeResult[];
  benign: FamilyRate[];
}

const pct = (x: number, digits = 2): string => `${(x * 100).toFixed(digits)} %`;
const recallCell = (r: TypeRecall | undefined): string =>
  !r || r.cases === 0 ? '—' : `${r.recall.toFixed(4)} (${r.leaks} / ${r.cases})`;

/**
 * `details`: the splits whose failing cases are listed (shape-masked). Give only `['tuning']` to whoever tunes the
 * engine, so held-out cases stay unseen.
 */
export function formatReport(
  results: ReadonlyMap<Split, SplitResult>,
  details: readonly Split[] = ['tuning', 'heldout'],
): string {
  const tuning = results.get('tuning') as SplitResult;
  const held = results.get('heldout') as SplitResult;
  const out: string[] = [];

  const byContext = (r: SplitResult, context: 'fixture' | 'bare') =>
    recallByType(r.leaks.filter((l) => l.context === context));
  const tf = byContext(tuning, 'fixture');
  const tb = byContext(tuning, 'bare');
  const hf = byContext(held, 'fixture');
  const hb = byContext(held, 'bare');
  out.push(
    '| Claimed type | Tuning: in fixture text | Tuning: bare in a log line | Held-out: in fixture text | Held-out: bare in a log line |',
    '|---|---|---|---|---|',
  );
  for (const row of tf) {
    const find = (rows: TypeRecall[]) => rows.find((x) => x.type === row.type);
    out.push(
      `| ${row.type === 'unclaimed' ? '*not claimed (info)*' : row.type} | ${recallCell(row)} | ${recallCell(find(tb))} | ${recallCell(find(hf))} | ${recallCell(find(hb))} |`,
    );
  }
  const all = (rows: TypeRecall[]) => {
    const claimed = rows.filter((r) => r.type !== 'unclaimed');
    const cases = claimed.reduce((n, r) => n + r.cases, 0);
    const leaks = claimed.reduce((n, r) => n + r.leaks, 0);
    return { type: 'all', cases, leaks, recall: cases === 0 ? 1 : 1 - leaks / cases, examples: [] };
  };
  out.push(
    `| **all claimed** | **${recallCell(all(tf))}** | **${recallCell(all(tb))}** | **${recallCell(all(hf))}** | **${recallCell(all(hb))}** |`,
  );
  out.push('', 'Recall = 1 − leaks / cases, "(leaks / cases)".', '');

  out.push('| Scanner negatives | Tuning: changed / cases | Held-out: changed / cases |', '|---|---|---|');
  const sources = [...new Set([...tuning.negatives, ...held.negatives].map((n) => n.source))].sort();
  const negCell = (r: SplitResult, source: string) => {
    const rows = r.negatives.filter((n) => n.source === source && !n.excluded);
    const changed = rows.filter((n) => n.changed).length;
    return `${changed} / ${rows.length} (${pct(rows.length === 0 ? 0 : changed / rows.length, 1)})`;
  };
  for (const s of sources) out.push(`| ${s} | ${negCell(tuning, s)} | ${negCell(held, s)} |`);
  const excluded = [...tuning.negatives, ...held.negatives].filter((n) => n.excluded).length;
  out.push('', `${excluded} negatives that hold a credential or personal data anyway are left out (labels.ts).`, '');

  out.push(
    '| Log family | Tuning: changed / lines | Tuning: rate | Held-out: changed / lines | Held-out: rate |',
    '|---|---|---|---|---|',
  );
  for (const row of tuning.benign) {
    const h = held.benign.find((x) => x.family === row.family);
    out.push(
      `| ${row.family} | ${row.changed} / ${row.lines} | ${pct(row.rate)} | ${h ? `${h.changed} / ${h.lines}` : '—'} | ${h ? pct(h.rate) : '—'} |`,
    );
  }
  const tt = totalRate(tuning.benign);
  const ht = totalRate(held.benign);
  out.push(
    `| **all** | **${tt.changed} / ${tt.lines}** | **${pct(tt.rate)}** | **${ht.changed} / ${ht.lines}** | **${pct(ht.rate)}** |`,
    '',
    `Lines changed only by pseudonyms of real addresses (not counted): ${tt.pseudonymOnly} tuning, ${ht.pseudonymOnly} held-out.`,
  );

  out.push('', `<details><summary>Failing cases (shape-masked; splits: ${details.join(', ')})</summary>`, '');
  for (const [split, r] of [
    ['tuning', tuning],
    ['heldout', held],
  ] as const) {
    if (!details.includes(split)) continue;
    for (const t of recallByType(
      r.leaks.filter((l) => l.type !== null),
      1000,
    )) {
      if (t.leaks > 0) out.push(`- ${split} leak ${t.type}: ${t.examples.join(' | ')}`);
    }
    for (const n of r.negatives)
      if (n.changed && !n.excluded)
        out.push(`- ${split} negative ${n.source} ${n.rule} ${n.id}: ${n.findings.join(' ; ')}`);
    for (const f of r.benign) for (const e of f.examples) out.push(`- ${split} benign ${f.family}: ${e}`);
  }
  out.push('', '</details>', '');
  return out.join('\n');
}
