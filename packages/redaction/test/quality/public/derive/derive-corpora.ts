/**
 * Re-derives the public evaluation corpora under `packages/redaction/test/quality/corpus/public/` from package
 * registry artefacts (Go module proxy, Debian source packages, npm, PyPI). It downloads; the tests never do.
 *
 * ```sh
 * source scripts/env.sh
 * node packages/redaction/test/quality/public/derive/derive-corpora.ts [gitleaks] [logs] [user-agents] [pii]
 * ```
 *
 * Needs go, apt-get (as root: it keeps its own apt lists under the work directory and leaves the system's alone),
 * npm, python3 with venv, tar, xz and unzip. Work files go to `$SECLOG_DERIVE_WORK` (default: a directory under the
 * system temp directory). Every artefact is checked against the SHA-256 pinned below; each corpus directory gets its
 * LICENSE and a PROVENANCE.md with the SHA-256 of the artefact and of every derived file, and the manifest
 * (`../corpus-manifest.ts`) is rewritten. No code of the scanned projects is written into the repository; gitleaks'
 * generator runs in the work directory only, with two of its files replaced by `gitleaks/*.go.txt` (seclog's own).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { isHeldOut } from '../corpora.ts';

const HERE = import.meta.dirname;
const REPO_ROOT = join(HERE, '..', '..', '..', '..', '..', '..');
const OUT = join(REPO_ROOT, 'packages', 'redaction', 'test', 'quality', 'corpus', 'public');
const WORK = process.env.SECLOG_DERIVE_WORK ?? join(tmpdir(), 'seclog-corpora-derive');
const DATE = process.env.SECLOG_DERIVE_DATE ?? new Date().toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------------------------
// Pinned artefacts

const GITLEAKS = {
  module: 'github.com/zricethezav/gitleaks/v8',
  version: 'v8.30.1',
  sha256: '4fd70631c0f6159e38fdb99ad126e3ba60d4212420062029d3dc5f510f6f2961',
};
const DEBIAN = {
  lnav: {
    source: 'lnav',
    version: '0.12.4-1+deb13u1',
    suite: 'trixie',
    file: 'lnav_0.12.4.orig.tar.xz',
    sha256: '388717d1cecc9b5b1fc2bc68a8b4221f4d071582e7506f83e281148c850f071e',
    license: 'BSD-2-Clause',
  },
  mtail: {
    source: 'mtail',
    version: '3.2.24-2',
    suite: 'sid',
    file: 'mtail_3.2.24.orig.tar.gz',
    sha256: '7c32e8670ab497253be88b8417fb80eaba310345c45af4b817ef32d34a3071f6',
    license: 'Apache-2.0',
  },
  crowdsec: {
    source: 'crowdsec',
    version: '1.4.6-6~deb12u1',
    suite: 'bookworm',
    file: 'crowdsec_1.4.6.orig.tar.gz',
    sha256: 'acec1560593da78e37acbf44f2337a1e3026646ece00ab02eded78f71a2adda3',
    license: 'MIT',
  },
  crowdsecHub: {
    source: 'crowdsec',
    version: '1.4.6-6~deb12u1',
    suite: 'bookworm',
    file: 'crowdsec_1.4.6.orig-hub1.tar.gz',
    sha256: 'c7bd790be9e03a5eff7e6713ac7562a107e31984f28d26222d72f38d4bf269e6',
    license: 'MIT',
  },
} as const;
const USER_AGENTS = {
  name: 'user-agents',
  version: '2.1.198',
  sha256: '581c4f5074669b6f125263b8ddf302d221a26a06842488c6cc8d50dc5c5c0851',
};
const PRESIDIO_EVALUATOR = {
  name: 'presidio-evaluator',
  version: '0.3.2',
  file: 'presidio_evaluator-0.3.2-py3-none-any.whl',
  sha256: '57614fe604e52b78e6de25b767c59265886b93bbcdc6c7e43ab2657d3f6302be',
  // What the generator imports, pinned to the versions the corpus was generated with.
  deps: [
    'faker==40.63.0',
    'numpy==2.4.6',
    'pandas==3.1.1',
    'tqdm',
    'python-dotenv',
    'requests',
    'spacy==3.8.18',
    'presidio-analyzer==2.2.366',
    'presidio-anonymizer==2.2.366',
  ],
  sentences: 3000,
  seed: 42,
};

// ---------------------------------------------------------------------------------------------------------------
// Helpers

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const sha256File = (file: string): string => sha256(readFileSync(file));

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; allowFail?: boolean } = {}) {
  try {
    return execFileSync(cmd, args, {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
    }).toString();
  } catch (err) {
    if (opts.allowFail) return '';
    throw err;
  }
}

function checkPinned(file: string, want: string): string {
  const got = sha256File(file);
  if (got !== want) throw new Error(`${basename(file)}: SHA-256 ${got}, pinned ${want}`);
  return got;
}

function fresh(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Lines of a text file: `\n`-separated, a trailing `\r` removed, empty lines dropped. */
function textLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim().length > 0);
}

/** Every k-th line (k = ⌈n / cap⌉), file order kept. */
function capLines(lines: string[], cap: number): string[] {
  if (lines.length <= cap) return lines;
  const k = Math.ceil(lines.length / cap);
  return lines.filter((_, i) => i % k === 0);
}

interface Written {
  file: string;
  units: number;
  sha256: string;
}

function writeSplit(dir: string, name: (split: string) => string, units: string[], key: (u: string) => string) {
  const written: Written[] = [];
  for (const split of ['tuning', 'heldout'] as const) {
    const part = units.filter((u) => isHeldOut(key(u)) === (split === 'heldout'));
    const file = join(dir, name(split));
    writeFileSync(file, part.length === 0 ? '' : `${part.join('\n')}\n`);
    written.push({ file, units: part.length, sha256: sha256File(file) });
  }
  return written;
}

const SPLIT_TEXT = (key: string, files: string) =>
  `Deterministic: a unit is **held out** iff the first 32 bits of SHA-256 (UTF-8) of its key, mod 10, are < 3 (≈ 30 %);
everything else is the **tuning** part. Key: ${key}. Files: ${files}. Whoever tunes the engine may read the tuning
part only; the held-out part is for measuring.`;

function fileTable(dir: string, files: Written[]): string {
  return [
    '| File | Units | SHA-256 |',
    '|---|---|---|',
    ...files.map((f) => `| \`${relative(dir, f.file)}\` | ${f.units} | \`${f.sha256}\` |`),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// gitleaks: every true/false positive its rule generator validates, with the secret its detector reports

function deriveGitleaks(): void {
  const work = fresh(join(WORK, 'gitleaks'));
  mkdirSync(join(work, 'dl'));
  writeFileSync(join(work, 'dl', 'go.mod'), 'module seclog.local/dl\n\ngo 1.24\n');
  const info = JSON.parse(
    run('go', ['mod', 'download', '-json', `${GITLEAKS.module}@${GITLEAKS.version}`], {
      cwd: join(work, 'dl'),
      env: { GOFLAGS: '-mod=mod' },
    }),
  ) as { Zip: string; Sum: string };
  const zipSha = checkPinned(info.Zip, GITLEAKS.sha256);
  run('unzip', ['-q', info.Zip, '-d', join(work, 'src')]);
  const src = join(work, 'src', `${GITLEAKS.module}@${GITLEAKS.version}`);

  // A scratch module that calls every rule constructor gitleaks' generator calls, in its order, with the two files
  // that validate and generate secrets replaced (build overlay) by seclog's recording versions.
  const rulesInOrder = [
    ...readFileSync(join(src, 'cmd', 'generate', 'config', 'main.go'), 'utf8').matchAll(/rules\.(\w+)\(\)/g),
  ].map((m) => m[1] as string);
  const run_ = join(work, 'run');
  mkdirSync(run_);
  writeFileSync(
    join(run_, 'go.mod'),
    `module seclog.local/gitleaks-cases\n\ngo 1.24\n\nrequire ${GITLEAKS.module} ${GITLEAKS.version}\n\nreplace ${GITLEAKS.module} => ${src}\n`,
  );
  writeFileSync(
    join(run_, 'main.go'),
    [
      'package main',
      '',
      'import (',
      '\t"hash/fnv"',
      '',
      `\t"${GITLEAKS.module}/cmd/generate/config/rules"`,
      `\t"${GITLEAKS.module}/cmd/generate/secrets"`,
      ')',
      '',
      'func seed(name string) int64 { h := fnv.New32a(); h.Write([]byte(name)); return int64(h.Sum32()) }',
      '',
      'func main() {',
      ...rulesInOrder.map((f) => `\tsecrets.SetSeedBase(seed("${f}")); rules.${f}()`),
      '}',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(run_, 'overlay.json'),
    JSON.stringify({
      Replace: {
        [join(src, 'cmd', 'generate', 'config', 'utils', 'validate.go')]: join(HERE, 'gitleaks', 'validate.go.txt'),
        [join(src, 'cmd', 'generate', 'secrets', 'regen.go')]: join(HERE, 'gitleaks', 'regen.go.txt'),
      },
    }),
  );
  run('go', ['mod', 'tidy'], { cwd: run_, env: { GOFLAGS: '-mod=mod' } });
  const recorded = join(work, 'recorded.jsonl');
  run('go', ['run', '-overlay', 'overlay.json', '.'], { cwd: run_, env: { SECLOG_GITLEAKS_CASES: recorded } });

  // Go's map order makes the recording order vary between runs; sorting and de-duplicating makes the corpus exact.
  const seen = new Set<string>();
  const cases: string[] = [];
  for (const line of [...new Set(textLines(recorded))].sort()) {
    const r = JSON.parse(line) as { rule: string; kind: 'positive' | 'negative'; text: string; secrets: string[] };
    // The id keeps the form the hand labels (labels.ts) were keyed with: gitleaks' own names for the two kinds.
    const k = `${r.rule}\0${r.kind === 'positive' ? 'tp' : 'fp'}\0${r.text}`;
    if (seen.has(k) || r.text.length === 0) continue;
    seen.add(k);
    cases.push(
      JSON.stringify({ id: sha256(k).slice(0, 16), rule: r.rule, kind: r.kind, text: r.text, secrets: r.secrets }),
    );
  }
  const dir = fresh(join(OUT, 'scanner-fixtures', 'gitleaks'));
  copyFileSync(join(src, 'LICENSE'), join(dir, 'LICENSE'));
  const files = writeSplit(
    dir,
    (s) => `cases.${s}.jsonl`,
    cases,
    (u) => {
      const c = JSON.parse(u) as { rule: string; kind: string; text: string; secrets: string[] };
      return c.kind === 'positive' ? `${c.rule}\0${c.secrets[0] ?? c.text}` : c.text;
    },
  );
  const positives = cases.filter((c) => c.includes('"kind":"positive"')).length;
  writeFileSync(
    join(dir, 'PROVENANCE.md'),
    `# gitleaks rule fixtures

- Registry: Go module proxy. Module \`${GITLEAKS.module}\`, version \`${GITLEAKS.version}\`; artefact: the module zip
  \`${GITLEAKS.version}.zip\`, SHA-256 \`${zipSha}\` (go.sum \`${info.Sum}\`).
- Licence: MIT (\`LICENSE\`, copied unchanged from the module). Data only; no gitleaks code is in this repository.
- What: the true positives (\`tps\`) and false positives (\`fps\`) each rule of gitleaks' default configuration is
  validated with (\`cmd/generate/config/rules/*.go\`): ${rulesInOrder.length} rule constructors. Many true positives
  are generated by gitleaks at run time (random strings from each rule's regex, put into ~26 assignment contexts:
  INI, JSON, YAML, Go, Java, PHP, Makefile, …).
- Derived on ${DATE} by \`packages/redaction/test/quality/public/derive/derive-corpora.ts gitleaks\`: the module's rule
  generator was built in a scratch directory with two files replaced by seclog's own (\`derive/gitleaks/*.go.txt\`):
  \`Validate\`/\`ValidateWithPaths\` record every case instead of checking it, with the secrets gitleaks' detector
  (that rule alone plus the global allowlist, as gitleaks validates) reports for each true positive; \`NewSecret\`
  seeds its generator from the rule name and a counter, so that a re-run yields the same values. A true positive
  found only with its file path, or a false positive quiet only because of its path, is dropped (text alone here).
  Records sorted, duplicates (rule, kind, text) removed.
- Format: JSON lines \`{id, rule, kind: "positive"|"negative", text, secrets[]}\`; \`id\` = first 16 hex of
  SHA-256(rule NUL \`tp\`|\`fp\` NUL text) (gitleaks' names for true and false positives).
- Size: ${cases.length} cases (${positives} positives, ${cases.length - positives} negatives).

${fileTable(dir, files)}

## Split

${SPLIT_TEXT("a positive's rule + NUL + its first reported secret (every context of one generated secret lands on the same side); a negative's text", '`cases.tuning.jsonl`, `cases.heldout.jsonl`')}
`,
  );
  console.log(`gitleaks: ${cases.length} cases`);
}

// ---------------------------------------------------------------------------------------------------------------
// Debian source packages: lnav, mtail and crowdsec test logs

type DebianArtefact = (typeof DEBIAN)[keyof typeof DEBIAN];

/**
 * deb-src entries made from the machine's own apt sources (deb822 `*.sources`): each `Types: deb` block of the main
 * archive (its suites are plain code names, not `-security`/`-updates`) copied as `deb-src` for the suites the pinned
 * packages come from.
 */
function debSrcEntries(): string {
  const dir = '/etc/apt/sources.list.d';
  const blocks = readdirSync(dir)
    .filter((f) => f.endsWith('.sources'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split(/\n\s*\n/));
  const suites = [...new Set(Object.values(DEBIAN).map((a) => a.suite))].join(' ');
  const out: string[] = [];
  for (const b of blocks) {
    const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'm').exec(b)?.[1]?.trim();
    if (!/\bdeb\b/.test(field('Types') ?? '') || !/^[a-z]+$/.test((field('Suites') ?? '').split(/\s+/)[0] ?? ''))
      continue;
    const signed = field('Signed-By');
    out.push(
      `Types: deb-src\nURIs: ${field('URIs')}\nSuites: ${suites}\nComponents: main\n${signed ? `Signed-By: ${signed}\n` : ''}`,
    );
  }
  if (out.length === 0) throw new Error(`no Debian archive entry in ${dir}/*.sources to copy as deb-src`);
  return out.join('\n');
}

function aptSource(work: string, artefacts: readonly DebianArtefact[]): Map<string, { path: string; sha256: string }> {
  // A copy of the apt configuration with deb-src entries, in the work directory: the system's lists stay as they are.
  const apt = join(work, 'apt');
  for (const d of ['lists/partial', 'cache/archives/partial', 'etc/sources.list.d'])
    mkdirSync(join(apt, d), { recursive: true });
  writeFileSync(join(apt, 'etc', 'sources.list'), '');
  writeFileSync(join(apt, 'etc', 'sources.list.d', 'deb-src.sources'), debSrcEntries());
  const opts = [
    `-o`,
    `Dir::Etc::SourceList=${join(apt, 'etc', 'sources.list')}`,
    `-o`,
    `Dir::Etc::SourceParts=${join(apt, 'etc', 'sources.list.d')}`,
    `-o`,
    `Dir::State::Lists=${join(apt, 'lists')}`,
    `-o`,
    `Dir::Cache=${join(apt, 'cache')}`,
  ];
  run('apt-get', [...opts, 'update']);
  const dl = join(work, 'dl');
  mkdirSync(dl, { recursive: true });
  const out = new Map<string, { path: string; sha256: string }>();
  for (const a of artefacts) {
    const path = join(dl, a.file);
    // apt checks each file against the signed Sources index; the .dsc and the Debian diff are not needed (and not
    // always served), so a partial download is fine as long as the pinned upstream tarball arrived.
    if (!existsSync(path))
      run('apt-get', [...opts, 'source', '--download-only', `${a.source}=${a.version}`], { cwd: dl, allowFail: true });
    if (!existsSync(path)) throw new Error(`Debian source ${a.source} ${a.version}: ${a.file} not downloaded`);
    out.set(a.file, { path, sha256: checkPinned(path, a.sha256) });
  }
  return out;
}

interface FamilySpec {
  family: string;
  files: string[];
  cap?: number;
}

interface FamilyResult extends FamilySpec {
  linesInSource: number;
  kept: number;
  written: Written[];
}

function writeFamilies(dir: string, root: string, specs: FamilySpec[]): FamilyResult[] {
  return specs.map((s) => {
    const all = s.files.flatMap((f) => textLines(join(root, f)));
    const kept = capLines(all, s.cap ?? 2000);
    const written = writeSplit(
      dir,
      (split) => `${s.family}.${split}.log`,
      kept,
      (l) => l,
    );
    return { ...s, linesInSource: all.length, kept: kept.length, written };
  });
}

function logProvenance(
  dir: string,
  title: string,
  a: DebianArtefact,
  sha: string,
  what: string,
  results: FamilyResult[],
  extra = '',
): void {
  const list = (files: string[]) =>
    files.length <= 4
      ? files.map((f) => `\`${f}\``).join(', ')
      : `${files
          .slice(0, 3)
          .map((f) => `\`${f}\``)
          .join(', ')}, … ${files.length} files`;
  writeFileSync(
    join(dir, 'PROVENANCE.md'),
    `# Benign logs: ${title}

- Registry: Debian source packages (\`deb-src\`, suite ${a.suite}). Source package \`${a.source}\`, version
  \`${a.version}\`; artefact: the upstream tarball \`${a.file}\`, SHA-256 \`${sha}\` (as in the signed Sources index).
- Licence: ${a.license} (\`LICENSE\`, copied unchanged from the tarball).${extra}
- What: ${what}
- Derived on ${DATE} by \`packages/redaction/test/quality/public/derive/derive-corpora.ts logs\`: per family, the
  listed files concatenated in the order given, a trailing \`\\r\` removed and empty lines dropped; where a family has
  more lines than its cap (2,000 unless said), every k-th line is kept (k = ⌈lines / cap⌉, file order kept). Lines are
  unchanged otherwise. Benign logs: they measure how many lines redaction changes (addresses aside), not recall.

| Family | Lines in source | Kept | Tuning | Held-out | Files |
|---|---|---|---|---|---|
${results
  .map(
    (r) =>
      `| \`${r.family}\` | ${r.linesInSource} | ${r.kept} | ${r.written[0]?.units} | ${r.written[1]?.units} | ${list(r.files)} |`,
  )
  .join('\n')}

${fileTable(
  dir,
  results.flatMap((r) => r.written),
)}

## Split

${SPLIT_TEXT('the line itself', '`<family>.tuning.log`, `<family>.heldout.log`')}
`,
  );
}

const ls = (dir: string): string[] => readdirSync(dir).sort();

function deriveLogs(): void {
  const work = join(WORK, 'debian');
  mkdirSync(work, { recursive: true });
  const got = aptSource(work, [DEBIAN.lnav, DEBIAN.mtail, DEBIAN.crowdsec, DEBIAN.crowdsecHub]);
  const x = fresh(join(work, 'x'));
  for (const a of [DEBIAN.lnav, DEBIAN.mtail, DEBIAN.crowdsec])
    run('tar', ['xf', got.get(a.file)?.path as string, '-C', x]);
  mkdirSync(join(x, 'hub'));
  run('tar', ['xf', got.get(DEBIAN.crowdsecHub.file)?.path as string, '-C', join(x, 'hub')]);

  // lnav: the test logs of the log viewer
  {
    const root = join(x, 'lnav-0.12.4');
    const test = ls(join(root, 'test')).filter((f) => statSync(join(root, 'test', f)).isFile());
    const pick = (re: RegExp) => test.filter((f) => re.test(f)).map((f) => `test/${f}`);
    const skip = /invalid|bad_|_empty|_ansi|_crlf|with_a_really_long_name/;
    const specs: FamilySpec[] = [
      { family: 'shop-access', files: pick(/^logfile_shop_access_log\.\d$/) },
      { family: 'iis-w3c', files: pick(/^logfile_w3c/) },
      { family: 'zeek', files: pick(/^logfile_bro_/) },
      {
        family: 'syslog',
        files: pick(/^(datafile_syslog\.\d|logfile_syslog[\w]*\.\d|logfile_rollover\.\d|logfile_partitions\.\d)$/),
      },
      { family: 'json', files: pick(/^(logfile_[\w]+\.json|gharchive_log\.jsonl)$/).filter((f) => !skip.test(f)) },
      { family: 'log-samples', files: ls(join(root, 'test', 'log-samples')).map((f) => `test/log-samples/${f}`) },
    ];
    const taken = new Set(specs.flatMap((s) => s.files));
    specs.push({
      family: 'misc-app',
      files: pick(/^logfile_[\w]+\.\d$/).filter((f) => !taken.has(f) && !skip.test(f)),
    });
    const dir = fresh(join(OUT, 'system-logs', 'lnav'));
    copyFileSync(join(root, 'LICENSE'), join(dir, 'LICENSE'));
    const results = writeFamilies(dir, root, specs);
    logProvenance(
      dir,
      'lnav',
      DEBIAN.lnav,
      got.get(DEBIAN.lnav.file)?.sha256 as string,
      'test logs of the lnav log viewer (`test/`): a web-shop access log, IIS W3C, Zeek http+conn, syslog (Linux and macOS, rollover, partitions), JSON logs (bunyan, ECS, journald, Cloudflare, GitHub archive events), the `test/log-samples/` collection (syslog, dhclient, avahi, sudo, kernel, VMware vSAN/vUM, Twisted) and a mix of application formats (Java, glog, HAProxy, uWSGI, docker compose, VMware vpxd/vami/vdsm, Nextcloud, OpenAM, TCF, procstate, strace, …). Files with deliberately broken input (`*invalid*`, `*bad_*`, empty, ANSI, CRLF) are left out.',
      results,
    );
  }

  // mtail: test data of the log-to-metrics tool
  {
    const root = join(x, 'mtail-3.2.24');
    const t = (f: string) => `internal/mtail/testdata/${f}`;
    const specs: FamilySpec[] = [
      { family: 'ftp-rsync', files: ['rsyncd.log', 'sftp_chroot.log', 'vsftpd_log', 'vsftpd_xferlog'].map(t) },
      {
        family: 'web-misc',
        files: [
          'lighttpd_access.log',
          'apache-combined.log',
          'apache-common.log',
          'mysql_slowqueries.log',
          'ntp4',
          'xntp3_peerstats',
        ].map(t),
      },
      { family: 'dhcpd', files: ['anonymised_dhcpd_log'].map(t), cap: 2000 },
    ];
    const dir = fresh(join(OUT, 'system-logs', 'mtail'));
    copyFileSync(join(root, 'LICENSE'), join(dir, 'LICENSE'));
    const results = writeFamilies(dir, root, specs);
    logProvenance(
      dir,
      'mtail',
      DEBIAN.mtail,
      got.get(DEBIAN.mtail.file)?.sha256 as string,
      'test data of mtail (`internal/mtail/testdata/`): rsyncd, SFTP (chroot), vsftpd and xferlog; lighttpd and Apache access logs, MySQL slow queries, ntpd; an anonymised ISC dhcpd log (50,000 lines, capped).',
      results,
    );
  }

  // crowdsec hub: the sample lines of every parser test (`.tests/*-logs`), grouped by kind of system
  {
    const root = join(x, 'hub', 'hub1');
    const groups: Record<string, RegExp> = {
      auth: /^(sshd|pam|dropbear|endlessh|cowrie|authelia|lemonldap-ng|apereo-cas-audit|vaultwarden|cpanel|synology-dsm|meshcentral|smb|windows)-logs$/,
      mail: /^(dovecot|exim|postfix|postscreen|exchange-\w+|zimbra|nginx-mail)-logs$/,
      'ftp-db': /^(proftpd|pureftpd|vsftpd|mysql|mariadb|pgsql|mongodb|mssql-text)-logs$/,
      web: /^(apache2|nginx_http|caddy|haproxy|litespeed|iis-xml|fastly|modsecurity|nginx-proxy-manager|magento-extension|nextcloud|gitea|gitlab)-logs$/,
      'network-firewall': /^(iptables|pf|proxmox-iptables|tcpdump|unifi|bind9|adguardhome)-logs$/,
    };
    const tests = ls(join(root, '.tests')).filter((d) => d.endsWith('-logs'));
    const filesOf = (d: string) =>
      ls(join(root, '.tests', d))
        .filter((f) => f.endsWith('.log'))
        .map((f) => `.tests/${d}/${f}`);
    const grouped = new Map<string, string[]>();
    for (const d of tests) {
      const family = Object.entries(groups).find(([, re]) => re.test(d))?.[0] ?? 'apps';
      grouped.set(family, [...(grouped.get(family) ?? []), ...filesOf(d)]);
    }
    const specs = [...grouped.entries()].sort().map(([family, files]) => ({ family, files }));
    const dir = fresh(join(OUT, 'system-logs', 'crowdsec-hub'));
    copyFileSync(join(x, 'crowdsec-1.4.6', 'LICENSE'), join(dir, 'LICENSE'));
    const results = writeFamilies(dir, root, specs);
    logProvenance(
      dir,
      'crowdsec hub',
      DEBIAN.crowdsecHub,
      got.get(DEBIAN.crowdsecHub.file)?.sha256 as string,
      `the sample log lines of the crowdsec hub's parser tests (\`.tests/*-logs/*.log\`, ${tests.length} tests), one family per kind of system: auth (sshd, PAM, dropbear, Authelia, Vaultwarden, …), mail (Dovecot, Exim, Postfix, Exchange, Zimbra, …), ftp-db (ProFTPD, Pure-FTPd, vsftpd, MySQL, MariaDB, PostgreSQL, MongoDB, MSSQL), web (Apache, nginx, Caddy, HAProxy, LiteSpeed, IIS, ModSecurity, Gitea, GitLab, …), network-firewall (iptables, pf, Proxmox, tcpdump, UniFi, BIND, AdGuard) and apps (the rest: Asterisk, Odoo, Jellyfin, Sonarr, Radarr, Docker, Kubernetes CRI, ZoneMinder, …). Scenario tests (brute force, CVE probes) are left out: their lines are attacks, not everyday logs.`,
      results,
      ` The hub tarball carries no licence file of its own; \`debian/copyright\` of the source package puts every file under
  Expat (MIT), copyright crowdsecurity; \`LICENSE\` is crowdsec's, copied unchanged from \`${DEBIAN.crowdsec.file}\` of
  the same source package.`,
    );
  }
  console.log('logs: lnav, mtail, crowdsec-hub');
}

// ---------------------------------------------------------------------------------------------------------------
// npm user-agents: real browser User-Agent strings

function deriveUserAgents(): void {
  const work = fresh(join(WORK, 'npm'));
  run('npm', ['pack', `${USER_AGENTS.name}@${USER_AGENTS.version}`, '--pack-destination', work], { cwd: work });
  const tgz = join(work, `${USER_AGENTS.name}-${USER_AGENTS.version}.tgz`);
  const tgzSha = checkPinned(tgz, USER_AGENTS.sha256);
  run('tar', ['xzf', tgz, '-C', work]);
  const data = JSON.parse(readFileSync(join(work, 'package', 'dist', 'user-agents.json'), 'utf8')) as {
    userAgent: string;
  }[];
  const uas = [...new Set(data.map((d) => d.userAgent).filter((u) => u.trim().length > 0 && !u.includes('\n')))];
  const dir = fresh(join(OUT, 'user-agents', 'npm-user-agents'));
  copyFileSync(join(work, 'package', 'LICENSE'), join(dir, 'LICENSE'));
  const files = writeSplit(
    dir,
    (s) => `user-agents.${s}.txt`,
    uas,
    (u) => u,
  );
  writeFileSync(
    join(dir, 'PROVENANCE.md'),
    `# Real User-Agent strings (npm \`user-agents\`)

- Registry: npm. Package \`${USER_AGENTS.name}\`, version \`${USER_AGENTS.version}\`; artefact: the package tarball
  \`${basename(tgz)}\`, SHA-256 \`${tgzSha}\`; file \`dist/user-agents.json\` (${data.length} records of real browser
  sessions, with their User-Agent, platform and screen size, as the package's maintainers collect them).
- Licence: BSD-2-Clause (\`LICENSE\`, copied unchanged from the package).
- Derived on ${DATE} by \`packages/redaction/test/quality/public/derive/derive-corpora.ts user-agents\`: every
  \`userAgent\` value, de-duplicated in file order (${uas.length} distinct strings; all kept). The seclog tests put them
  into web-app log lines (combined access log, JSON, logfmt) and \`user_agent.original\` attributes.

${fileTable(dir, files)}

## Split

${SPLIT_TEXT('the User-Agent string', '`user-agents.tuning.txt`, `user-agents.heldout.txt`')}
`,
  );
  console.log(`user-agents: ${uas.length}`);
}

// ---------------------------------------------------------------------------------------------------------------
// PyPI presidio-evaluator: labelled synthetic PII sentences

function derivePii(): void {
  const p = PRESIDIO_EVALUATOR;
  const work = fresh(join(WORK, 'pypi'));
  run('python3', ['-m', 'pip', 'download', '--no-deps', `${p.name}==${p.version}`, '-d', work]);
  const wheel = join(work, p.file);
  const wheelSha = checkPinned(wheel, p.sha256);
  run('python3', ['-m', 'venv', join(work, 'venv')]);
  const py = join(work, 'venv', 'bin', 'python');
  // The package's full dependency list pulls in transformers, scikit-learn and plotly for its evaluation code; the
  // generator needs only these (pinned above).
  run(py, ['-m', 'pip', 'install', '--quiet', '--no-deps', wheel]);
  run(py, ['-m', 'pip', 'install', '--quiet', ...p.deps]);
  const generated = join(work, 'sentences.jsonl');
  run(py, [join(HERE, 'generate-pii.py'), generated, String(p.sentences)], {
    env: { TZ: 'UTC', PYTHONHASHSEED: '0' },
  });
  const lines = textLines(generated);
  let mismatched = 0;
  for (const l of lines) {
    const r = JSON.parse(l) as {
      full_text: string;
      spans: { entity_value: string; start_position: number; end_position: number }[];
    };
    for (const s of r.spans)
      if (r.full_text.slice(s.start_position, s.end_position).toLowerCase() !== s.entity_value.toLowerCase())
        mismatched++;
  }
  if (mismatched > 0) throw new Error(`presidio-evaluator: ${mismatched} spans do not match their text`);
  const versions = run(py, ['-m', 'pip', 'freeze'])
    .split('\n')
    .filter((l) => /^(faker|numpy|pandas|spacy|presidio[-_]\w+)==/i.test(l));
  const dir = fresh(join(OUT, 'pii', 'presidio-evaluator'));
  run('unzip', ['-q', '-o', wheel, `${p.name.replace('-', '_')}-${p.version}.dist-info/licenses/LICENSE`, '-d', work]);
  copyFileSync(
    join(work, `${p.name.replace('-', '_')}-${p.version}.dist-info`, 'licenses', 'LICENSE'),
    join(dir, 'LICENSE'),
  );
  const files = writeSplit(
    dir,
    (s) => `sentences.${s}.jsonl`,
    lines,
    (l) => (JSON.parse(l) as { full_text: string }).full_text,
  );
  const counts = new Map<string, number>();
  for (const l of lines)
    for (const s of (JSON.parse(l) as { spans: { entity_type: string }[] }).spans)
      counts.set(s.entity_type, (counts.get(s.entity_type) ?? 0) + 1);
  writeFileSync(
    join(dir, 'PROVENANCE.md'),
    `# Labelled synthetic PII sentences (presidio-evaluator data generator)

- Registry: PyPI. Package \`${p.name}\`, version \`${p.version}\`; artefact: the wheel \`${p.file}\`, SHA-256
  \`${wheelSha}\`. Generator: \`presidio_evaluator.data_generator.PresidioSentenceFaker\` with the package's own sentence
  templates (\`raw_data/templates.txt\`) and entity providers, on ${versions.join(', ')}.
- Licence: MIT (\`LICENSE\`, copied unchanged from the wheel). The person records come from Faker's own en_US
  providers (Faker: MIT): the generator's default FakeNameGenerator.com table (CC BY-SA 3.0 US) is not used
  (\`base_records=[{}]\`), so nothing here derives from it.
- What: the same kind of data as presidio-research's \`synth_dataset_v2.json\` (which an older version of this generator
  produced): ${lines.length} sentences (chat messages, letters, addresses, bank and support requests) with
  character spans of their PII. Span counts: ${[...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([t, n]) => `${t} ${n}`)
    .join(', ')}.
- Derived on ${DATE} by \`packages/redaction/test/quality/public/derive/derive-corpora.ts pii\`, which runs
  \`derive/generate-pii.py\`: locale en_US, 5 % of sentences lower-cased (the generator's default), seed ${p.seed} for
  Python's \`random\`, NumPy and Faker before anything is built, \`TZ=UTC\`, \`PYTHONHASHSEED=0\`, Faker's clock frozen at
  2026-12-03, the hospital provider's WikiData query replaced by its built-in list (no network). A re-run with the
  same versions gives the same bytes. Known quirk of the generator: in lower-cased sentences \`entity_value\` is
  lower-cased but the text is not; the offsets are right (the derivation checks every span case-insensitively).
- Format: JSON lines \`{full_text, spans: [{entity_type, entity_value, start_position, end_position}], template_id}\`.

${fileTable(dir, files)}

## Split

${SPLIT_TEXT('the sentence (`full_text`)', '`sentences.tuning.jsonl`, `sentences.heldout.jsonl`')}
`,
  );
  console.log(`pii: ${lines.length} sentences`);
}

// ---------------------------------------------------------------------------------------------------------------

function writeManifest(): void {
  const entries: [string, string][] = [];
  const walk = (dir: string) => {
    for (const f of ls(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(jsonl|log|txt)$/.test(f)) entries.push([relative(OUT, p), sha256File(p)]);
    }
  };
  walk(OUT);
  writeFileSync(
    join(HERE, '..', 'corpus-manifest.ts'),
    `/**
 * SHA-256 of every data file of the public corpora (\`../corpus/public/\`) the figures in BENCHMARKS.md were measured
 * on. Written by \`derive/derive-corpora.ts\`; the gate test checks it, so a figure is always tied to exactly this
 * data, and a re-derived corpus needs new figures.
 */
export const CORPUS_SHA256: Readonly<Record<string, string>> = {
${entries.map(([f, s]) => `  '${f}': '${s}',`).join('\n')}
};
`,
  );
}

const steps: Record<string, () => void> = {
  gitleaks: deriveGitleaks,
  logs: deriveLogs,
  'user-agents': deriveUserAgents,
  pii: derivePii,
};
const wanted = process.argv.slice(2);
for (const w of wanted) if (!steps[w]) throw new Error(`unknown step ${w}; steps: ${Object.keys(steps).join(', ')}`);
mkdirSync(WORK, { recursive: true });
for (const [name, step] of Object.entries(steps)) if (wanted.length === 0 || wanted.includes(name)) step();
writeManifest();
