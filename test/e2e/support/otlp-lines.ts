/**
 * Reading the archive the collector writes: OTLP/JSON lines, one export request per line. Only the fields the e2e
 * tests look at are typed.
 */

export interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number } & Record<string, unknown>;
}

export interface OtlpLogRecord {
  eventName?: string;
  body?: { stringValue?: string };
  attributes?: OtlpAttribute[];
}

export interface OtlpLogsRequest {
  resourceLogs: { scopeLogs: { logRecords: OtlpLogRecord[] }[] }[];
}

/** Every log record of the given parsed lines, in archive order. */
export function logRecordsOf(lines: readonly unknown[]): OtlpLogRecord[] {
  return (lines as OtlpLogsRequest[]).flatMap((l) =>
    l.resourceLogs.flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords)),
  );
}

/** The value of one attribute of a record, if present. */
export function attributeOf(record: OtlpLogRecord, key: string): OtlpAttribute['value'] | undefined {
  return record.attributes?.find((a) => a.key === key)?.value;
}
