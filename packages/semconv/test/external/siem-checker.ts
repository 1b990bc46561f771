/**
 * Checks Splunk CIM events and Datadog attribute sets against the field tables in `siem-field-tables.ts`.
 */
import {
  CIM_ALERT_VALUES,
  CIM_MODELS,
  DATADOG_OUTCOME_VALUES,
  DATADOG_STANDARD_ATTRIBUTES,
  DATADOG_STANDARD_PREFIXES,
  SECLOG_CIM_EXTENSION_FIELDS,
  SPLUNK_INTERNAL_FIELDS,
} from './siem-field-tables.js';

export type SiemViolationCode =
  | 'unknown_model'
  | 'unknown_field'
  | 'missing_required'
  | 'disallowed_value'
  | 'empty_value';

export interface SiemViolation {
  readonly code: SiemViolationCode;
  readonly field: string;
  readonly message: string;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * Checks a CIM event against the fields of a data model (`Authentication`, `Change`, `Data_Access`, `Web`, `Alerts`).
 *
 * @example
 * checkCimEvent('Authentication', { tag: ['authentication'], action: 'failure', app: 'a', dest: 'd', src: 's', user: 'u' }); // []
 */
export function checkCimEvent(model: string, event: Record<string, unknown>): SiemViolation[] {
  const fields = CIM_MODELS[model];
  if (!fields) return [{ code: 'unknown_model', field: '(model)', message: `${model} is not a known CIM model` }];
  const known = new Set([
    ...fields.required,
    ...fields.optional,
    ...SPLUNK_INTERNAL_FIELDS,
    ...SECLOG_CIM_EXTENSION_FIELDS,
  ]);
  const out: SiemViolation[] = [];
  for (const [field, value] of Object.entries(event)) {
    if (!known.has(field))
      out.push({ code: 'unknown_field', field, message: `${field} is not a field of CIM ${model}` });
    else if (isEmpty(value)) out.push({ code: 'empty_value', field, message: `${field} is empty` });
  }
  if (fields.checkRequired) {
    for (const field of fields.required) {
      if (!(field in event)) out.push({ code: 'missing_required', field, message: `CIM ${model} requires ${field}` });
    }
  }
  const action = event.action;
  if (fields.actionValues && action !== undefined && !fields.actionValues.includes(String(action))) {
    out.push({
      code: 'disallowed_value',
      field: 'action',
      message: `action=${String(action)} is not a ${model} value`,
    });
  }
  if (model === 'Alerts') {
    for (const [field, allowed] of Object.entries(CIM_ALERT_VALUES)) {
      const v = event[field];
      if (v !== undefined && !(allowed as readonly string[]).includes(String(v))) {
        out.push({ code: 'disallowed_value', field, message: `${field}=${String(v)} is not an Alerts value` });
      }
    }
  }
  return out;
}

/**
 * Checks Datadog attributes: every name is a Datadog standard attribute and `evt.outcome` uses its values.
 *
 * @example
 * checkDatadogAttributes({ 'evt.name': 'authentication', 'usr.id': 'u1' }); // []
 */
export function checkDatadogAttributes(attributes: Record<string, unknown>): SiemViolation[] {
  const out: SiemViolation[] = [];
  for (const [name, value] of Object.entries(attributes)) {
    const standard =
      DATADOG_STANDARD_ATTRIBUTES.includes(name) || DATADOG_STANDARD_PREFIXES.some((p) => name.startsWith(p));
    if (!standard)
      out.push({ code: 'unknown_field', field: name, message: `${name} is not a Datadog standard attribute` });
    else if (isEmpty(value)) out.push({ code: 'empty_value', field: name, message: `${name} is empty` });
  }
  const outcome = attributes['evt.outcome'];
  if (outcome !== undefined && !DATADOG_OUTCOME_VALUES.includes(String(outcome))) {
    out.push({ code: 'disallowed_value', field: 'evt.outcome', message: `evt.outcome=${String(outcome)}` });
  }
  if (!('evt.name' in attributes)) {
    out.push({ code: 'missing_required', field: 'evt.name', message: 'security events carry evt.name' });
  }
  return out;
}
