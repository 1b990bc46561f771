/**
 * Writes generated/field-maps.json (the OTel → ECS / CIM / Datadog field maps of src/field-maps.ts) for the Python
 * converter. Run by scripts/sigma-generate.sh; reads the built package (dist).
 *
 *   node scripts/write-field-maps.ts <out file>
 */
import { writeFileSync } from 'node:fs';
import { catalog } from '@seclog/semconv';
import { CIM_FIELD_MAPS, datadogFieldMap, ecsFieldMap } from '../dist/field-maps.js';

const [, , out] = process.argv;
if (!out) throw new Error('usage: node scripts/write-field-maps.ts <out file>');
// The CIM data model of each event picks the CIM map a rule is converted with.
const eventModels = Object.fromEntries(catalog.events.map((e) => [e.name, e.cim.model]));
const maps = { ecs: ecsFieldMap(), cim: CIM_FIELD_MAPS, datadog: datadogFieldMap(), eventModels };
writeFileSync(out, `${JSON.stringify(maps, null, 2)}\n`);
