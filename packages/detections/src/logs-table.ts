/**
 * The `logs` table the pack's SQL runs over: one row per security event, one column per catalog attribute (typed
 * from the catalog, so every field a rule names exists even when no record carries it), plus the record fields.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { type AttributeType, catalog } from '@seclog/semconv';
import type { ArchiveSecurityEvent, ArchiveValue } from './archive-records.js';

/** Record fields of the table besides the attributes. `event_name` is the field the Sigma rules select events by. */
export const RECORD_COLUMNS = {
  record_id: 'INTEGER',
  timestamp: 'TIMESTAMP',
  event_name: 'VARCHAR',
  'seclog.integrity.stream': 'VARCHAR',
  'seclog.integrity.seq': 'BIGINT',
  'service.name': 'VARCHAR',
} as const;

const SQL_TYPES: Readonly<Record<AttributeType, string>> = {
  string: 'VARCHAR',
  'string[]': 'VARCHAR[]',
  int: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
};

/** Column name → DuckDB type: the record columns, then every catalog attribute. */
export function logsTableColumns(): ReadonlyMap<string, string> {
  const columns = new Map<string, string>(Object.entries(RECORD_COLUMNS));
  for (const a of catalog.attributes) if (!columns.has(a.name)) columns.set(a.name, SQL_TYPES[a.type]);
  return columns;
}

/** The value when it fits the column type, else null (a wrongly typed attribute never breaks the load). */
function fit(value: ArchiveValue | undefined, sqlType: string): ArchiveValue {
  if (value === undefined || value === null) return null;
  switch (sqlType) {
    case 'VARCHAR':
      return typeof value === 'string' ? value : null;
    case 'VARCHAR[]':
      return Array.isArray(value) ? value.filter((v) => typeof v === 'string') : null;
    case 'BIGINT':
    case 'INTEGER':
      return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
    case 'DOUBLE':
      return typeof value === 'number' ? value : null;
    case 'BOOLEAN':
      return typeof value === 'boolean' ? value : null;
    default:
      return null;
  }
}

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/**
 * Creates and fills `logs` on the connection. The rows go through a newline-delimited JSON file read with an
 * explicit column list (DuckDB's `read_json`), which keeps every type exactly as declared.
 */
export async function createLogsTable(connection: DuckDBConnection, events: readonly ArchiveSecurityEvent[]) {
  const columns = logsTableColumns();
  const dir = await mkdtemp(join(tmpdir(), 'seclog-replay-'));
  try {
    const file = join(dir, 'logs.jsonl');
    const lines = events.map((e) => {
      const row: Record<string, ArchiveValue> = {
        record_id: e.recordId,
        timestamp: new Date(e.timeMs).toISOString(),
        event_name: e.eventName,
        'seclog.integrity.stream': e.stream ?? null,
        'seclog.integrity.seq': e.seq ?? null,
        'service.name': fit(e.resource['service.name'], 'VARCHAR'),
      };
      for (const [name, type] of columns) if (!(name in row)) row[name] = fit(e.attributes[name], type);
      return JSON.stringify(row);
    });
    await writeFile(file, lines.length > 0 ? `${lines.join('\n')}\n` : '');
    const spec = [...columns].map(([name, type]) => `${sqlString(name)}: ${sqlString(type)}`).join(', ');
    await connection.run("SET TimeZone = 'UTC'");
    const definition = [...columns].map(([name, type]) => `${quote(name)} ${type}`).join(', ');
    await connection.run(`CREATE OR REPLACE TABLE logs (${definition})`);
    if (lines.length > 0) {
      await connection.run(
        `INSERT INTO logs SELECT * FROM read_json(${sqlString(file)}, format = 'newline_delimited', columns = {${spec}})`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
