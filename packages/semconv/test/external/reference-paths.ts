/** Locations of the third-party reference data the checks read, vendored with licence and provenance. */
import path from 'node:path';

/** The repository root: four levels up from `packages/semconv/test/external`. */
export const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');

/** OCSF 1.8.0 schema, compiled (see the PROVENANCE.md next to it). */
export const ocsfSchemaFile = path.resolve(import.meta.dirname, '..', 'fixtures', 'ocsf-1.8.0', 'schema.json');
