// `make demo` / `pnpm run demo`: starts the demo app on seclog's embedded default (an OTLP/JSON-lines archive in a
// temp folder, no server needed), drives the scripted scenario over loopback HTTP, shuts down cleanly, then tells
// the story: security events by type, redactions by detector (counts only), one record before and after redaction,
// the archive verified, a tampered copy caught, and verify commands to paste.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { exitCodeForVerdict, formatTextReport, verifyArchive } from '@seclog/integrity';
import { expressRequestLog, startSecureLogging } from '@seclog/node';
import { createApp } from './app.ts';
import { archiveRecords, eventsByType } from './archive-summary.ts';
import { pasteableVerify, sampleBeforeAfter, tamperedCopy } from './demo-story.ts';
import { runScenario, seedStore } from './scenario.ts';
import { Store } from './store.ts';

const outDir = mkdtempSync(join(tmpdir(), 'seclog-demo-'));
const secure = startSecureLogging({
  serviceName: 'seclog-demo-shop',
  serviceVersion: '0.1.0',
  environment: 'demo',
  mode: 'development',
  archiveDir: outDir,
  exporter: { kind: 'file', path: join(outDir, 'archive.otlp.jsonl') },
  checkpoint: { maxRecords: 64 },
});

// pino is CommonJS: load it through require after the instrumentation is enabled so its log sending is patched in
// (an ES-module app starts node with `--import @seclog/node/register` instead, see packages/node/README.md).
new PinoInstrumentation();
const pino = createRequire(import.meta.url)('pino') as typeof import('pino').default;
const appLog = pino({ level: 'debug' }, pino.destination({ dest: join(outDir, 'app-stdout.log'), sync: true }));

const store = new Store();
const ids = seedStore(store);
const app = createApp({
  security: secure.security,
  log: appLog,
  store,
  requestLog: expressRequestLog({ trustedProxies: ['loopback'] }),
});
const server = app.listen(0, '127.0.0.1');
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

console.log(`seclog demo · app on ${base} · archive ${secure.archivePath}`);
const planted = await runScenario(base, store, ids);
await new Promise<void>((resolve) => server.close(() => resolve()));
await secure.shutdown();

const archivePath = secure.archivePath as string;
// Development mode saved the generated key's public half next to the archive (archive.otlp.pub.pem).
const publicKeyPath = secure.publicKeyPath as string;
const records = archiveRecords([archivePath]);

console.log(`\n${records.length} records archived (${readFileSync(archivePath).length} bytes)\n`);
console.log('Security events by type');
for (const [name, count] of eventsByType(records).filter(([n]) => n.startsWith('security_event.'))) {
  console.log(`  ${String(count).padStart(4)}  ${name}`);
}
console.log('\nRedactions by detector:action (counts only, from the RedactionProcessor)');
const { findings } = secure.redactionStats();
for (const [name, count] of Object.entries(findings).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
  console.log(`  ${String(count).padStart(4)}  ${name}`);
}

const bytes = readFileSync(archivePath, 'utf8');
const leaks = Object.entries(planted).flatMap(([kind, values]) =>
  (values as string[]).filter((v) => v.length > 0 && bytes.includes(v)).map(() => kind),
);
console.log(
  `\nPlanted secrets/PII found in the archive: ${leaks.length === 0 ? 'none' : `${leaks.length} (${[...new Set(leaks)].join(', ')})`}`,
);

const localStdout = readFileSync(join(outDir, 'app-stdout.log'), 'utf8');
const rawLocal = Object.values(planted)
  .flat()
  .filter((v) => v.length > 0 && localStdout.includes(v)).length;
console.log(
  `The app's own pino output (local file, not shipped) still holds ${rawLocal} of them: seclog cleans what leaves the process.`,
);

const sample = sampleBeforeAfter(join(outDir, 'app-stdout.log'), archivePath, 'login attempt');
console.log(`\nOne record, before and after seclog (the app's careless pino line "login attempt")`);
console.log(`  before (the app's own stdout, not shipped): ${sample?.before ?? '(not found)'}`);
console.log(`  after  (sealed in the archive):             ${sample?.after ?? '(not found)'}`);

const trust = { publicKeys: [readFileSync(publicKeyPath, 'utf8')] };
console.log('\nseclog verify: the archive as written');
const report = await verifyArchive([archivePath], { trust });
console.log(indent(formatTextReport(report)));

const tampered = tamperedCopy(archivePath, join(outDir, 'tampered'));
console.log(`\nseclog verify: a copy with one sealed record changed (${tampered.change})`);
const tamperedReport = await verifyArchive([tampered.path], { trust });
console.log(indent(formatTextReport(tamperedReport)));

const cliBin = join(dirname(createRequire(import.meta.url).resolve('@seclog/cli')), 'bin.js');
console.log('\nVerify it yourself (paste as is; exit 0 = all valid, 1 = tampered):');
console.log(`  ${pasteableVerify(cliBin, publicKeyPath, archivePath)}`);
console.log(`  ${pasteableVerify(cliBin, publicKeyPath, tampered.path)}`);

const caught = exitCodeForVerdict(tamperedReport.verdict, false) === 1;
process.exitCode = leaks.length === 0 && exitCodeForVerdict(report.verdict, false) === 0 && caught ? 0 : 1;

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
