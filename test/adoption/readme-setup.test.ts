/**
 * The root README's "Set up in an app", followed to the letter by a new user outside the repository: its install
 * command (with this checkout's tarballs for `/path/to/seclog/dist-packages/*.tgz`), `seclog keygen`, its app.ts as
 * printed, its run command, its verify command. Five steps from an empty folder to a verified archive.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PackedPackages, packAll, removePacked, repositoryRoot } from './support/packed-packages.ts';
import { cleanEnv, createApp, freePort, mustRun, removeApps, run, startApp } from './support/temp-app.ts';

/** The fenced blocks of the README's setup section, in order, de-indented (they sit in list items). */
function setupBlocks(): { lang: string; code: string }[] {
  const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Set up in an app'), readme.indexOf('### Emit your first security'));
  const blocks: { lang: string; code: string }[] = [];
  const fence = /^( *)```(\w+)\n([\s\S]*?)^\1```$/gm;
  for (let m = fence.exec(section); m !== null; m = fence.exec(section)) {
    const indent = (m[1] as string).length;
    const code = (m[3] as string)
      .split('\n')
      .map((line) => line.slice(Math.min(indent, /^ */.exec(line)?.[0].length ?? 0)))
      .join('\n')
      .trim();
    blocks.push({ lang: m[2] as string, code });
  }
  return blocks;
}

let packed: PackedPackages;
beforeAll(() => {
  packed = packAll();
});
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  removeApps();
  removePacked(packed);
});

describe('README: set up in an app', () => {
  it('install, keygen, two lines of code, run, verify: the archive verifies', async () => {
    const [install, keygen, appTs, runApp, verify] = setupBlocks();
    expect([install, keygen, appTs, runApp, verify].map((b) => b?.lang)).toEqual(['sh', 'sh', 'ts', 'sh', 'sh']);
    const dir = createApp('readme', { 'app.ts': `${appTs?.code}\n` });
    const env = cleanEnv();
    const sh = (command: string, extra: NodeJS.ProcessEnv = {}) =>
      mustRun('bash', ['-c', command], { cwd: dir, env: { ...env, ...extra } });

    // 1. Install: every tarball of this checkout where the README has the placeholder path.
    const placeholder = '/path/to/seclog/dist-packages/*.tgz';
    expect(install?.code).toContain(placeholder);
    await sh(install?.code.replace(placeholder, [...packed.tarballs.values()].join(' ')) ?? '');
    expect(existsSync(join(dir, 'node_modules', '@seclog', 'node', 'package.json'))).toBe(true);

    // 2. Keys, private.
    const keys = await sh(keygen?.code ?? '');
    expect(keys.stdout).toContain('SECLOG_PSEUDONYM_KEY_FILE=');
    expect(statSync(join(dir, 'keys', 'signing.pem')).mode & 0o077).toBe(0);

    // 3 + 4. The app as printed, started with the README's command (production mode, the generated keys).
    const port = await freePort();
    // `VAR=… exec node app.ts`, so that the signal reaches node itself.
    const [, assignments, program] = /^((?:\w+=\S*\s+)*)([\s\S]*)$/.exec(
      (runApp?.code ?? '').replace(/\\\n\s*/g, ''),
    ) as RegExpExecArray;
    const app = await startApp('bash', ['-c', `${assignments}exec ${program}`], {
      cwd: dir,
      env: { ...env, PORT: String(port) },
      port,
    });
    cleanups.push(() => app.stop('SIGKILL'));
    for (const username of [123, 'dana@corp-mail.net']) {
      const response = await fetch(`http://127.0.0.1:${port}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username }),
      });
      expect(response.status).toBe(401);
    }
    // SIGTERM without a handler of the app's own: seclog's hooks write the final checkpoint, then the signal ends it.
    const exit = await app.stop('SIGTERM');
    expect(exit.signal ?? exit.code).toBe('SIGTERM');
    expect(app.output()).not.toMatch(/readable by every user|Error/);

    const archives = readdirSync(join(dir, 'archive'));
    expect(archives).toContain('shop-api.otlp.jsonl');
    const archive = readFileSync(join(dir, 'archive', 'shop-api.otlp.jsonl'), 'utf8');
    expect(archive.match(/security_event\.authentication\.login/g)?.length).toBeGreaterThanOrEqual(2);
    expect(archive).not.toContain('dana@corp-mail.net');

    // 5. Verify, exactly as printed.
    const verified = await run('bash', ['-c', verify?.code ?? ''], { cwd: dir, env });
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/VALID/);
  }, 480_000);
});
