/**
 * Redaction benchmarks, workloads W1–W8 of design §12.1. Run: `pnpm exec tsc -b packages/redaction && pnpm bench
 * redaction`. Contenders: JSON.stringify of the record (the cost every exporter pays), fast-redact and @pinojs/redact
 * with equivalent key paths, seclog key-only mode and seclog full mode. All ratios come from the same process run.
 */
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import pinoRedact from '@pinojs/redact';
import { createRedactor, type Redactor } from '@seclog/redaction';
import { type Contender, formatRows, measure, TABLE_HEADER } from './measure.ts';
import { type BenchRecord, type Workload, w1, w2, w3, w4, w5, w6, w7, w8 } from './workloads.ts';

type RedactFn = ((o: unknown) => unknown) & { restore?: (o: unknown) => unknown };
const require = createRequire(import.meta.url);
const fastRedact = require('fast-redact') as (opts: {
  paths: string[];
  serialize?: boolean | ((o: unknown) => string);
}) => RedactFn;

const HMAC_KEY = { kid: 'bench', key: new Uint8Array(32).fill(7) };
const full = createRedactor({ hmac: HMAC_KEY });
const keyOnly = createRedactor({ mode: 'key-only', hmac: HMAC_KEY });
/** Raised limits so that W7 scans the whole 1 MiB (the default keeps 64 KiB and truncates the rest). */
const fullUnbounded = createRedactor({
  hmac: HMAC_KEY,
  limits: { maxScanBytes: 2 * 1024 * 1024, maxTotalStringBytes: 4 * 1024 * 1024 },
});

function seclogRecord(r: Redactor, rec: BenchRecord): unknown {
  return { body: r.redactValue(rec.body), attributes: r.redactAttributes(rec.attributes) };
}

/** Paths for the key-only contenders on workloads without their own (what a pino user would configure). */
const GENERIC_PATHS = [
  'attributes.password',
  'attributes.headers.authorization',
  'attributes.headers.cookie',
  'body.password',
  'body.apiKey',
  'body.*.apiKey',
];

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/**
 * Contenders for one workload. The key-path redactors only run on key-based workloads (W1, W2, W6): on text bodies
 * they have nothing to do, and their leak rate there is reported instead.
 */
function contenders(w: Workload, keyBased: boolean): Contender[] {
  const paths = w.paths ?? GENERIC_PATHS;
  const fr = fastRedact({ paths });
  const frNoSer = fastRedact({ paths, serialize: false });
  const pino = pinoRedact({ paths, serialize: false }) as unknown as RedactFn;
  const recs = w.records;
  const list: Contender[] = [{ name: 'JSON.stringify', run: () => recs.map((r) => JSON.stringify(r)) }];
  if (keyBased) {
    list.push(
      { name: 'fast-redact (serialize)', run: () => recs.map((r) => fr(r)) },
      {
        name: 'fast-redact (no serialize)',
        run: () => {
          for (const r of recs) {
            frNoSer(r);
            frNoSer.restore?.(r);
          }
          return recs.length;
        },
      },
      { name: '@pinojs/redact (no serialize)', run: () => recs.map((r) => pino(r)) },
    );
  }
  list.push(
    { name: 'seclog key-only', run: () => recs.map((r) => seclogRecord(keyOnly, r)) },
    { name: 'seclog full', run: () => recs.map((r) => seclogRecord(full, r)) },
  );
  return list;
}

/** Share of planted values still present in each contender's serialized output. */
function leakRates(w: Workload): Record<string, number> {
  const paths = w.paths ?? GENERIC_PATHS;
  const fr = fastRedact({ paths });
  const pino = pinoRedact({ paths, serialize: false }) as unknown as RedactFn;
  const recs = w.records;
  const outputs: Record<string, string> = {
    'fast-redact': recs.map((r) => fr(r) as string).join('\n'),
    '@pinojs/redact': recs.map((r) => JSON.stringify(pino(r))).join('\n'),
    'seclog key-only': recs.map((r) => JSON.stringify(seclogRecord(keyOnly, r))).join('\n'),
    'seclog full': recs.map((r) => JSON.stringify(seclogRecord(full, r))).join('\n'),
  };
  const leak: Record<string, number> = {};
  for (const [name, out] of Object.entries(outputs)) {
    // Compare in serialized form: the value as JSON.stringify would write it inside a string.
    const survived = w.planted.filter((v) => out.includes(JSON.stringify(v).slice(1, -1))).length;
    leak[name] = w.planted.length === 0 ? 0 : survived / w.planted.length;
  }
  return leak;
}

function leakRow(w: Workload): string {
  const leak = leakRates(w);
  return `| ${w.id} | ${w.planted.length} | ${pct(leak['fast-redact'] ?? 0)} | ${pct(leak['@pinojs/redact'] ?? 0)} | ${pct(leak['seclog key-only'] ?? 0)} | ${pct(leak['seclog full'] ?? 0)} |`;
}

async function main(): Promise<void> {
  const cpu = cpus()[0]?.model ?? 'unknown';
  console.log(`Node ${process.version}, ${cpus().length} × ${cpu}, ${new Date().toISOString()}`);
  const rows = [...TABLE_HEADER];
  const leakRows = [
    '| Workload | planted | fast-redact | @pinojs/redact | seclog key-only | seclog full |',
    '|---|---|---|---|---|---|',
  ];
  for (const w of [w1(), w2(), w3(), w4(), w5(), w6()]) {
    const list = contenders(w, w.id === 'W1' || w.id === 'W2' || w.id === 'W6');
    const bytes = w.records.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)), 0);
    const ms = await measure(list, w.records.length, bytes, w.id === 'W5' ? 400 : 250);
    rows.push(...formatRows(`${w.id} ${w.title}`, ms, 'JSON.stringify', 'fast-redact (no serialize)'));
    leakRows.push(leakRow(w));
    console.log(`${w.id} done`);
  }

  // W8: 40k-line corpus at 5% and 50% dirty; one op = one pass over all lines.
  const w8Rows = ['| Corpus | Contender | MB/s | lines/s | pass ms |', '|---|---|---|---|---|'];
  for (const rate of [0.05, 0.5]) {
    const { lines, planted } = w8(rate);
    const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l), 0);
    const ms = await measure(
      [
        { name: 'JSON.stringify', run: () => lines.map((l) => JSON.stringify({ body: l })) },
        { name: 'seclog full', run: () => lines.map((l) => full.redactValue(l)) },
      ],
      lines.length,
      bytes,
      1500,
      2,
    );
    for (const m of ms) {
      w8Rows.push(
        `| W8 ${Math.round(rate * 100)}% dirty (${(bytes / 1e6).toFixed(1)} MB) | ${m.name} | ${m.mbPerSec.toFixed(1)} | ${Math.round(m.opsPerSec).toLocaleString('en-US')} | ${((m.medianNs * lines.length) / 1e6).toFixed(1)} |`,
      );
    }
    const records = lines.map((body): BenchRecord => ({ body, attributes: {} }));
    leakRows.push(leakRow({ id: `W8 ${Math.round(rate * 100)}%`, title: 'corpus', records, planted }));
  }

  // W7: adversarial 1 MiB strings, full mode with default limits and with the whole MiB scanned.
  const w7Rows = ['| Adversarial input (1 MiB) | default limits ms | whole MiB scanned ms/MiB |', '|---|---|---|'];
  let worst = 0;
  let worstName = '';
  for (const { name, text } of w7()) {
    const [d, u] = await measure(
      [
        { name: 'default', run: () => full.redactValue(text) },
        { name: 'unbounded', run: () => fullUnbounded.redactValue(text) },
      ],
      1,
      text.length,
      150,
      1,
    );
    const perMib = ((u?.medianNs ?? 0) / 1e6) * ((1024 * 1024) / text.length);
    if (perMib > worst) {
      worst = perMib;
      worstName = name;
    }
    w7Rows.push(`| ${name} | ${((d?.medianNs ?? 0) / 1e6).toFixed(2)} | ${perMib.toFixed(2)} |`);
  }
  w7Rows.push('', `Worst case: ${worst.toFixed(2)} ms/MiB (${worstName}); target ≤ 50 ms/MiB.`);

  console.log(['', '### Per-record cost (W1–W6)', '', ...rows].join('\n'));
  console.log(['', '### Throughput (W8)', '', ...w8Rows].join('\n'));
  console.log(['', '### Adversarial inputs (W7)', '', ...w7Rows].join('\n'));
  console.log(
    ['', '### Leak rate of planted values (share surviving in serialized output)', '', ...leakRows].join('\n'),
  );
}

await main();
