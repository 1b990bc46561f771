/**
 * Shape of the seclog security-event catalog. The catalog is plain data (no functions, no class instances) so it can be
 * exported verbatim as `catalog.json` for other languages.
 *
 * @packageDocumentation
 */

/** Sensitivity class of an attribute value. `secret` attributes are never emitted: builders and validators refuse them. */
export type Sensitivity = 'none' | 'pseudonymous' | 'pii' | 'secret';

/** OTel requirement levels (`conditionally_required` carries a `condition`). */
export type RequirementLevel = 'required' | 'conditionally_required' | 'recommended' | 'opt_in';

/** OTel attribute value types used by the catalog. */
export type AttributeType = 'string' | 'string[]' | 'int' | 'double' | 'boolean';

/** Where an attribute name comes from: an OTel semantic convention we reuse, or seclog's own `security_event.*`. */
export type AttributeOrigin = 'otel' | 'seclog';

/** OTel stability of a reused attribute (seclog attributes are `development` until the package reaches 1.0). */
export type Stability = 'stable' | 'development';

/** Values of `security_event.category`. */
export type SecurityEventCategory =
  | 'authentication'
  | 'session'
  | 'account'
  | 'credential'
  | 'mfa'
  | 'access'
  | 'authorization'
  | 'data'
  | 'admin'
  | 'configuration'
  | 'audit_log'
  | 'abuse'
  | 'detection';

/** Values of `security_event.outcome`. */
export type SecurityEventOutcome = 'success' | 'failure' | 'unknown';

/** Field paths (or short notes) in the target data models an attribute maps to. Absent = no mapping. */
export interface AttributeMappings {
  /** ECS field, e.g. `user.target.id`. */
  readonly ecs?: string;
  /** OCSF attribute path, e.g. `actor.user.uid`. */
  readonly ocsf?: string;
  /** Splunk CIM field, e.g. `src_user`. */
  readonly cim?: string;
  /** Datadog standard attribute, e.g. `usr.id`. */
  readonly datadog?: string;
  /** Free-text remarks about the mapping (value translations, conditions). */
  readonly notes?: string;
  /** OCSF enum id per attribute value (e.g. `security_event.outcome`: success → `status_id` 1). */
  readonly ocsfValueIds?: Readonly<Record<string, number>>;
}

/** One attribute of the catalog. */
export interface AttributeDefinition {
  /** Full attribute name, e.g. `security_event.outcome` or `client.address`. */
  readonly name: string;
  /** Name used by the typed builders: the name without `security_event.`, camelCased over `.` and `_`. */
  readonly camelName: string;
  readonly type: AttributeType;
  /** Closed set of allowed values (for `string[]` attributes: allowed members). */
  readonly enum?: readonly string[];
  /** Default requirement level across events; events add their own required/recommended lists. */
  readonly requirementLevel: RequirementLevel;
  /** When `requirementLevel` is `conditionally_required`: the condition, in words. */
  readonly condition?: string;
  readonly sensitivity: Sensitivity;
  readonly description: string;
  readonly origin: AttributeOrigin;
  readonly stability: Stability;
  /** For reused OTel attributes: the constant exported by `@opentelemetry/semantic-conventions` (or `/incubating`). */
  readonly otelConstant?: string;
  readonly mappings: AttributeMappings;
  /** Example values (for `string[]` attributes: example members). Every attribute has at least one. */
  readonly examples?: readonly (string | number | boolean)[];
}

/** A resource attribute the catalog relies on (set by the SDK resource, not per event). */
export interface ResourceAttributeDefinition {
  readonly name: string;
  readonly requirementLevel: RequirementLevel;
  readonly description: string;
  readonly otelConstant: string;
  readonly mappings: AttributeMappings;
}

/** Condition on one attribute's value, used by variants and conditional requirements. */
export interface AttributeCondition {
  readonly attribute: string;
  readonly equals: string | number | boolean;
}

/** An override that applies when a condition holds. The first matching variant wins. */
export interface Variant<T> {
  readonly when: AttributeCondition;
  readonly use: T;
}

/** Attributes that become required when a condition holds (e.g. on success). */
export interface ConditionalRequirement {
  readonly when: AttributeCondition;
  readonly attributes: readonly string[];
}

/** OTel `SeverityNumber` values used by the catalog: INFO 9, WARN 13, ERROR4 20. */
export type CatalogSeverity = 9 | 13 | 20;

/** Default severity for an event when the outcome is success/unknown (`ok`) and failure (`fail`). */
export interface SeverityDefaults {
  readonly ok: CatalogSeverity;
  readonly fail: CatalogSeverity;
  readonly variants?: readonly Variant<{ readonly ok: CatalogSeverity; readonly fail: CatalogSeverity }>[];
  readonly notes?: string;
}

/** ECS categorization of an event. */
export interface EcsCategorization {
  readonly category: readonly string[];
  readonly type: readonly string[];
}

/** ECS mapping of an event (`event.action` is always the seclog event name; `event.outcome` the outcome). */
export interface EcsEventMapping extends EcsCategorization {
  readonly kind: 'event' | 'alert';
  readonly variants?: readonly Variant<EcsCategorization>[];
  /**
   * Attribute → ECS field placements that hold for this event only (on top of the shared attribute table), e.g. the
   * role a grant adds goes to `user.changes.roles`, which a revoke or a role redefinition must not fill.
   */
  readonly fields?: Readonly<Record<string, string>>;
  readonly notes?: string;
}

/** How every seclog security event is scoped in ECS: one module and one dataset, as vendor integrations do. */
export interface EcsSourceScope {
  /** `event.module`. */
  readonly module: string;
  /** `event.dataset` (the module name, a dot, the dataset). */
  readonly dataset: string;
}

/** One OCSF class + activity. `typeUid` is written out (not computed) so tests can check it. */
export interface OcsfActivity {
  readonly categoryUid: number;
  readonly classUid: number;
  readonly className: string;
  readonly activityId: number;
  readonly activityName: string;
  readonly typeUid: number;
}

/** OCSF mapping for one schema version. `hints` are fixed attribute values the projection sets (e.g. `account_switch_type_id`). */
export interface OcsfVersionMapping extends OcsfActivity {
  readonly variants?: readonly Variant<OcsfActivity>[];
  readonly hints?: Readonly<Record<string, string | number | boolean>>;
  readonly notes?: string;
}

/** OCSF mapping per supported schema version. */
export interface OcsfEventMapping {
  readonly '1.8.0': OcsfVersionMapping;
  readonly '1.9.0': OcsfVersionMapping;
}

/** Splunk CIM data model of an event. */
export type CimModel = 'Authentication' | 'Change' | 'Data_Access' | 'Web' | 'Alerts';

/** Splunk CIM mapping of an event. */
export interface CimEventMapping {
  readonly model: CimModel;
  /** Dataset path inside the model, e.g. `All_Changes.Account_Management.Accounts_Updated`. */
  readonly dataset: string;
  readonly tags: readonly string[];
  /**
   * CIM `action`. `'from_outcome'` = the outcome (`success` / `failure`, `unknown` stays `unknown`); used by the
   * Authentication model. Otherwise a literal value. Absent for models without `action` (Alerts).
   */
  readonly action?: string;
  readonly variants?: readonly Variant<{ readonly action: string }>[];
  /** Change model `change_type` (e.g. `AAA`). */
  readonly changeType?: string;
  /** Change / Data_Access `object_category`. */
  readonly objectCategory?: string;
  /** Fixed `object_attrs` (otherwise from `security_event.changes.fields`). */
  readonly objectAttrs?: readonly string[];
  /** Change `result` (e.g. `lockout`). */
  readonly result?: string;
  readonly notes?: string;
}

/** Datadog mapping of an event. */
export interface DatadogEventMapping {
  /** `evt.name`: the category, except `authentication` for events 1–7 (Datadog OOTB rules key on it). */
  readonly evtName: string;
  /** Optional App & API Protection user-activity event name, by outcome. */
  readonly appsecEvent?: { readonly success?: string; readonly failure?: string };
}

/** Compliance references of an event. */
export interface ComplianceReferences {
  /** AICPA TSC 2017 criteria, e.g. `CC6.1`. */
  readonly soc2: readonly string[];
  /** PCI DSS v4.0.x requirement ids, e.g. `10.2.1.4`; a trailing ` (fail)` / ` (admin)` qualifier tells when it applies. */
  readonly pci: readonly string[];
  /** OWASP Logging Vocabulary names this event covers (empty = gap in the vocabulary). */
  readonly owasp: readonly string[];
}

/** One event of the catalog. */
export interface EventDefinition {
  /** Row number in the catalog (1, 2, …; docs/design/semconv.md#events). */
  readonly id: number;
  /** Full event name, set as the LogRecord `eventName`: `security_event.<domain>.<object>.<verb>`. */
  readonly name: string;
  /** Typed-builder method name: the name without `security_event.`, camelCased. */
  readonly builder: string;
  readonly category: SecurityEventCategory;
  readonly description: string;
  /** Outcomes the event may carry (most allow all three). */
  readonly outcomes: readonly SecurityEventOutcome[];
  /** Attributes required on every occurrence, beyond the common ones (`catalog.common.required`). */
  readonly required: readonly string[];
  /** Attributes required only when a condition holds (e.g. `user.id` on a successful login). */
  readonly conditionallyRequired: readonly ConditionalRequirement[];
  /** Attributes recommended beyond the common recommended set. */
  readonly recommended: readonly string[];
  /** Attribute values fixed by the event (the builder fills them), e.g. `security_event.target.resource.type`. */
  readonly fixed?: Readonly<Record<string, string>>;
  readonly severity: SeverityDefaults;
  /**
   * Closed `error.type` enum for failures. Empty = the event defines no failure reason; then `error.type` is not
   * required on failure and, if given, must be `_OTHER`.
   */
  readonly errorTypes: readonly string[];
  readonly ecs: EcsEventMapping;
  readonly ocsf: OcsfEventMapping;
  readonly cim: CimEventMapping;
  readonly datadog: DatadogEventMapping;
  readonly compliance: ComplianceReferences;
}

/** Attributes shared by all events. */
export interface CommonRequirements {
  /** Required on every event. */
  readonly required: readonly string[];
  /** Actor identity required by actor type (`service`/`system` rely on the `service.name` resource). */
  readonly actorIdentity: readonly ConditionalRequirement[];
  /** Recommended on every event. */
  readonly recommended: readonly string[];
}

/** The whole catalog. */
export interface Catalog {
  /** Catalog version (semver; follows the package). */
  readonly version: string;
  /** OTel `schema_url` of this catalog version; set on the instrumentation scope. */
  readonly schemaUrl: string;
  /** Instrumentation scope name security events are emitted on. */
  readonly scopeName: string;
  /** Prefix shared by every event and seclog attribute name. */
  readonly namespace: 'security_event';
  readonly common: CommonRequirements;
  /** `event.module` / `event.dataset` of every security event in ECS, so a rule pack can be scoped to seclog data. */
  readonly ecs: EcsSourceScope;
  readonly attributes: readonly AttributeDefinition[];
  readonly resourceAttributes: readonly ResourceAttributeDefinition[];
  readonly events: readonly EventDefinition[];
}
