/** Locations of the external reference data the checks read (never copied into the repository). */
import path from 'node:path';

/** `/work/main` in the dev container: four levels up from `packages/semconv/test/external`. */
export const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');

/** OCSF 1.8.0 schema in source form, next to the repository (`../shared/reference-data`). */
export const ocsfSchemaDir = path.join(repoRoot, '..', 'shared', 'reference-data', 'ocsf-schema-1.8.0');
