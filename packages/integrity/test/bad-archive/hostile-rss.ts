/**
 * Peak RSS of `seclog verify` on archives whose one record is hostile (not written by seclog): a sparse array of
 * 10 million elements (as `{}` and as `null`), 1 million levels of nesting, a map of 1.2 million entries, 20 million
 * integers, one 60 MB string, and a legitimate 60 MB line of 100,000 sealed records. Each archive is a sealed stream of
 * 20 records whose record 5 is replaced by the hostile one (sealed as the `olcf1-unverifiable` leaf a producer would
 * seal for it). Not part of the test run: it writes up to ~60 MB per case to a temp directory and takes ~30 s.
 *
 *   node packages/integrity/test/bad-archive/hostile-rss.ts
 *
 * The bin runs in a child Node with the heap flags it sets for itself, preloaded with a hook that prints the child's
 * own peak RSS (`process.resourceUsage().maxRSS`) at exit.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSyntheticStream, type Json, recordAt, testKeys } from '../verify/synthetic-archive.ts';

const root = new URL('../../../..', import.meta.url).pathname;
const bin = join(root, 'packages/cli/dist/bin.js');
const dir = mkdtempSync(join(tmpdir(), 'seclog-hostile-rss-'));
const keys = testKeys();
const pem = join(dir, 'key.pub.pem');
writeFileSync(pem, keys.publicKey.export({ format: 'pem', type: 'spki' }));

/** A value the producer seals as unverifiable with the given reason (the leaf depends on the reason only). */
const sealedAs = {
  'too-many-values': { arrayValue: { values: new Array(1_000_001) } },
  'depth-exceeded': nested(130),
};

function nested(levels: number): Json {
  let v: Json = {};
  for (let i = 0; i < levels; i++) v = { arrayValue: { values: [v] } };
  return v;
}

interface Case {
  readonly name: string;
  readonly reason: keyof typeof sealedAs | 'none';
  /** JSON text of the hostile attribute value. */
  readonly text: () => string;
}

const cases: Case[] = [
  {
    name: 'sparse array, 10M elements as {}',
    reason: 'too-many-values',
    text: () => `{"arrayValue":{"values":[${'{},'.repeat(9_999_999)}{}]}}`,
  },
  {
    name: 'sparse array, 10M elements as null',
    reason: 'too-many-values',
    text: () => `{"arrayValue":{"values":[${'null,'.repeat(9_999_999)}null]}}`,
  },
  {
    name: 'nesting 1M levels deep',
    reason: 'depth-exceeded',
    text: () => `${'{"arrayValue":{"values":['.repeat(1_000_000)}{}${']}}'.repeat(1_000_000)}`,
  },
  {
    name: 'map of 1.2M entries',
    reason: 'too-many-values',
    text: () => {
      const entries: string[] = [];
      for (let i = 0; i < 1_200_000; i++) entries.push(`{"key":"k${i}","value":{"intValue":"${i}"}}`);
      return `{"kvlistValue":{"values":[${entries.join(',')}]}}`;
    },
  },
  {
    name: '20M integers',
    reason: 'too-many-values',
    text: () => `{"arrayValue":{"values":[${'0,'.repeat(19_999_999)}0]}}`,
  },
  {
    name: 'one 60 MB string',
    reason: 'none',
    text: () => `{"stringValue":"${'x'.repeat(60_000_000)}"}`,
  },
];

function measure(file: string): { status: number | null; rssMiB: number; seconds: number; records: string } {
  const hook = `process.on('exit', () => process.stderr.write('\\nmaxRSS ' + process.resourceUsage().maxRSS + '\\n'));`;
  const t0 = Date.now();
  const r = spawnSync(
    process.execPath,
    [
      '--max-semi-space-size=1',
      '--max-old-space-size=512',
      '--import',
      `data:text/javascript,${encodeURIComponent(hook)}`,
      bin,
      'verify',
      '--public-key',
      pem,
      file,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const rss = /maxRSS (\d+)/.exec(r.stderr);
  const records = /^ {2}records (.*)$/m.exec(r.stdout)?.[1] ?? r.stderr.trim().split('\n')[0] ?? '?';
  return {
    status: r.status,
    rssMiB: rss ? Number(rss[1]) / 1024 : Number.NaN,
    seconds: (Date.now() - t0) / 1000,
    records,
  };
}

try {
  console.log(`Node ${process.version}; seclog verify (bin, --max-old-space-size=512)`);
  for (const c of cases) {
    const s = await buildSyntheticStream({
      signer: keys.signer,
      records: 20,
      perCheckpoint: 8,
      // A value with few structural tokens (one long string) is sealed as it is, and parsed and checked as it is.
      attributes: (seq) =>
        seq === 5 ? [{ key: 'hostile', value: c.reason === 'none' ? JSON.parse(c.text()) : sealedAs[c.reason] }] : [],
    });
    const hostile = recordAt(s.requests, 5).attributes.find((kv: Json) => kv.key === 'hostile');
    hostile.value = '__HOSTILE__';
    const text = `${s.requests.map((r) => JSON.stringify(r)).join('\n')}\n`.replace('"__HOSTILE__"', c.text());
    const file = join(dir, 'hostile.jsonl');
    writeFileSync(file, text);
    const m = measure(file);
    const mb = (statSync(file).size / 1e6).toFixed(0);
    console.log(
      `${c.name.padEnd(36)} ${mb.padStart(3)} MB  exit ${m.status}  peak RSS ${m.rssMiB.toFixed(0)} MiB  ${m.seconds.toFixed(1)} s  records ${m.records}`,
    );
  }
  const big = await buildSyntheticStream({
    signer: keys.signer,
    records: 100_000,
    perCheckpoint: 1024,
    perRequest: 100_000,
  });
  const file = join(dir, 'big-line.jsonl');
  writeFileSync(file, `${big.requests.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const m = measure(file);
  console.log(
    `${'legit line of 100k sealed records'.padEnd(36)} ${(statSync(file).size / 1e6).toFixed(0).padStart(3)} MB  exit ${m.status}  peak RSS ${m.rssMiB.toFixed(0)} MiB  ${m.seconds.toFixed(1)} s  records ${m.records}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
