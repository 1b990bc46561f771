export declare function exactJsonInteger(source: string): string | number;
export declare function parseOtlpJson(text: string): unknown;
export declare function decodeUtf8(bytes: Uint8Array): string;
export declare function expandRepeats(v: unknown): unknown;
