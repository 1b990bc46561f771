/**
 * The root README's "Emit your first security event without `@seclog/node`", run as printed against a local OTLP/HTTP
 * sink: the event reaches the collector before the process ends (type-checking alone cannot tell a program that
 * exits before its batch is exported).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { extractSnippets } from './readme-snippets.ts';

const root = join(import.meta.dirname, '..', '..');
const HEADING = '### Emit your first security event without `@seclog/node`';

/** The section's one TypeScript block. */
function firstEventSnippet(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf(HEADING);
  expect(start, HEADING).toBeGreaterThan(0);
  const section = readme.slice(start, readme.indexOf('\n### ', start + HEADING.length));
  const [snippet, ...more] = extractSnippets('README.md', section);
  expect(more).toEqual([]);
  return snippet?.code ?? '';
}

const cleanups: (() => unknown)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

describe('README: emit your first security event', () => {
  it('delivers the login event to OTEL_EXPORTER_OTLP_ENDPOINT before the program ends', async () => {
    const posts: { path: string | undefined; body: string }[] = [];
    const sink = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        posts.push({ path: req.url, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => sink.close());

    // Inside node_modules, so the snippet's packages resolve from test/docs; .mjs, because Node strips no types
    // under node_modules (the snippet has none).
    const dir = join(import.meta.dirname, 'node_modules', `.first-event-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'first-event.mjs'), firstEventSnippet());

    const { OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: _logs, ...env } = process.env;
    const child = spawn(process.execPath, [join(dir, 'first-event.mjs')], {
      env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(sink.address() as AddressInfo).port}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => {
      output += c;
    });
    child.stderr.on('data', (c) => {
      output += c;
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));

    expect(code, output).toBe(0);
    expect(posts.map((p) => p.path)).toEqual(['/v1/logs']);
    expect(posts[0]?.body).toContain('security_event.authentication.login');
  }, 60_000);
});
