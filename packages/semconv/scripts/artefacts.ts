/** The list of generated, checked-in files (paths relative to packages/semconv). */
import type { Catalog } from '../src/catalog/types.ts';
import { renderDocs } from './render-docs.ts';
import { renderEventTypes } from './render-event-types.ts';
import { renderNames } from './render-names.ts';

/** One generated file. */
export interface Artefact {
  readonly path: string;
  readonly content: string;
}

/** Every generated file, rendered in memory from the catalog. */
export function renderArtefacts(catalog: Catalog): Artefact[] {
  return [
    { path: 'catalog.json', content: `${JSON.stringify(catalog, null, 2)}\n` },
    { path: 'src/generated/names.ts', content: renderNames(catalog) },
    { path: 'src/generated/event-types.ts', content: renderEventTypes(catalog) },
    { path: 'docs/catalog.md', content: renderDocs(catalog) },
  ];
}
