import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderArtefacts } from '../../scripts/artefacts.ts';
import { catalog } from '../../src/catalog/index.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REGENERATE = 'run: pnpm exec tsc -b packages/semconv && node packages/semconv/scripts/generate.ts';

describe('generated artefacts', () => {
  for (const { path, content } of renderArtefacts(catalog)) {
    it(`${path} is up to date with the catalog`, () => {
      const onDisk = readFileSync(join(packageDir, path), 'utf8');
      expect(onDisk === content, `${path} is stale; ${REGENERATE}`).toBe(true);
    });
  }

  it('catalog.json is the catalog, verbatim', () => {
    expect(JSON.parse(readFileSync(join(packageDir, 'catalog.json'), 'utf8'))).toEqual(catalog);
  });

  it('docs/catalog.md documents every event with its compliance references', () => {
    const docs = readFileSync(join(packageDir, 'docs', 'catalog.md'), 'utf8');
    for (const e of catalog.events) {
      expect(docs).toContain(`### ${e.id}. \`${e.name}\``);
      for (const ref of e.compliance.soc2) expect(docs).toContain(ref);
    }
    expect(docs).toContain('| 10.2.1.3 | `audit_log.access` |');
  });
});
