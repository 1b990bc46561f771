/** Locations of the third-party reference data the checks read, vendored with licence and provenance. */
import path from 'node:path';

/** The repository root: four levels up from `packages/semconv/test/external`. */
export const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');

/** OCSF 1.8.0 schema in source form (see its PROVENANCE.md). */
export const ocsfSchemaDir = path.resolve(import.meta.dirname, '..', 'fixtures', 'ocsf-schema-1.8.0');
