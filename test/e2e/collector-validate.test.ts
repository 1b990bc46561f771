import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  collectorConfigDir,
  collectorConfigPath,
  dummyCollectorEnv,
  freePort,
  postOtlpJson,
  repoRoot,
  startCollector,
  useCollectorWorkdir,
  validateCollectorConfig,
  waitForArchiveLines,
} from './support/collector.js';
import { logRecordsOf } from './support/otlp-lines.js';

const configFiles = readdirSync(collectorConfigDir)
  .filter((name) => name.endsWith('.yaml') && name !== 'builder-config.yaml')
  .sort();

const e2e = useCollectorWorkdir('seclog-collector-');

/** Component ids per top-level section (`receivers`, `processors`, ...) of one of our own collector YAML files. */
function componentIds(yaml: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of yaml.split('\n')) {
    const top = /^([a-z_]+):\s*$/.exec(line);
    if (top?.[1] !== undefined) {
      current = ['receivers', 'processors', 'exporters', 'extensions', 'connectors'].includes(top[1]) ? [] : undefined;
      if (current !== undefined) sections.set(top[1], current);
      continue;
    }
    if (/^\S/.test(line)) current = undefined;
    const child = /^ {2}([a-z_]+(?:\/[A-Za-z0-9_.-]+)?):/.exec(line);
    if (current !== undefined && child?.[1] !== undefined) current.push(child[1]);
  }
  return sections;
}

/** Component types (`otlp`, `file`, ...) compiled into the binary, from `otelcol-seclog components`. */
function binaryComponentTypes(): Map<string, Set<string>> {
  const result = spawnSync(e2e.binary(), ['components'], { encoding: 'utf8', timeout: 30_000 });
  expect(result.status).toBe(0);
  const types = new Map<string, Set<string>>();
  let section: Set<string> | undefined;
  for (const line of result.stdout.split('\n')) {
    const header = /^(receivers|processors|exporters|extensions|connectors):/.exec(line);
    if (header?.[1] !== undefined) {
      section = new Set();
      types.set(header[1], section);
      continue;
    }
    if (/^\S/.test(line)) section = undefined;
    const name = /^ +- name: ([a-z_]+)$/.exec(line);
    if (section !== undefined && name?.[1] !== undefined) section.add(name[1]);
  }
  return types;
}

/**
 * Component types compiled into the distribution that no config uses any more. `batch`: the pipelines batch in the
 * exporters' persistent sending queues instead (a `batch` processor holds acknowledged records in memory); dropping
 * it from the binary needs collector-config/builder-config.yaml and a regenerated scripts/collector/otelcol-seclog/.
 */
const COMPILED_BUT_UNUSED: Record<string, readonly string[]> = { processors: ['batch'] };

describe('collector-config', () => {
  it('has the gateway, the archive and one file per backend', () => {
    expect(configFiles).toEqual(['archive.yaml', 'datadog.yaml', 'elastic.yaml', 'gateway.yaml', 'splunk.yaml']);
  });

  it.each(configFiles)('otelcol validate accepts %s', (name) => {
    const result = validateCollectorConfig(collectorConfigPath(name), dummyCollectorEnv(e2e.workdir()), e2e.binary());
    expect(result.output).not.toMatch(/error/i);
    expect(result.ok).toBe(true);
  });

  it('otelcol validate rejects a config whose OTTL condition does not parse', () => {
    const broken = readFileSync(collectorConfigPath('archive.yaml'), 'utf8').replace(
      `'log.attributes["seclog.integrity.stream"] == nil'`,
      `'log.attributes["seclog.integrity.stream"] === nil'`,
    );
    const path = join(e2e.workdir(), 'broken.yaml');
    writeFileSync(path, broken);
    const result = validateCollectorConfig(path, dummyCollectorEnv(e2e.workdir()), e2e.binary());
    expect(result.ok).toBe(false);
    expect(result.output).toContain('filter/sealed_only');
  });

  it('builds a binary with exactly the component types the configs use', () => {
    const used = new Map<string, Set<string>>();
    for (const name of configFiles) {
      for (const [section, ids] of componentIds(readFileSync(collectorConfigPath(name), 'utf8'))) {
        const set = used.get(section) ?? new Set<string>();
        for (const id of ids) set.add(id.split('/')[0] ?? id);
        used.set(section, set);
      }
    }
    for (const [section, types] of Object.entries(COMPILED_BUT_UNUSED)) {
      for (const type of types) expect(used.get(section)?.has(type), `${section}/${type} is used again`).not.toBe(true);
    }
    const compiled = binaryComponentTypes();
    for (const section of ['receivers', 'processors', 'exporters', 'extensions']) {
      const expected = [...(used.get(section) ?? []), ...(COMPILED_BUT_UNUSED[section] ?? [])];
      expect([...(compiled.get(section) ?? [])].sort(), section).toEqual(expected.sort());
    }
  });

  it('batches in the persistent sending queue, never in a `batch` processor in front of it', () => {
    for (const name of configFiles) {
      const yaml = readFileSync(collectorConfigPath(name), 'utf8');
      const pipelines = [...yaml.matchAll(/\n {6}processors: \[([^\]]*)\]/g)].map((m) => m[1] ?? '');
      expect(pipelines.length, name).toBeGreaterThan(0);
      for (const processors of pipelines)
        expect(
          processors.split(',').map((p) => p.trim()),
          name,
        ).not.toContain('batch');
      // every sending queue is on disk and batches there (items), after the queue
      const queues = [...yaml.matchAll(/\n {4}sending_queue:\n((?: {6}[^\n]*\n)+)/g)].map((m) => m[1] ?? '');
      // archive.yaml has no queue: its file exporter writes before the receiver answers
      expect(queues.length, name).toBe(name === 'archive.yaml' ? 0 : 1);
      for (const queue of queues) {
        expect(queue, name).toMatch(/^ {6}storage: file_storage\/queue\b/m);
        expect(queue, name).toMatch(/^ {6}batch:\n {8}flush_timeout: \d+m?s\b/m);
        expect(queue, name).toMatch(/^ {8}sizer: items\b/m);
      }
    }
  });

  it('never puts a record-modifying processor in a pipeline that carries sealed records', () => {
    for (const name of configFiles) {
      const yaml = readFileSync(collectorConfigPath(name), 'utf8');
      const sealed = /\n {4}logs\/sealed:\n {6}receivers: \[[^\]]*\]\n {6}processors: \[([^\]]*)\]/.exec(yaml);
      expect(sealed?.[1], `${name} has a logs/sealed pipeline`).toBeDefined();
      const processors = (sealed?.[1] ?? '').split(',').map((p) => p.trim());
      expect(processors, name).toEqual(['memory_limiter', 'filter/sealed_only']);
    }
  });

  it('embeds the ECS and Datadog transforms generated from the current @seclog/semconv catalog', () => {
    const result = spawnSync(
      process.execPath,
      [join(repoRoot, 'scripts/collector/generate-transforms.mjs'), '--check'],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readFileSync(collectorConfigPath('elastic.yaml'), 'utf8')).toContain('set(log.attributes["event.outcome"]');
  });
});

describe('archive.yaml on a real collector', () => {
  const sealedAttributes = [
    { key: 'seclog.integrity.stream', value: { stringValue: 'stream-1' } },
    { key: 'seclog.integrity.seq', value: { intValue: '7' } },
    // Redacted by the SDK already; this value merely looks like an email. The collector must leave it alone.
    { key: 'user.email', value: { stringValue: 'alice@example.com' } },
  ];
  const request = {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'collector-smoke' } }] },
        scopeLogs: [
          {
            scope: { name: 'seclog-smoke' },
            logRecords: [
              {
                timeUnixNano: '1764115200000000000',
                severityNumber: 9,
                eventName: 'security_event.authentication.login',
                body: { stringValue: 'sealed record' },
                attributes: sealedAttributes,
              },
              {
                timeUnixNano: '1764115200000000001',
                severityNumber: 9,
                body: { stringValue: 'login ok {"password": "hunter2-secret"}' },
                attributes: [
                  { key: 'user.email', value: { stringValue: 'bob@example.com' } },
                  { key: 'api_key', value: { stringValue: 'k-123456' } },
                  { key: 'cvv', value: { stringValue: '123' } },
                ],
              },
            ],
          },
        ],
      },
    ],
  };

  it('archives a sealed record unmodified and redacts the unsealed one, in the OTLP/JSON lines format', async () => {
    const env = dummyCollectorEnv(e2e.workdir());
    const archive = join(e2e.workdir(), 'smoke', 'logs.jsonl');
    const collector = await startCollector(collectorConfigPath('archive.yaml'), {
      ...env,
      SECLOG_ARCHIVE_PATH: archive,
      SECLOG_STORAGE_DIR: join(e2e.workdir(), 'smoke-storage'),
    });
    try {
      expect(await postOtlpJson(collector.otlpLogsUrl, request)).toBe(200);
      const lines = await waitForArchiveLines(archive, (l) => logRecordsOf(l).length >= 2);
      const all = logRecordsOf(lines);
      expect(all).toHaveLength(2);

      const sealed = all.find((r) => r.body?.stringValue === 'sealed record');
      expect(sealed?.attributes).toEqual(sealedAttributes);

      const unsealed = all.find((r) => r.body?.stringValue !== 'sealed record');
      const bytes = JSON.stringify(unsealed);
      expect(bytes).not.toContain('hunter2-secret');
      expect(bytes).not.toContain('bob@example.com');
      expect(bytes).not.toContain('k-123456');
      expect(unsealed?.attributes?.some((a) => a.key === 'cvv')).toBe(false);
      expect(unsealed?.body?.stringValue).toContain('"password": "****"');
    } finally {
      expect(await collector.stop()).toBe(0);
    }
  });
});

describe('gateway.yaml persistent sending queue', () => {
  it('keeps a record accepted while the next hop is down across a restart, then delivers it', async () => {
    const marker = `persisted-${process.pid}-${Date.now()}`;
    const nextHopPort = await freePort();
    const env = {
      ...dummyCollectorEnv(e2e.workdir()),
      SECLOG_ARCHIVE_PATH: join(e2e.workdir(), 'restart', 'logs.jsonl'),
      SECLOG_STORAGE_DIR: join(e2e.workdir(), 'restart-storage'),
      SECLOG_NEXT_HOP_ENDPOINT: `http://127.0.0.1:${nextHopPort}`,
    };
    const request = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'restart' } }] },
          scopeLogs: [{ scope: { name: 'restart' }, logRecords: [{ body: { stringValue: marker } }] }],
        },
      ],
    };

    const first = await startCollector(collectorConfigPath('gateway.yaml'), env);
    try {
      expect(await postOtlpJson(first.otlpLogsUrl, request)).toBe(200);
      // In the archive means through the pipelines; the next hop refuses connections, so it waits in the queue.
      const archived = await waitForArchiveLines(env.SECLOG_ARCHIVE_PATH, (l) => JSON.stringify(l).includes(marker));
      expect(JSON.stringify(archived)).toContain(marker);
      await delay(500);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const received: Buffer[] = [];
    const nextHop = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        received.push(req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body);
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    nextHop.listen(nextHopPort, '127.0.0.1');
    await once(nextHop, 'listening');
    const second = await startCollector(collectorConfigPath('gateway.yaml'), env);
    try {
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && !received.some((b) => b.includes(marker))) await delay(100);
      expect(received.some((b) => b.includes(marker))).toBe(true);
      // The restarted file exporter appends to the archive instead of truncating it.
      expect(readFileSync(env.SECLOG_ARCHIVE_PATH, 'utf8')).toContain(marker);
    } finally {
      expect(await second.stop()).toBe(0);
      nextHop.close();
    }
  });
});

describe('gateway.yaml log-file and syslog sources (redacted before they are sealed)', () => {
  it('sends log-file lines and syslog messages through the redaction safety net into the archive', async () => {
    const env = {
      ...dummyCollectorEnv(e2e.workdir()),
      SECLOG_ARCHIVE_PATH: join(e2e.workdir(), 'sources', 'logs.jsonl'),
      SECLOG_STORAGE_DIR: join(e2e.workdir(), 'sources-storage'),
      SECLOG_FILELOG_INCLUDE: join(e2e.workdir(), 'sources-files', '*.log'),
    };
    mkdirSync(join(e2e.workdir(), 'sources-files'), { recursive: true });
    const collector = await startCollector(collectorConfigPath('gateway.yaml'), env);
    try {
      appendFileSync(
        join(e2e.workdir(), 'sources-files', 'app.log'),
        'file line user=carol password=file-secret-1 ok\n',
      );
      const socket = connect(collector.ports.syslog, '127.0.0.1');
      await once(socket, 'connect');
      socket.end(
        '<34>1 2026-11-26T09:00:00Z host app 42 ID1 - syslog line token=syslog-secret-2 from dave@example.com\n',
      );
      await once(socket, 'close');

      const lines = await waitForArchiveLines(env.SECLOG_ARCHIVE_PATH, (l) => {
        const text = JSON.stringify(l);
        return text.includes('file line') && text.includes('syslog line');
      });
      const text = JSON.stringify(lines);
      expect(text).toContain('file line user=carol password=****');
      expect(text).toContain('syslog line token=****');
      // The syslog parser also copies the message into an attribute: the safety net covers attribute values too.
      expect(text).toContain('"key":"message","value":{"stringValue":"syslog line token=**** from ****"}');
      for (const secret of ['file-secret-1', 'syslog-secret-2', 'dave@example.com']) expect(text).not.toContain(secret);
    } finally {
      expect(await collector.stop()).toBe(0);
    }
  });
});
