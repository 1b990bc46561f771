/**
 * Field tables of the Splunk CIM data models and Datadog standard attributes, as test data for the external checks.
 *
 * Sources:
 * - Authentication, Change, Data_Access: design doc `../shared/design/semconv.md` §12.1, §12.2, §12.3 (tables copied
 *   field by field; `action` values as documented there).
 * - Web, Alerts: not tabled in §12; field names from the Splunk CIM data-model definitions in
 *   `splunk/pytest-splunk-addon` (`pytest_splunk_addon/standard_lib/data_models/{Web,Alerts}.json`), the source the
 *   design lists under "Sources and versions". Only their names are checked, not their required sets (the Web model
 *   requires byte counts and URL lengths an application security event does not have).
 * - Datadog: design §12.4 (standard attributes list and the remapper table).
 */

export interface CimModelFields {
  readonly required: readonly string[];
  readonly optional: readonly string[];
  /** Documented values of `action`, when the design lists them. */
  readonly actionValues?: readonly string[];
  /** Whether the required set is checked (false for models not tabled in §12). */
  readonly checkRequired: boolean;
}

/** Fields every Splunk event may carry besides the model's: event time and tags. */
export const SPLUNK_INTERNAL_FIELDS: readonly string[] = ['_time', 'tag'];

/**
 * Fields seclog adds beside a data model where CIM has none for a fact detections need (CIM permits extra fields;
 * data-model searches ignore them): the number of records read or exported.
 */
export const SECLOG_CIM_EXTENSION_FIELDS: readonly string[] = ['record_count'];

/** §12.1 Splunk CIM — Authentication. `unknown` is the value CIM calculates for an empty `action`. */
const AUTHENTICATION: CimModelFields = {
  required: ['action', 'app', 'dest', 'src', 'user'],
  optional: [
    'src_user',
    'authentication_method',
    'authentication_service',
    'signature',
    'signature_id',
    'reason',
    'reason_id',
    'session_id',
    'user_id',
    'user_type',
    'user_role',
    'src_user_type',
    'src_user_role',
    'user_agent',
    'duration',
    'response_time',
    'process',
    'vendor_account',
  ],
  actionValues: ['success', 'failure', 'pending', 'error', 'unknown'],
  checkRequired: true,
};

/** §12.2 Splunk CIM — Change (with the Account_Management-only fields). */
const CHANGE: CimModelFields = {
  required: [
    'action',
    'change_type',
    'command',
    'dest',
    'dvc',
    'object',
    'object_attrs',
    'object_category',
    'object_id',
    'src',
    'status',
    'user',
    'vendor_product',
  ],
  optional: [
    'object_path',
    'result',
    'result_id',
    'user_name',
    'user_type',
    'user_agent',
    'vendor_account',
    'vendor_region',
    'src_user',
    'src_user_name',
    'src_user_type',
    'src_nt_domain',
    'dest_nt_domain',
  ],
  actionValues: ['acl_modified', 'cleared', 'created', 'deleted', 'modified', 'read', 'stopped', 'updated'],
  checkRequired: true,
};

/** §12.3 Splunk CIM — Data Access. §12.3 lists no `action` values (§7 uses `read`, `export`, `downloaded`). */
const DATA_ACCESS: CimModelFields = {
  required: [
    'action',
    'app',
    'object',
    'object_attrs',
    'object_category',
    'object_id',
    'object_size',
    'dest',
    'src',
    'user',
    'user_name',
    'vendor_account',
    'vendor_product',
  ],
  optional: [
    'object_path',
    'parent_object',
    'parent_object_category',
    'parent_object_id',
    'owner',
    'owner_email',
    'owner_id',
    'email',
    'user_email',
    'user_id',
    'user_role',
    'user_type',
    'user_group',
    'user_agent',
    'signature',
    'signature_id',
    'dest_name',
    'dest_type',
    'dest_url',
    'dvc',
    'vendor_region',
    'application_id',
  ],
  checkRequired: true,
};

/** Web (pytest-splunk-addon `Web.json`; `http_method` is the CIM field its duplicated entry documents). */
const WEB: CimModelFields = {
  required: [
    'action',
    'app',
    'dest',
    'dest_port',
    'src',
    'status',
    'uri_path',
    'url',
    'url_length',
    'category',
    'bytes',
    'bytes_in',
    'bytes_out',
    'http_user_agent',
    'http_user_agent_length',
  ],
  optional: [
    'cached',
    'duration',
    'http_content_type',
    'http_method',
    'response_time',
    'uri_query',
    'user',
    'vendor_product',
    'cookie',
    'http_referrer',
    'site',
  ],
  checkRequired: false,
};

/** Alerts (pytest-splunk-addon `Alerts.json`). */
const ALERTS: CimModelFields = {
  required: ['app', 'body', 'dest', 'id', 'severity', 'type'],
  optional: [
    'description',
    'dest_type',
    'mitre_technique_id',
    'signature',
    'signature_id',
    'severity_id',
    'src',
    'src_type',
    'subject',
    'user_name',
    'vendor_account',
    'vendor_region',
  ],
  checkRequired: true,
};

export const CIM_MODELS: Readonly<Record<string, CimModelFields>> = {
  Authentication: AUTHENTICATION,
  Change: CHANGE,
  Data_Access: DATA_ACCESS,
  Web: WEB,
  Alerts: ALERTS,
};

/** Alerts `severity` and `type` expected values (pytest-splunk-addon `Alerts.json`). */
export const CIM_ALERT_VALUES = {
  severity: ['critical', 'high', 'medium', 'low', 'informational'],
  type: ['alarm', 'alert', 'event', 'task', 'warning'],
} as const;

/**
 * §12.4 Datadog standard attributes: the listed names, the `network.client.geoip.*` family, and `usr.exists` from the
 * remapper table.
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

/** §12.4: `evt.outcome` is `success` / `failure`. */
export const DATADOG_OUTCOME_VALUES: readonly string[] = ['success', 'failure'];
