/**
 * Small constructors that keep the event tables readable. They only fill names and defaults; every mapping value
 * (including OCSF `type_uid`) is written out in the tables so tests can check it against the standards.
 */
import type {
  AttributeDefinition,
  AttributeMappings,
  AttributeType,
  CatalogSeverity,
  ConditionalRequirement,
  EventDefinition,
  OcsfActivity,
  RequirementLevel,
  SecurityEventOutcome,
  Sensitivity,
  SeverityDefaults,
  Variant,
} from './types.js';

/** `authentication.login` → `authenticationLogin` (split on `.` and `_`). */
export function builderName(shortName: string): string {
  return camel(shortName);
}

/** An OCSF class/activity pair with its category and explicit type_uid. */
export function ocsf(
  categoryUid: number,
  classUid: number,
  className: string,
  activityId: number,
  activityName: string,
  typeUid: number,
): OcsfActivity {
  return { categoryUid, classUid, className, activityId, activityName, typeUid };
}

/** A variant keyed on one attribute value. */
export function when<T>(attribute: string, equals: string | number | boolean, use: T): Variant<T> {
  return { when: { attribute, equals }, use };
}

/** Severity defaults. */
export function severity(
  ok: CatalogSeverity,
  fail: CatalogSeverity,
  extra: Omit<SeverityDefaults, 'ok' | 'fail'> = {},
): SeverityDefaults {
  return { ok, fail, ...extra };
}

/** Attributes required when the outcome is success. */
export function onSuccess(...attributes: string[]): ConditionalRequirement {
  return { when: { attribute: 'security_event.outcome', equals: 'success' }, attributes };
}

const ALL_OUTCOMES: readonly SecurityEventOutcome[] = ['success', 'failure', 'unknown'];

type EventInput = Omit<EventDefinition, 'name' | 'builder' | 'outcomes' | 'conditionallyRequired' | 'recommended'> & {
  readonly outcomes?: readonly SecurityEventOutcome[];
  readonly conditionallyRequired?: readonly ConditionalRequirement[];
  readonly recommended?: readonly string[];
};

/** Defines an event from its short name (`authentication.login`). */
export function event(shortName: string, input: EventInput): EventDefinition {
  const { id, category, description, ...rest } = input;
  return {
    id,
    name: `security_event.${shortName}`,
    builder: builderName(shortName),
    category,
    description,
    outcomes: input.outcomes ?? ALL_OUTCOMES,
    conditionallyRequired: input.conditionallyRequired ?? [],
    recommended: input.recommended ?? [],
    ...rest,
  };
}

export interface SeclogAttributeOptions {
  readonly enum?: readonly string[];
  readonly condition?: string;
  readonly examples?: readonly (string | number | boolean)[];
}

/** camelName rule (also used for builder names): drop `security_event.`, split on `.` and `_`, camelCase. */
function camel(name: string): string {
  const parts = name.replace(/^security_event\./, '').split(/[._]/);
  return parts.map((p, i) => (i === 0 ? p : p.charAt(0).toUpperCase() + p.slice(1))).join('');
}

export function seclogAttribute(
  name: string,
  type: AttributeType,
  requirementLevel: RequirementLevel,
  sensitivity: Sensitivity,
  description: string,
  mappings: AttributeMappings,
  options: SeclogAttributeOptions = {},
): AttributeDefinition {
  return {
    name,
    camelName: camel(name),
    type,
    ...(options.enum ? { enum: options.enum } : {}),
    requirementLevel,
    ...(options.condition ? { condition: options.condition } : {}),
    sensitivity,
    description,
    origin: 'seclog',
    stability: 'development',
    mappings,
    ...(options.examples ? { examples: options.examples } : {}),
  };
}
