/**
 * Conformance of @seclog/integrity with independent implementations: golang.org/x/mod/sumdb/tlog (RFC 6962 tree
 * heads and proofs) and golang.org/x/mod/sumdb/note (C2SP signed notes), driven through the Go program in ./go.
 * Go is required. Without it the suite fails with a clear message, unless SECLOG_SKIP_GO_CONFORMANCE=1 is set, in
 * which case it logs that conformance was NOT checked.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  consistencyProof,
  inclusionProof,
  leafHash,
  merkleRoot,
  verifyConsistency,
  verifyInclusion,
} from '@seclog/integrity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const skip = process.env.SECLOG_SKIP_GO_CONFORMANCE === '1';
const goDir = join(import.meta.dirname, 'go');
let binDir: string | undefined;
let binary: string | undefined;
let setupError: string | undefined;

function goEnv(): NodeJS.ProcessEnv {
  // Build cache outside the repo, shared between runs so CI does not rebuild the Go standard library every time.
  const cache = join(tmpdir(), 'seclog-go-conformance-cache');
  mkdirSync(cache, { recursive: true });
  return { ...process.env, GOFLAGS: '-mod=mod', GOCACHE: process.env.GOCACHE ?? cache, GOTOOLCHAIN: 'local' };
}

beforeAll(() => {
  if (skip) {
    console.warn('SECLOG_SKIP_GO_CONFORMANCE=1: Go conformance was NOT checked (RFC 6962 / signed-note interop).');
    return;
  }
  const version = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    setupError =
      'Go is required for the conformance tests (test/conformance): install Go >= 1.26 and put `go` on PATH, ' +
      'or set SECLOG_SKIP_GO_CONFORMANCE=1 to skip them explicitly.';
    return;
  }
  binDir = mkdtempSync(join(tmpdir(), 'seclog-go-conformance-'));
  binary = join(binDir, 'conformance');
  const build = spawnSync('go', ['build', '-o', binary, '.'], { cwd: goDir, env: goEnv(), encoding: 'utf8' });
  if (build.status !== 0) setupError = `go build failed in ${goDir}:\n${build.stderr}`;
}, 300_000);

afterAll(() => {
  if (binDir) rmSync(binDir, { recursive: true, force: true });
});

/** Runs one Go command with a JSON request; fails the test with Go's stderr on error. */
export function runGo<T>(command: string, request: unknown): T {
  if (setupError) throw new Error(setupError);
  const r: SpawnSyncReturns<string> = spawnSync(binary!, [command], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`conformance ${command} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** True when the suite was explicitly told to skip Go (logged in beforeAll). */
export function skipped(): boolean {
  return skip;
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64');

describe('RFC 6962 Merkle log vs golang.org/x/mod/sumdb/tlog', () => {
  const digests = Array.from({ length: 70 }, () => randomBytes(32));
  const leaves = digests.map((d) => leafHash(d));
  const inclusion: [number, number][] = [];
  const consistency: [number, number][] = [];
  for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 32, 33, 64, 70]) {
    for (const i of new Set([0, Math.floor(n / 2), n - 1])) inclusion.push([i, n]);
    for (const m of new Set([1, Math.max(1, n - 1), Math.ceil(n / 3), n])) consistency.push([m, n]);
  }

  type TlogResponse = {
    leafHashes: string[];
    roots: string[];
    inclusion: { a: number; b: number; proof: string[] | null }[];
    consistency: { a: number; b: number; proof: string[] | null }[];
  };
  let go: TlogResponse | undefined;
  const goResult = () => {
    go ??= runGo<TlogResponse>('tlog', { digests: digests.map(b64), inclusion, consistency });
    return go;
  };

  it('computes the same leaf hashes and the same root at every tree size 0..70', () => {
    if (skipped()) return;
    const g = goResult();
    expect(g.leafHashes).toEqual(leaves.map(b64));
    for (let n = 0; n <= digests.length; n++) expect(b64(merkleRoot(leaves.slice(0, n))), `size ${n}`).toBe(g.roots[n]);
  });

  it('produces byte-identical inclusion proofs, and accepts Go proofs', () => {
    if (skipped()) return;
    const g = goResult();
    for (const p of g.inclusion) {
      const ours = inclusionProof(p.a, leaves.slice(0, p.b)).map(b64);
      expect(ours, `leaf ${p.a} in size ${p.b}`).toEqual(p.proof ?? []);
      const root = unb64(g.roots[p.b]!);
      expect(verifyInclusion(leaves[p.a]!, p.a, p.b, (p.proof ?? []).map(unb64), root)).toBe(true);
    }
  });

  it('produces byte-identical consistency proofs, and accepts Go proofs', () => {
    if (skipped()) return;
    const g = goResult();
    for (const p of g.consistency) {
      const ours = consistencyProof(p.a, leaves.slice(0, p.b)).map(b64);
      expect(ours, `size ${p.a} → ${p.b}`).toEqual(p.proof ?? []);
      const ok = verifyConsistency(p.a, p.b, unb64(g.roots[p.a]!), unb64(g.roots[p.b]!), (p.proof ?? []).map(unb64));
      expect(ok, `size ${p.a} → ${p.b}`).toBe(true);
    }
  });

  it('rejects a Go proof with one hash flipped (every element is checked)', () => {
    if (skipped()) return;
    const g = goResult();
    const p = g.inclusion.find((x) => (x.proof?.length ?? 0) >= 3)!;
    const proof = p.proof!.map(unb64);
    proof[1] = Buffer.from(proof[1]!.map((b, i) => (i === 0 ? b ^ 1 : b)));
    expect(verifyInclusion(leaves[p.a]!, p.a, p.b, proof, unb64(g.roots[p.b]!))).toBe(false);
  });
});
