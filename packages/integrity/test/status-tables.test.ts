/**
 * The two status tables — docs/spec/verification.md ("Statuses") and packages/cli/README.md — list every `ItemStatus`
 * with the class `STATUS_CLASS` gives it, and no status that does not exist.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ItemStatus, STATUS_CLASS } from '../src/verify/report.js';

const root = join(import.meta.dirname, '..', '..', '..');
const statuses = Object.keys(STATUS_CLASS).sort();

/** Rows of the table whose header row starts with `| Status |`: the status and the cells after it. */
function statusRows(file: string): { status: string; cells: string[] }[] {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const header = lines.findIndex((l) => l.startsWith('| Status |'));
  expect(header, `a "| Status |" table in ${file}`).toBeGreaterThanOrEqual(0);
  const rows: { status: string; cells: string[] }[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const [first = '', ...cells] = line.split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, '').trim());
    const status = /^`([A-Z-]+)`/.exec(first)?.[1];
    expect(status, `${file}: ${line}`).toBeDefined();
    rows.push({ status: status as string, cells });
  }
  return rows;
}

describe.each([
  // | Status | Subject | Class | Meaning |
  ['docs/spec/verification.md', (cells: string[]) => cells[1]],
  // | Status | Meaning | Class |   ("warning (failure with `--strict`)")
  ['packages/cli/README.md', (cells: string[]) => cells.at(-1)?.split(' ')[0]],
])('the statuses table of %s', (file, classOf) => {
  const rows = statusRows(file);

  it('lists every ItemStatus and nothing else', () => {
    expect([...new Set(rows.map((r) => r.status))].sort()).toEqual(statuses);
  });

  it('gives each status the class of STATUS_CLASS', () => {
    for (const { status, cells } of rows) {
      expect(classOf(cells), `${file}: ${status}`).toBe(STATUS_CLASS[status as ItemStatus]);
    }
  });
});
