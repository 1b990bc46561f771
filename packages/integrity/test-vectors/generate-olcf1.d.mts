export declare const VECTOR_FILES: readonly string[];
export declare function buildVectors(lib: Record<string, unknown>): Promise<Record<string, string>>;
