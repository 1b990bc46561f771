/**
 * Each way into seclog, from the packed tarballs, in apps outside the workspace, run to a verified archive: express
 * in CommonJS, fastify with pino in an ES module (npm layout), NodeSDK, plain OpenTelemetry; and pino in an ES module
 * under the pnpm layout, installed from a loopback registry as it would be from the npm registry. Development mode:
 * the archive verifies after the app has exited with the public key it saved next to the archive.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackRegistry, startLoopbackRegistry } from './support/loopback-registry.ts';
import { type PackedPackages, packAll, removePacked } from './support/packed-packages.ts';
import { cleanEnv, createApp, mustRun, removeApps, run } from './support/temp-app.ts';

const apps = join(import.meta.dirname, 'apps');
const INSTALL_TIMEOUT = 480_000;

/** Versions the workspace tests run against. */
const THIRD_PARTY = [
  'express@5.3.0',
  'fastify@5.12.8',
  'pino@10.4.0',
  '@opentelemetry/sdk-node@0.301.0',
  '@opentelemetry/sdk-logs@3.1.1',
  '@opentelemetry/api@1.10.0',
];

let packed: PackedPackages;
let registry: LoopbackRegistry | undefined;
beforeAll(() => {
  packed = packAll();
});
afterAll(async () => {
  await registry?.close();
  removeApps();
  removePacked(packed);
});

interface AppRun {
  status: number;
  archivePath: string;
  publicKeyPath: string;
  archive: string;
}

/** Runs an app file of apps/ in `dir` with `args`, then the installed `seclog verify` on what it wrote. */
async function runAndVerify(dir: string, nodeArgs: string[], verify: string[]): Promise<AppRun> {
  // One archive folder per app; it also holds the development public key, which `seclog verify <folder>` skips.
  const archiveDir = join(dir, `archive-${nodeArgs.at(-1)?.replace(/\W/g, '-')}`);
  const ran = await mustRun(process.execPath, [...nodeArgs, archiveDir], { cwd: dir, timeoutMs: 60_000 });
  const out = JSON.parse(ran.stdout.trim().split('\n').at(-1) ?? '{}') as Omit<AppRun, 'archive'>;
  expect(out.publicKeyPath).toBe(out.archivePath.replace(/\.jsonl$/, '.pub.pem'));
  const command = [...verify.slice(1), 'verify', '--public-key', out.publicKeyPath, archiveDir];
  const verified = await run(verify[0] as string, command, { cwd: dir, env: cleanEnv() });
  expect(verified.code, `${verified.stdout}\n${verified.stderr}`).toBe(0);
  expect(verified.stdout).toMatch(/^Results: 1 stream, .*: all valid\.$/m);
  return { ...out, archive: readFileSync(out.archivePath, 'utf8') };
}

describe('npm layout (npm install of the tarballs)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = createApp('paths', {}, [
      join(apps, 'express-cjs.cjs'),
      join(apps, 'fastify-pino-esm.mjs'),
      join(apps, 'nodesdk-esm.mjs'),
      join(apps, 'plain-otel-esm.mjs'),
    ]);
    await mustRun('npm', ['install', ...packed.tarballs.values(), ...THIRD_PARTY], {
      cwd: dir,
      timeoutMs: INSTALL_TIMEOUT,
    });
  }, INSTALL_TIMEOUT);

  const npx = ['npx', '--no-install', 'seclog'];

  it('express, CommonJS, startSecureLogging', async () => {
    const r = await runAndVerify(dir, ['express-cjs.cjs'], npx);
    expect(r.status).toBe(401);
    expect(r.archive).toContain('POST /login 401');
    expect(r.archive).toContain('security_event.authentication.login');
    expect(r.archive).not.toContain('dana@corp-mail.net');
  });

  it('fastify and pino, ES module, node --import @seclog/node/register', async () => {
    const r = await runAndVerify(dir, ['--import', '@seclog/node/register', 'fastify-pino-esm.mjs'], npx);
    expect(r.status).toBe(401);
    expect(r.archive).toContain('@opentelemetry/instrumentation-pino');
    expect(r.archive).toContain('pino: failed login for');
    expect(r.archive).toContain('"http.route","value":{"stringValue":"/login"}');
    for (const secret of ['hunter2-fastify', 'dana@corp-mail.net']) expect(r.archive).not.toContain(secret);
  });

  it('NodeSDK, secureLogRecordProcessors', async () => {
    const r = await runAndVerify(dir, ['nodesdk-esm.mjs'], npx);
    expect(r.archive).toContain('nodesdk: checkout for');
    expect(r.archive).toContain('security_event.authentication.login');
    for (const secret of ['dana@corp-mail.net', '203.0.113.5']) expect(r.archive).not.toContain(secret);
  });

  it('plain OpenTelemetry LoggerProvider, secureLogRecordProcessors', async () => {
    const r = await runAndVerify(dir, ['plain-otel-esm.mjs'], npx);
    expect(r.archive).toContain('plain otel: login with');
    expect(r.archive).not.toContain('hunter2-plain-otel');
  });
});

describe('pnpm layout (installed from a loopback @seclog registry)', () => {
  it(
    'pino in an ES module, node --import @seclog/node/register',
    async () => {
      registry = await startLoopbackRegistry(packed);
      const dir = createApp('pnpm', { '.npmrc': `@seclog:registry=${registry.url}\n` }, [
        join(apps, 'fastify-pino-esm.mjs'),
      ]);
      await mustRun('pnpm', ['add', '@seclog/node@0.1.0', '@seclog/cli@0.1.0', 'fastify@5.12.8', 'pino@10.4.0'], {
        cwd: dir,
        timeoutMs: INSTALL_TIMEOUT,
      });
      // pnpm's strict layout: the app sees only what it depends on, not seclog's instrumentation.
      expect(() =>
        readFileSync(join(dir, 'node_modules', '@opentelemetry', 'instrumentation-pino', 'package.json')),
      ).toThrow();
      const r = await runAndVerify(
        dir,
        ['--import', '@seclog/node/register', 'fastify-pino-esm.mjs'],
        ['pnpm', 'exec', 'seclog'],
      );
      expect(r.archive).toContain('pino: failed login for');
      expect(r.archive).not.toContain('hunter2-fastify');
    },
    INSTALL_TIMEOUT,
  );
});
