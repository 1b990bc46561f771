/**
 * Docs that compile: every TypeScript snippet of the READMEs type-checks as an application would compile it (strict,
 * `exactOptionalPropertyTypes` as `tsc --init` sets it, real @types/express 5 and fastify types). The checker itself is tested on a broken snippet, so a green run means
 * the snippets compile, not that nothing was checked.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allSnippets, extractSnippets, readmeFiles, typeCheckSnippets } from './readme-snippets.ts';

const root = join(import.meta.dirname, '..', '..');
const tsc = join(root, 'node_modules', '.bin', 'tsc');

describe('README snippets', () => {
  it('finds the READMEs and their snippets', () => {
    expect(readmeFiles(root)).toEqual(expect.arrayContaining(['README.md', 'packages/node/README.md']));
    expect(allSnippets(root).length).toBeGreaterThanOrEqual(15);
  });

  it('reports a type error at its README line (the checker is not vacuous)', () => {
    const markdown = [
      '# x',
      '',
      '```ts',
      "import { startSecureLogging } from '@seclog/node';",
      "startSecureLogging({ mode: 'prod' });",
      '```',
    ].join('\n');
    const errors = typeCheckSnippets(extractSnippets('BROKEN.md', markdown), import.meta.dirname, tsc, {});
    expect(errors).toEqual([expect.objectContaining({ id: 'BROKEN.md#1', where: 'BROKEN.md:5' })]);
    expect(errors[0]?.message).toMatch(/TS2322/);
  });

  it('checks with exactOptionalPropertyTypes, as `tsc --init` sets it', () => {
    const markdown = [
      '```ts',
      'const header: string | undefined = process.env.HEADER;',
      'const options: { header?: string } = { header };',
      '```',
    ].join('\n');
    const errors = typeCheckSnippets(extractSnippets('EXACT.md', markdown), import.meta.dirname, tsc, {});
    expect(errors).toEqual([expect.objectContaining({ id: 'EXACT.md#1', where: 'EXACT.md:3' })]);
  });

  it('every snippet type-checks, strict and exactOptionalPropertyTypes, against the real express, fastify and NodeSDK types', () => {
    const errors = typeCheckSnippets(allSnippets(root), import.meta.dirname, tsc);
    expect(errors.map((e) => `${e.where}: ${e.message}`)).toEqual([]);
  });
});
