/** Renders `docs/catalog.md`: the event catalog / log inventory an auditor reads (ASVS 16.1.1, SOC 2 CC2.1). */
import type {
  AttributeDefinition,
  Catalog,
  EventDefinition,
  OcsfVersionMapping,
  Variant,
} from '../src/catalog/types.ts';

const SEVERITY_NAMES: Record<number, string> = { 9: 'INFO (9)', 13: 'WARN (13)', 20: 'ERROR4 (20)' };
const LEVELS: Record<string, string> = {
  required: 'required',
  conditionally_required: 'conditionally required',
  recommended: 'recommended',
  opt_in: 'opt-in',
};

function code(values: readonly (string | number | boolean)[]): string {
  return values.length === 0 ? '—' : values.map((v) => `\`${v}\``).join(', ');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

function variantText<T>(variants: readonly Variant<T>[] | undefined, render: (use: T) => string): string {
  if (!variants?.length) return '';
  return variants.map((v) => `<br>when \`${v.when.attribute}=${v.when.equals}\`: ${render(v.use)}`).join('');
}

function ocsfText(m: OcsfVersionMapping): string {
  const one = (a: { classUid: number; className: string; activityId: number; activityName: string; typeUid: number }) =>
    `${a.classUid} ${a.className} / ${a.activityId} ${a.activityName} (type_uid ${a.typeUid})`;
  const hints = m.hints
    ? `<br>set ${Object.entries(m.hints)
        .map(([k, v]) => `\`${k}=${v}\``)
        .join(', ')}`
    : '';
  const notes = m.notes ? `<br>${m.notes}` : '';
  return `${one(m)}${variantText(m.variants, one)}${hints}${notes}`;
}

function eventSection(e: EventDefinition): string[] {
  const severity = `${SEVERITY_NAMES[e.severity.ok]} / ${SEVERITY_NAMES[e.severity.fail]}${variantText(
    e.severity.variants,
    (u) => `${SEVERITY_NAMES[u.ok]} / ${SEVERITY_NAMES[u.fail]}`,
  )}${e.severity.notes ? `<br>${e.severity.notes}` : ''}`;
  const conditional = e.conditionallyRequired
    .map((c) => `\`${c.when.attribute}=${c.when.equals}\`: ${code(c.attributes)}`)
    .join('; ');
  const ecs = `kind \`${e.ecs.kind}\`, category ${code(e.ecs.category)}, type ${code(e.ecs.type)}${variantText(
    e.ecs.variants,
    (u) => `category ${code(u.category)}, type ${code(u.type)}`,
  )}${e.ecs.notes ? `<br>${e.ecs.notes}` : ''}`;
  const cim = `${e.cim.model} — \`${e.cim.dataset}\`, tags ${code(e.cim.tags)}${
    e.cim.action === 'from_outcome' ? ', action = the outcome' : e.cim.action ? `, action \`${e.cim.action}\`` : ''
  }${variantText(e.cim.variants, (u) => `action \`${u.action}\``)}${
    e.cim.objectCategory ? `, object_category \`${e.cim.objectCategory}\`` : ''
  }${e.cim.objectAttrs ? `, object_attrs ${code(e.cim.objectAttrs)}` : ''}${e.cim.result ? `, result \`${e.cim.result}\`` : ''}${
    e.cim.notes ? `<br>${e.cim.notes}` : ''
  }`;
  const appsec = e.datadog.appsecEvent
    ? `; App & API Protection ${Object.entries(e.datadog.appsecEvent)
        .map(([outcome, name]) => `\`${name}\` (${outcome})`)
        .join(', ')}`
    : '';
  const rows: [string, string][] = [
    ['Category', `\`${e.category}\``],
    ['Outcomes', code(e.outcomes)],
    ['Default severity (ok / fail)', severity],
    ['Required', code(e.required)],
    ['Required when', conditional || '—'],
    ['Recommended', code(e.recommended)],
    ['Fixed values', e.fixed ? code(Object.entries(e.fixed).map(([k, v]) => `${k}=${v}`)) : '—'],
    ['`error.type` on failure', e.errorTypes.length ? code(e.errorTypes) : 'no enum (optional, `_OTHER` only)'],
    ['ECS', ecs],
    ['OCSF 1.8.0', ocsfText(e.ocsf['1.8.0'])],
    ['OCSF 1.9.0', ocsfText(e.ocsf['1.9.0'])],
    ['Splunk CIM', cim],
    ['Datadog', `\`evt.name=${e.datadog.evtName}\`${appsec}`],
    ['OWASP vocabulary', e.compliance.owasp.length ? code(e.compliance.owasp) : '— (gap in the vocabulary)'],
    ['SOC 2', e.compliance.soc2.join(', ')],
    ['PCI DSS', e.compliance.pci.length ? e.compliance.pci.join(', ') : '—'],
  ];
  return [
    `### ${e.id}. \`${e.name}\``,
    '',
    e.description,
    '',
    `Builder: \`security.${e.builder}(…)\``,
    '',
    '| Field | Value |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`),
    '',
  ];
}

function attributeRow(a: AttributeDefinition): string {
  const type = a.enum ? `${a.type}: ${code(a.enum)}` : a.type;
  const level = `${LEVELS[a.requirementLevel]}${a.condition ? ` (${a.condition})` : ''}`;
  const m = a.mappings;
  const maps = [
    m.ecs && `ECS \`${m.ecs}\``,
    m.ocsf && `OCSF \`${m.ocsf}\``,
    m.cim && `CIM \`${m.cim}\``,
    m.datadog && `Datadog \`${m.datadog}\``,
    m.notes,
  ]
    .filter(Boolean)
    .join('; ');
  return `| \`${a.name}\` | ${cell(type)} | ${cell(level)} | ${a.sensitivity} | ${cell(a.description)} | ${cell(maps || '—')} |`;
}

function indexBy(catalog: Catalog, pick: (e: EventDefinition) => readonly string[]): string[] {
  const index = new Map<string, string[]>();
  for (const e of catalog.events) {
    for (const ref of pick(e)) {
      const key = ref.replace(/ \(.*\)$/, '');
      index.set(key, [...(index.get(key) ?? []), `\`${e.name.replace(/^security_event\./, '')}\``]);
    }
  }
  return [...index.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([k, events]) => `| ${k} | ${events.join(', ')} |`);
}

/** Source of `docs/catalog.md`. */
export function renderDocs(catalog: Catalog): string {
  const out: string[] = [
    '# Security event catalog',
    '',
    '<!-- Generated by packages/semconv/scripts/generate.ts from src/catalog. Do not edit by hand. -->',
    '',
    `Catalog version **${catalog.version}**, schema URL \`${catalog.schemaUrl}\`. Events are OpenTelemetry log records`,
    `emitted on the instrumentation scope \`${catalog.scopeName}\`, with the event name in the LogRecord \`EventName\``,
    'field, the occurrence time in `Timestamp` (UTC), a default `SeverityNumber`, and all data in attributes.',
    '',
    'Every event records who (`user.*`, `security_event.actor.*`), what (event name, `security_event.category`), when',
    '(`Timestamp`), where from (`client.address`, the `service.name` resource), on what (`security_event.target.*`) and',
    'with which outcome (`security_event.outcome`, `error.type`): the PCI DSS 10.2.2 elements.',
    '',
    '## Common to every event',
    '',
    `- Required: ${code(catalog.common.required)}.`,
    ...catalog.common.actorIdentity.map(
      (c) => `- Required when \`${c.when.attribute}\` = \`${c.when.equals}\`: ${code(c.attributes)}.`,
    ),
    '- Service and system actors are identified by the `service.name` resource attribute.',
    "- `error.type` is required on failure (from the event's enum) and never set on success.",
    `- Recommended: ${code(catalog.common.recommended)}.`,
    '- Secret-class attributes are never emitted; values that look like credentials are dropped and flagged.',
    '',
    '## Compliance index',
    '',
    '| PCI DSS requirement | Events |',
    '|---|---|',
    ...indexBy(catalog, (e) => e.compliance.pci),
    '',
    '| SOC 2 criterion | Events |',
    '|---|---|',
    ...indexBy(catalog, (e) => e.compliance.soc2),
    '',
    '## Events',
    '',
  ];
  for (const e of catalog.events) out.push(...eventSection(e));
  out.push(
    '## Attributes',
    '',
    'Sensitivity: `none`, `pseudonymous` (stable identifier that is not the identity), `pii` (personal data), `secret`',
    '(never logged).',
    '',
    '| Attribute | Type | Level | Sensitivity | Description | Maps to |',
    '|---|---|---|---|---|---|',
    ...catalog.attributes.map(attributeRow),
    '',
    '## Resource attributes',
    '',
    '| Attribute | Level | Description |',
    '|---|---|---|',
    ...catalog.resourceAttributes.map(
      (r) => `| \`${r.name}\` | ${LEVELS[r.requirementLevel]} | ${cell(r.description)} |`,
    ),
    '',
  );
  return out.join('\n');
}
