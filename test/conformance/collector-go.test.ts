/**
 * The Go module of the collector components (collector/: the seclogformat package, the seclog processor and the
 * witness extension) must be gofmt-clean, pass `go vet` and pass its own tests (golden vectors, seal and verify
 * modes, attack cases). Run from here so that `make test` covers the Go code. Go is required, as for the
 * conformance suite; SECLOG_SKIP_GO_CONFORMANCE=1 skips it explicitly (and says so).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const skip = process.env.SECLOG_SKIP_GO_CONFORMANCE === '1';
const moduleDir = join(import.meta.dirname, '../../collector');

function go(args: string[], timeoutMs: number): { status: number | null; output: string } {
  const cache = join(tmpdir(), 'seclog-go-conformance-cache');
  mkdirSync(cache, { recursive: true });
  const r = spawnSync(args[0]!, args.slice(1), {
    cwd: moduleDir,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, GOCACHE: process.env.GOCACHE ?? cache, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' },
  });
  if (r.error) throw new Error(`${args.join(' ')}: ${r.error.message} (Go >= 1.26 must be on PATH)`);
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

describe('collector Go module', () => {
  if (skip) {
    it('is skipped: SECLOG_SKIP_GO_CONFORMANCE=1, the Go components were NOT checked', () => {});
    return;
  }

  it('is gofmt-clean', () => {
    const r = go(['gofmt', '-l', '.'], 120_000);
    expect(r.status, r.output).toBe(0);
    expect(r.output.trim(), 'files gofmt would change').toBe('');
  }, 120_000);

  it('passes go vet', () => {
    const r = go(['go', 'vet', './...'], 900_000);
    expect(r.status, r.output).toBe(0);
  }, 900_000);

  it('passes go test (golden vectors, seal mode, verify mode, witness)', () => {
    const r = go(['go', 'test', '-count=1', './...'], 1_200_000);
    expect(r.status, r.output).toBe(0);
    expect(r.output).not.toMatch(/^FAIL/m);
  }, 1_200_000);
});
