export declare function decodeJsValue(v: unknown, parent?: unknown): unknown;
export declare function decodeJsRecord(r: Record<string, unknown>): Record<string, unknown>;
