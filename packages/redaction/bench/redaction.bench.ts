/**
 * Redaction benchmarks, workloads W1–W8 of docs/design/redaction.md#measuring-it. Run: `pnpm exec tsc -b
 * packages/redaction && pnpm bench
 * redaction.bench`. Contenders: JSON.stringify of the record (the cost every exporter pays), fast-redact and
 * @pinojs/redact with equivalent key paths, seclog key-only mode and seclog full mode. All ratios come from the same
 * process run; each contender keeps its best of two alternating rounds (the machine is shared).
 */
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import type { Attributes } from '@opentelemetry/api';
import { LoggerProvider, type LogRecordProcessor } from '@opentelemetry/sdk-logs';
import pinoRedact from '@pinojs/redact';
import { createRedactor, RedactionProcessor, type Redactor } from '@seclog/redaction';
import { type Contender, formatRows, type Measurement, measure, TABLE_HEADER } from './measure.ts';
import { type BenchRecord, type Workload, w1, w2, w3, w4, w5, w6, w7, w8 } from './workloads.ts';

type RedactFn = ((o: unknown) => unknown) & { restore?: (o: unknown) => unknown };
const require = createRequire(import.meta.url);
const fastRedact = require('fast-redact') as (opts: { paths: string[]; serialize?: boolean }) => RedactFn;

/** `SECLOG_BENCH_QUICK=1`: a smoke run (short timings, fewer W7/W8 inputs) to check the harness, not for figures. */
const QUICK = process.env.SECLOG_BENCH_QUICK === '1';
const HMAC_KEY = { kid: 'bench', key: new Uint8Array(32).fill(7) };
const full = createRedactor({ hmac: HMAC_KEY });
const keyOnly = createRedactor({ mode: 'key-only', hmac: HMAC_KEY });
/** Key-only with every key class set to `redact`: the same work as a censor string (no HMAC), like fast-redact. */
const keyOnlyCensor = createRedactor({
  mode: 'key-only',
  hmac: HMAC_KEY,
  keyClasses: Object.fromEntries(Object.keys(keyOnly.policy.keyClasses).map((k) => [k, { action: 'redact' as const }])),
});
/** Raised limits so that W7 scans the whole 1 MiB (the default scans 64 KiB and marks the rest unscanned). */
const fullWholeMib = createRedactor({
  hmac: HMAC_KEY,
  limits: { maxScanBytes: 2 * 1024 * 1024, maxTotalStringBytes: 4 * 1024 * 1024 },
});

/** The end of an SDK pipeline that does nothing: isolates what emit + our processor cost. */
const noop: LogRecordProcessor = {
  onEmit: () => undefined,
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};
const bareLogger = new LoggerProvider({ processors: [noop] }).getLogger('bench');
const redactingLogger = new LoggerProvider({
  processors: [new RedactionProcessor({ next: noop, policy: { hmac: HMAC_KEY } })],
}).getLogger('bench');

function seclogRecord(r: Redactor, rec: BenchRecord): { body: unknown; attributes: unknown } {
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
  const pino = pinoRedact({ paths }) as unknown as RedactFn;
  const pinoNoSer = pinoRedact({ paths, serialize: false }) as unknown as RedactFn;
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
      { name: '@pinojs/redact (serialize)', run: () => recs.map((r) => pino(r)) },
      { name: '@pinojs/redact (no serialize)', run: () => recs.map((r) => pinoNoSer(r)) },
      { name: 'seclog key-only, redact actions', run: () => recs.map((r) => seclogRecord(keyOnlyCensor, r)) },
      {
        name: 'seclog key-only, redact actions + JSON.stringify',
        run: () => recs.map((r) => JSON.stringify(seclogRecord(keyOnlyCensor, r))),
      },
    );
  }
  if (keyBased) {
    list.push(
      {
        name: 'SDK emit, no-op processor',
        run: () => {
          for (const r of recs) bareLogger.emit({ body: r.body, attributes: r.attributes as Attributes });
          return recs.length;
        },
      },
      {
        name: 'SDK emit, RedactionProcessor (full)',
        run: () => {
          for (const r of recs) redactingLogger.emit({ body: r.body, attributes: r.attributes as Attributes });
          return recs.length;
        },
      },
    );
  }
  list.push(
    { name: 'seclog key-only', run: () => recs.map((r) => seclogRecord(keyOnly, r)) },
    { name: 'seclog full', run: () => recs.map((r) => seclogRecord(full, r)) },
    { name: 'seclog full + JSON.stringify', run: () => recs.map((r) => JSON.stringify(seclogRecord(full, r))) },
  );
  return list;
}

/** Share of planted values still present in each contender's serialized output. */
function leakRow(w: Workload): string {
  const paths = w.paths ?? GENERIC_PATHS;
  const fr = fastRedact({ paths });
  const pino = pinoRedact({ paths }) as unknown as RedactFn;
  const recs = w.records;
  const outputs = [
    recs.map((r) => fr(r) as string).join('\n'),
    recs.map((r) => pino(r) as string).join('\n'),
    recs.map((r) => JSON.stringify(seclogRecord(keyOnly, r))).join('\n'),
    recs.map((r) => JSON.stringify(seclogRecord(full, r))).join('\n'),
  ];
  // Compare in serialized form: the value as JSON.stringify would write it inside a string.
  const rates = outputs.map((out) =>
    w.planted.length === 0
      ? 0
      : w.planted.filter((v) => out.includes(JSON.stringify(v).slice(1, -1))).length / w.planted.length,
  );
  return `| ${w.id} | ${w.planted.length} | ${rates.map(pct).join(' | ')} |`;
}

function medianMs(fn: () => unknown, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

const find = (ms: readonly Measurement[], name: string): Measurement | undefined => ms.find((m) => m.name === name);
const ratio = (a: Measurement | undefined, b: Measurement | undefined): string =>
  a && b ? `${(a.medianNs / b.medianNs).toFixed(2)}×` : 'n/a';

async function main(): Promise<void> {
  const cpu = cpus()[0]?.model ?? 'unknown';
  console.log(`Node ${process.version}, ${cpus().length} × ${cpu}, ${new Date().toISOString()}`);
  const rows = [...TABLE_HEADER];
  const leakRows = [
    '| Workload | planted | fast-redact | @pinojs/redact | seclog key-only | seclog full |',
    '|---|---|---|---|---|---|',
  ];
  const targets: string[] = [];
  for (const w of [w1(), w2(), w3(), w4(), w5(), w6()]) {
    const keyBased = w.id === 'W1' || w.id === 'W2' || w.id === 'W6';
    const bytes = w.records.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)), 0);
    const ms = await measure(
      contenders(w, keyBased),
      w.records.length,
      bytes,
      QUICK ? 20 : w.id === 'W5' ? 400 : 250,
      QUICK ? 1 : 2,
    );
    rows.push(
      ...formatRows(`${w.id} ${w.title}`, ms, 'JSON.stringify', keyBased ? 'fast-redact (no serialize)' : undefined),
    );
    leakRows.push(leakRow(w));
    const json = find(ms, 'JSON.stringify');
    if (w.id === 'W1' || w.id === 'W2') {
      targets.push(
        `| ${w.id} key-only ≤ 1.0× fast-redact | key-only ${ratio(find(ms, 'seclog key-only'), find(ms, 'fast-redact (no serialize)'))} (redact actions ${ratio(find(ms, 'seclog key-only, redact actions'), find(ms, 'fast-redact (no serialize)'))}) vs no-serialize; redact actions + stringify ${ratio(find(ms, 'seclog key-only, redact actions + JSON.stringify'), find(ms, 'fast-redact (serialize)'))} vs fast-redact with serialize |`,
      );
    }
    if (keyBased) {
      targets.push(
        `| ${w.id} (info) SDK emit + RedactionProcessor vs bare SDK emit | ${ratio(find(ms, 'SDK emit, RedactionProcessor (full)'), find(ms, 'SDK emit, no-op processor'))} |`,
      );
    }
    if (['W1', 'W2', 'W3', 'W4'].includes(w.id)) {
      targets.push(`| ${w.id} full ≤ 1.0× JSON.stringify | ${ratio(find(ms, 'seclog full'), json)} |`);
    }
    console.error(`${w.id} done`);
  }

  // W8: 40k-line corpus at 5% and 50% dirty; one op = one pass over all lines.
  const w8Rows = ['| Corpus | Contender | MB/s | lines/s | ms per pass |', '|---|---|---|---|---|'];
  for (const rate of [0.05, 0.5]) {
    const corpus = w8(rate);
    const lines = QUICK ? corpus.lines.slice(0, 2000) : corpus.lines;
    const { planted, phones } = corpus;
    const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l), 0);
    const ms = await measure(
      [
        { name: 'JSON.stringify', run: () => lines.map((l) => JSON.stringify({ body: l })) },
        { name: 'seclog full', run: () => lines.map((l) => full.redactValue(l)) },
      ],
      lines.length,
      bytes,
      QUICK ? 20 : 800,
      QUICK ? 1 : 2,
    );
    const label = `W8 ${Math.round(rate * 100)}% dirty (${(bytes / 1e6).toFixed(1)} MB)`;
    for (const m of ms) {
      w8Rows.push(
        `| ${label} | ${m.name} | ${m.mbPerSec.toFixed(1)} | ${Math.round(m.opsPerSec).toLocaleString('en-US')} | ${((m.medianNs * lines.length) / 1e6).toFixed(1)} |`,
      );
    }
    targets.push(`| W8 ${Math.round(rate * 100)}% ≥ 100 MB/s | ${find(ms, 'seclog full')?.mbPerSec.toFixed(1)} MB/s |`);
    const records = lines.map((body): BenchRecord => ({ body, attributes: {} }));
    leakRows.push(leakRow({ id: `W8 ${Math.round(rate * 100)}%`, title: 'corpus', records, planted }));
    const out = lines.map((l) => full.redactValue(l) as string).join('\n');
    const phoneLeak = phones.length === 0 ? 0 : phones.filter((v) => out.includes(v)).length / phones.length;
    leakRows.push(
      `| W8 ${Math.round(rate * 100)}% phones (PHONE off in free text by default) | ${phones.length} | | | | ${pct(phoneLeak)} |`,
    );
  }

  // W7: adversarial 1 MiB strings, full mode; median of 3 runs (1 warm-up) with default limits and whole MiB scanned.
  const w7Rows = [
    '| Adversarial input (1 MiB) | default limits (64 KiB scanned) ms | whole MiB scanned ms/MiB |',
    '|---|---|---|',
  ];
  let worst = 0;
  let worstName = '';
  for (const { name, text } of QUICK ? w7().slice(0, 2) : w7()) {
    full.redactValue(text);
    const d = medianMs(() => full.redactValue(text), 3);
    fullWholeMib.redactValue(text);
    const u = medianMs(() => fullWholeMib.redactValue(text), 3) * ((1024 * 1024) / text.length);
    if (u > worst) {
      worst = u;
      worstName = name;
    }
    w7Rows.push(`| ${name} | ${d.toFixed(2)} | ${u.toFixed(2)} |`);
  }
  w7Rows.push('', `Worst case: ${worst.toFixed(1)} ms/MiB (${worstName}); target ≤ 50 ms/MiB.`);
  targets.push(`| W7 max ≤ 50 ms/MiB (whole MiB scanned) | ${worst.toFixed(1)} ms/MiB (${worstName}) |`);

  console.log(['', '### Per-record cost (W1–W6)', '', ...rows].join('\n'));
  console.log(['', '### Throughput (W8)', '', ...w8Rows].join('\n'));
  console.log(['', '### Adversarial inputs (W7)', '', ...w7Rows].join('\n'));
  console.log(
    ['', '### Leak rate of planted values (share surviving in serialized output)', '', ...leakRows].join('\n'),
  );
  console.log(['', '### Targets', '', '| Target | Measured |', '|---|---|', ...targets].join('\n'));
}

await main();
