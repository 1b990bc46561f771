/**
 * Field tables of the Splunk CIM data models and Datadog standard attributes, as test data for the external checks.
 *
 * Sources:
 * - Splunk CIM (Authentication, Change, Data_Access, Web, Alerts): the data-model definitions Splunk's own add-on test
 *   framework ships (PyPI `pytest-splunk-addon` 7.0.5, `data_models/*.json`), vendored in test/fixtures/splunk-cim
 *   with their licence and provenance. A model's fields are those of its root dataset and every child dataset (e.g.
 *   Change → Account_Management); required means required in the root dataset.
 * - Datadog: the standard attributes of Datadog's public documentation (no machine-readable source is published).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface CimModelFields {
  readonly required: readonly string[];
  readonly optional: readonly string[];
  /** Documented values of `action`, when the data model lists them. */
  readonly actionValues?: readonly string[];
  /** Whether the required set is checked (false where an application event cannot carry it, see CIM_MODELS). */
  readonly checkRequired: boolean;
}

/** Fields every Splunk event may carry besides the model's: event time and tags. */
export const SPLUNK_INTERNAL_FIELDS: readonly string[] = ['_time', 'tag'];

/**
 * Fields seclog adds beside a data model where CIM has none for a fact detections need (CIM permits extra fields;
 * data-model searches ignore them): the number of records read or exported.
 */
export const SECLOG_CIM_EXTENSION_FIELDS: readonly string[] = ['record_count'];

interface CimField {
  readonly name: string;
  readonly type: string;
  readonly expected_values?: readonly string[];
}

interface CimDataset {
  readonly name: string;
  readonly fields?: readonly CimField[];
  readonly child_dataset?: readonly CimDataset[];
}

const CIM_DIR = path.resolve(import.meta.dirname, '..', 'fixtures', 'splunk-cim');

function readModel(model: string): CimDataset {
  const raw = JSON.parse(readFileSync(path.join(CIM_DIR, `${model}.json`), 'utf8')) as { objects: CimDataset[] };
  const root = raw.objects[0];
  if (!root) throw new Error(`${model}.json has no dataset`);
  return root;
}

function allFields(dataset: CimDataset): CimField[] {
  return [...(dataset.fields ?? []), ...(dataset.child_dataset ?? []).flatMap(allFields)];
}

/**
 * One model's table. `extraActionValues`: values of `action` the model's calculated field produces besides the listed
 * ones (CIM evaluates an empty `action` to `unknown`).
 */
function cimModel(model: string, o: { checkRequired: boolean; extraActionValues?: readonly string[] }): CimModelFields {
  const root = readModel(model);
  const required = (root.fields ?? []).filter((f) => f.type === 'required').map((f) => f.name);
  const names = new Set(allFields(root).map((f) => f.name));
  const listed = (root.fields ?? []).find((f) => f.name === 'action')?.expected_values;
  return {
    required,
    optional: [...names].filter((n) => !required.includes(n)),
    ...(listed ? { actionValues: [...listed, ...(o.extraActionValues ?? [])] } : {}),
    checkRequired: o.checkRequired,
  };
}

/**
 * The five models seclog projects to. Web and Alerts are not checked for their required sets: Web requires network
 * byte counts and URL lengths, Alerts a description and a signature id, that an application security event does not
 * have; only their field names are checked.
 */
export const CIM_MODELS: Readonly<Record<string, CimModelFields>> = {
  Authentication: cimModel('Authentication', { checkRequired: true, extraActionValues: ['unknown'] }),
  Change: cimModel('Change', { checkRequired: true }),
  Data_Access: cimModel('Data_Access', { checkRequired: true }),
  Web: cimModel('Web', { checkRequired: false }),
  Alerts: cimModel('Alerts', { checkRequired: true }),
};

/** Alerts `severity` and `type` expected values, from the Alerts data model. */
export const CIM_ALERT_VALUES = Object.fromEntries(
  ['severity', 'type'].map((name) => [
    name,
    allFields(readModel('Alerts')).find((f) => f.name === name)?.expected_values ?? [],
  ]),
) as { readonly severity: readonly string[]; readonly type: readonly string[] };

/**
 * Datadog standard attributes seclog uses (Datadog's "Standard Attributes" documentation: user, event, network and
 * HTTP groups), the `network.client.geoip.*` family, and `usr.exists`.
 */
export const DATADOG_STANDARD_ATTRIBUTES: readonly string[] = [
  'usr.id',
  'usr.name',
  'usr.email',
  'usr.exists',
  'evt.name',
  'evt.outcome',
  'network.client.ip',
  'http.url',
  'http.method',
  'http.status_code',
  'http.useragent',
  'http.referer',
  'http.request_id',
];
export const DATADOG_STANDARD_PREFIXES: readonly string[] = ['network.client.geoip.'];

/** `evt.outcome` values Datadog's security content expects: `success` / `failure`. */
export const DATADOG_OUTCOME_VALUES: readonly string[] = ['success', 'failure'];
