/**
 * @seclog/redaction demo: careless log records go through RedactionProcessor → in-memory exporter, and we print what
 * the application emitted (obviously fake values) next to what an exporter would have shipped.
 *
 * Run from the repository root: `node examples/redaction-demo/src/demo.ts` (or `pnpm demo`).
 */
import { randomBytes } from 'node:crypto';
import { SeverityNumber } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { RedactionProcessor, redactResource } from '@seclog/redaction';

// The HMAC key pseudonymizes emails, IPs and session ids. In production it comes from a secret store; the demo makes a
// fresh one per run (tokens then correlate only within this run).
const envKey = process.env.SECLOG_REDACTION_KEY;
const key = envKey === undefined ? randomBytes(32) : Buffer.from(envKey, 'base64');

const exporter = new InMemoryLogRecordExporter();
const redaction = new RedactionProcessor({
  policy: { hmac: { kid: 'demo', key } },
  next: new SimpleLogRecordProcessor({ exporter }),
});
const resource = redactResource(
  resourceFromAttributes({ 'service.name': 'checkout', 'deployment.environment': 'demo', 'db.password': 'hunter2' }),
);
const provider = new LoggerProvider({ resource, processors: [redaction] });
const logger = provider.getLogger('redaction-demo');

// Obviously fake values: AWS's documented example key id, Stripe's test card, jwt.io's sample token.
const fakeJwt =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const records = [
  {
    body: 'user login ok',
    attributes: { 'user.email': 'alice@example.com', password: 'hunter2', 'client.address': '203.0.113.7' },
  },
  {
    body: 'GET /api/orders 200',
    attributes: {
      'http.request.header.authorization': `Bearer ${fakeJwt}`,
      'http.request.header.cookie': 'sid=abc123',
    },
  },
  { body: 'charging card 4242 4242 4242 4242 for order 1042, receipt to bob@example.org' },
  { body: { event: 'config.loaded', aws: { region: 'eu-west-1', key_id: 'AKIAIOSFODNN7EXAMPLE' }, retries: 3 } },
  { body: `upstream call failed: Authorization: Bearer ${fakeJwt}` },
  { body: 'payment declined', attributes: { cvv: '123', 'card.number': '4242424242424242', amount: 42 } },
];

const show = (v: unknown) => JSON.stringify(v);
for (const r of records) logger.emit({ severityNumber: SeverityNumber.INFO, ...r });
await provider.forceFlush();

const exported = exporter.getFinishedLogRecords();
records.forEach((r, i) => {
  const out = exported[i];
  console.log(`\n#${i + 1}`);
  console.log(`  before: body=${show(r.body)}${r.attributes ? ` attributes=${show(r.attributes)}` : ''}`);
  console.log(`  after:  body=${show(out?.body)} attributes=${show(out?.attributes)}`);
});
console.log(`\nresource after redactResource: ${show(resource.attributes)}`);

const stats = redaction.stats();
console.log(`\nfindings per detector:action over ${stats.records} records:`);
for (const [k, n] of Object.entries(stats.findings).sort()) console.log(`  ${k.padEnd(32)} ${n}`);
await provider.shutdown();
