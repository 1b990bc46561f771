// `make bench` / `pnpm bench [filter…]`: runs the benchmarks and writes BENCHMARKS.md from their output.
//
// Every benchmark file (packages/*/bench/*.bench.ts, test/*/bench/*.bench.ts, collector/bench/*.bench.sh) runs in its
// own process, one after another, so that one benchmark's heap and JIT state do not colour the next. Its standard
// output (Markdown: tables and sentences, verdicts against the targets included) becomes one section, stored in
// benchmarks/results/<id>.md with the command, the date, the commit, Node and the CPU; BENCHMARKS.md is then
// assembled from every stored section. A filter re-runs only the matching benchmarks: their sections are replaced
// and the others stay as they were, each with its own date and commit. The section a run replaces is appended to
// benchmarks/HISTORY.md, so earlier figures are kept, dated, beside the latest ones. What the figures mean (a missed
// target's cause, the next lever) is written by hand in benchmarks/notes/<id>.md, which names the run it was written
// against, and is printed after the section.
// A benchmark that fails keeps its previous section and makes the run fail.
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const resultsDir = join(root, 'benchmarks', 'results');
const notesDir = join(root, 'benchmarks', 'notes');
const historyFile = join(root, 'benchmarks', 'HISTORY.md');
const assembleOnly = process.argv.includes('--assemble'); // rewrite BENCHMARKS.md from stored sections and notes
const only = process.argv.slice(2).filter((a) => a !== '--assemble');

/** Every benchmark, in the order of BENCHMARKS.md. */
function discover() {
  const found = [];
  for (const group of ['packages', 'test']) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) {
      const dir = join(base, name, 'bench');
      if (!existsSync(dir)) continue;
      for (const f of readdirSync(dir).sort()) {
        if (f.endsWith('.bench.ts')) found.push({ group, name, dir, file: f });
      }
    }
  }
  const collector = join(root, 'collector', 'bench');
  if (existsSync(collector)) {
    for (const f of readdirSync(collector).sort()) {
      if (f.endsWith('.bench.sh')) found.push({ group: 'collector', name: 'otelcol-seclog', dir: collector, file: f });
    }
  }
  return found.map((b) => {
    const short = b.file.replace(/\.bench\.(ts|sh)$/, '');
    const pkgJson = join(b.dir, '..', 'package.json');
    const title =
      b.group === 'packages' && existsSync(pkgJson) ? JSON.parse(readFileSync(pkgJson, 'utf8')).name : b.name;
    return {
      ...b,
      path: join(b.dir, b.file),
      id: `${b.group}.${b.name}.${short}`,
      heading: `${title}: ${short}`,
      command: `pnpm bench ${short}`,
    };
  });
}

/** The benchmark's own description: its first comment block, without the comment markers and the "Run:" hint. */
function description(path) {
  const lines = readFileSync(path, 'utf8').split('\n');
  const out = [];
  for (const line of lines) {
    if (line.startsWith('#!')) continue;
    const m = /^\s*(?:\/\*\*?|\*\/?|\/\/|#)\s?(.*)$/.exec(line);
    if (!m) break;
    if (line.trim() === '*/') break;
    out.push(m[1].replace(/\*\/\s*$/, ''));
  }
  return out
    .join(' ')
    .replace(/\s+/g, ' ')
    .replace(/\s*Run: .*?(?:\.(?=\s+[A-Z])|$)/, '')
    .trim();
}

/**
 * Output as Markdown: tables and fenced blocks kept as they are, every other line its own paragraph. Output with no
 * table and no fence is plain text (aligned columns) and goes into one fenced block.
 */
function toMarkdown(output) {
  const lines = output.replace(/\s+$/, '').split('\n');
  if (!lines.some((l) => l.startsWith('|') || l.startsWith('```'))) return ['```text', ...lines, '```'].join('\n');
  const out = [];
  let fenced = false;
  let previous = 'blank';
  for (const line of lines) {
    if (line.startsWith('```')) fenced = !fenced;
    const kind =
      line.trim() === ''
        ? 'blank'
        : fenced || line.startsWith('```')
          ? 'fence'
          : line.startsWith('|')
            ? 'table'
            : 'text';
    if (kind !== 'blank' && previous !== 'blank' && !(kind === previous && kind !== 'text')) out.push('');
    out.push(line);
    previous = kind;
  }
  return out.join('\n');
}

function git(...args) {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

function machine() {
  const cpu = cpus();
  return `Node ${process.version}, ${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length}`;
}

/** Runs one benchmark, echoing its output; resolves with the exit code and what it printed. */
function runOne(bench) {
  const [cmd, args] = bench.file.endsWith('.sh')
    ? ['bash', [bench.path]]
    : [process.execPath, ['--expose-gc', bench.path]];
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      text += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), text }));
  });
}

function section(bench, started, seconds, loads, output) {
  const commit = git('rev-parse', '--short', 'HEAD') || 'unknown';
  const dirty = git('status', '--porcelain', '--untracked-files=no') ? ' with uncommitted changes' : '';
  return [
    `## ${bench.heading}`,
    '',
    description(bench.path),
    '',
    `Command: \`${bench.command}\` (\`${bench.path.slice(root.length)}\`). Run ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC ` +
      `at \`${commit}\`${dirty}, ${machine()}, load average ${loads[0].toFixed(2)} before and ${loads[1].toFixed(2)} after, ` +
      `${Math.round(seconds)} s.`,
    '',
    toMarkdown(output),
    '',
  ].join('\n');
}

function assemble(benches) {
  const parts = [
    '# Benchmarks',
    '',
    '<!-- Generated by `make bench` (scripts/run-benchmarks.mjs) from benchmarks/results/; do not edit by hand. -->',
    '',
    'The latest figures of every benchmark, each section as its benchmark printed it, with its command, date, commit and',
    'machine. `make bench` runs them all; `pnpm bench <name>` re-runs one and replaces only its section. Earlier figures,',
    'dated, with the analysis written at the time: [benchmarks/HISTORY.md](benchmarks/HISTORY.md). The machine is shared',
    'with other work: ratios come from one process and alternating rounds, and CPU time rather than wall time is',
    'reported where the benchmark can.',
    '',
  ];
  // A note must name a benchmark's id exactly, or it is never shown (the gateway's was not, for a day).
  const ids = new Set(benches.map((b) => b.id));
  const orphans = readdirSync(notesDir).filter((f) => f.endsWith('.md') && !ids.has(f.slice(0, -3)));
  if (orphans.length > 0) throw new Error(`benchmarks/notes without a benchmark of that id: ${orphans.join(', ')}`);
  const present = benches.filter((b) => existsSync(join(resultsDir, `${b.id}.md`)));
  for (const b of present) {
    const anchor = b.heading
      .toLowerCase()
      .replace(/[^a-z0-9 -]/g, '')
      .replace(/ /g, '-');
    parts.push(`- [${b.heading}](#${anchor})`);
  }
  for (const b of benches.filter((x) => !present.includes(x))) parts.push(`- ${b.heading}: not run yet`);
  parts.push('');
  for (const b of present) {
    parts.push(readFileSync(join(resultsDir, `${b.id}.md`), 'utf8'));
    const notes = join(notesDir, `${b.id}.md`);
    if (existsSync(notes)) parts.push(`### Reading the figures\n\n${readFileSync(notes, 'utf8').trim()}\n`);
  }
  writeFileSync(join(root, 'BENCHMARKS.md'), `${parts.join('\n').replace(/\n+$/, '')}\n`);
}

const benches = discover();
const selected = benches.filter(
  (b) => only.length === 0 || only.some((o) => b.file.includes(o) || b.name.includes(o) || b.id.includes(o)),
);
mkdirSync(resultsDir, { recursive: true });
let failed = 0;
for (const bench of assembleOnly ? [] : selected) {
  console.log(`\n=== ${bench.path.slice(root.length)} ===`);
  const started = new Date();
  const before = loadavg()[0];
  const { code, text } = await runOne(bench);
  const seconds = (Date.now() - started.getTime()) / 1000;
  if (code !== 0) {
    failed++;
    console.error(`${basename(bench.path)} failed (exit ${code}); its section in BENCHMARKS.md is left as it was`);
    continue;
  }
  const file = join(resultsDir, `${bench.id}.md`);
  if (existsSync(file))
    appendFileSync(historyFile, `\n${readFileSync(file, 'utf8').replace(/^## /, '### (replaced) ')}`);
  writeFileSync(file, section(bench, started, seconds, [before, loadavg()[0]], text));
}
assemble(benches);
if (failed > 0) {
  console.error(`${failed} benchmark file(s) failed`);
  process.exit(1);
}
