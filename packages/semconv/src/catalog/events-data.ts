/**
 * Events 29–38: data access, administration, configuration, audit logging, abuse and detections
 * (docs/design/semconv.md#events).
 */
import { event, ocsf, severity, when } from './define.js';
import type { EventDefinition } from './types.js';

const same = <T>(mapping: T) => ({ '1.8.0': mapping, '1.9.0': mapping });
const DATA_OP = 'security_event.data.operation';
const ADMIN_OP = 'security_event.admin.operation';
const AUDIT_OP = 'security_event.audit_log.operation';
const api = (activityId: number, activityName: string, typeUid: number) =>
  ocsf(6, 6003, 'API Activity', activityId, activityName, typeUid);
const eventLog = (activityId: number, activityName: string, typeUid: number) =>
  ocsf(1, 1008, 'Event Log Activity', activityId, activityName, typeUid);
const ALL_CHANGES = { model: 'Change', dataset: 'All_Changes', tags: ['change'] } as const;
/**
 * CIM Data_Access has no status field: an attempt that was refused would count as an access or an export. Its
 * `action` says what happened instead (CIM lists prescribed values and allows others).
 */
const REFUSED_DATA_ACCESS = when('security_event.outcome', 'failure', { action: 'blocked' });

/** Data, administration, configuration, audit-log, abuse and detection events. */
export const dataEvents: readonly EventDefinition[] = [
  event('data.access', {
    id: 29,
    category: 'data',
    description: 'A sensitive record was viewed.',
    required: ['security_event.target.resource.type', 'security_event.data.classification'],
    recommended: ['security_event.target.resource.id', 'security_event.data.record_count'],
    severity: severity(9, 13, {
      notes: 'OWASP sensitive_read is WARN: raise ok to WARN for restricted data if required',
    }),
    errorTypes: ['not_permitted'],
    ecs: { kind: 'event', category: ['database'], type: ['access'] },
    ocsf: same({
      ...ocsf(6, 6005, 'Datastore Activity', 1, 'Read', 600501),
      notes: 'alternative: 6001 Web Resources Activity / 2 Read (600102)',
    }),
    cim: {
      model: 'Data_Access',
      dataset: 'Data_Access',
      tags: ['data', 'access'],
      action: 'read',
      variants: [REFUSED_DATA_ACCESS],
    },
    datadog: { evtName: 'data', appsecEvent: { success: 'activity.sensitive' } },
    compliance: {
      soc2: ['CC6.1', 'C1.1', 'P-series', 'CC7.2'],
      pci: ['10.2.1.1 (cardholder data)'],
      owasp: ['sensitive_read'],
    },
  }),
  event('data.export', {
    id: 30,
    category: 'data',
    description: 'Records were exported, reported or downloaded.',
    required: [
      'security_event.target.resource.type',
      'security_event.data.classification',
      'security_event.data.record_count',
      'security_event.data.format',
    ],
    recommended: ['security_event.data.destination', 'file.name', 'file.size'],
    severity: severity(13, 13),
    errorTypes: ['not_permitted', 'too_large', 'policy_denied'],
    ecs: {
      kind: 'event',
      category: ['database'],
      type: ['access'],
      notes: 'single-valued: a produced file shows in file.* (ES|QL `==` is null on multi-valued categories)',
    },
    ocsf: same({
      ...ocsf(6, 6001, 'Web Resources Activity', 7, 'Export', 600107),
      variants: [
        when(
          'security_event.data.destination',
          'download',
          ocsf(6, 6006, 'File Hosting Activity', 2, 'Download', 600602),
        ),
      ],
    }),
    cim: {
      model: 'Data_Access',
      dataset: 'Data_Access',
      tags: ['data', 'access'],
      action: 'export',
      variants: [REFUSED_DATA_ACCESS, when('security_event.data.destination', 'download', { action: 'downloaded' })],
    },
    datadog: { evtName: 'data', appsecEvent: { success: 'activity.sensitive' } },
    compliance: { soc2: ['CC6.7', 'C1.1', 'CC7.2'], pci: ['10.2.1.1'], owasp: ['sensitive_read'] },
  }),
  event('data.bulk_change', {
    id: 31,
    category: 'data',
    description: 'Many records were updated, deleted, imported or restored at once.',
    required: [
      'security_event.data.operation',
      'security_event.target.resource.type',
      'security_event.data.record_count',
    ],
    recommended: ['security_event.justification', 'security_event.data.classification'],
    severity: severity(13, 13),
    errorTypes: ['not_permitted', 'partial_failure'],
    ecs: {
      kind: 'event',
      category: ['database'],
      type: ['change'],
      variants: [when(DATA_OP, 'delete', { category: ['api'], type: ['deletion'] })],
      notes: 'ECS database has no deletion type: deletes use [api] / [deletion]',
    },
    ocsf: same({
      ...ocsf(6, 6005, 'Datastore Activity', 2, 'Update', 600502),
      variants: [
        when(DATA_OP, 'delete', ocsf(6, 6005, 'Datastore Activity', 7, 'Delete', 600507)),
        when(DATA_OP, 'import', ocsf(6, 6001, 'Web Resources Activity', 6, 'Import', 600106)),
      ],
      notes: 'restore maps to Update',
    }),
    cim: {
      ...ALL_CHANGES,
      action: 'updated',
      changeType: 'application',
      variants: [when(DATA_OP, 'delete', { action: 'deleted' }), when(DATA_OP, 'import', { action: 'created' })],
    },
    datadog: { evtName: 'data' },
    compliance: {
      soc2: ['CC7.2', 'CC8.1', 'PI1.x'],
      pci: ['10.2.1.1 (cardholder data)', '10.2.1.2 (admin)'],
      owasp: ['sensitive_update', 'sensitive_delete'],
    },
  }),
  event('admin.action', {
    id: 32,
    category: 'admin',
    description: 'A privileged action not covered by a more specific event.',
    required: ['security_event.target.resource.type', 'security_event.admin.operation'],
    recommended: ['security_event.target.resource.id', 'security_event.justification'],
    severity: severity(13, 13),
    errorTypes: ['not_permitted'],
    ecs: {
      kind: 'event',
      category: ['api'],
      type: ['change'],
      variants: [
        when(ADMIN_OP, 'create', { category: ['api'], type: ['creation'] }),
        when(ADMIN_OP, 'read', { category: ['api'], type: ['access'] }),
        when(ADMIN_OP, 'delete', { category: ['api'], type: ['deletion'] }),
        when(ADMIN_OP, 'execute', { category: ['api'], type: ['admin'] }),
      ],
    },
    ocsf: same({
      ...api(3, 'Update', 600303),
      variants: [
        when(ADMIN_OP, 'create', api(1, 'Create', 600301)),
        when(ADMIN_OP, 'read', api(2, 'Read', 600302)),
        when(ADMIN_OP, 'delete', api(4, 'Delete', 600304)),
        when(ADMIN_OP, 'execute', api(99, 'Other', 600399)),
      ],
    }),
    cim: {
      ...ALL_CHANGES,
      action: 'updated',
      changeType: 'application',
      variants: [
        when(ADMIN_OP, 'create', { action: 'created' }),
        when(ADMIN_OP, 'read', { action: 'read' }),
        when(ADMIN_OP, 'delete', { action: 'deleted' }),
        when(ADMIN_OP, 'execute', { action: 'modified' }),
      ],
    },
    datadog: { evtName: 'admin' },
    compliance: { soc2: ['CC6.3', 'CC7.2', 'CC8.1'], pci: ['10.2.1.2'], owasp: ['authz_admin'] },
  }),
  event('config.update', {
    id: 33,
    category: 'configuration',
    description: 'A security-relevant setting changed.',
    required: ['security_event.config.key'],
    recommended: [
      'security_event.config.previous_value',
      'security_event.config.new_value',
      'security_event.justification',
    ],
    severity: severity(13, 13),
    errorTypes: ['not_permitted', 'validation_failed'],
    ecs: { kind: 'event', category: ['configuration'], type: ['change'] },
    ocsf: same({ ...api(3, 'Update', 600303), hints: { 'resources[].type': 'Setting' } }),
    cim: { ...ALL_CHANGES, action: 'updated', changeType: 'application', objectCategory: 'setting' },
    datadog: { evtName: 'configuration' },
    compliance: { soc2: ['CC7.1', 'CC8.1'], pci: ['10.2.1.2', '10.2.1.7'], owasp: [] },
  }),
  event('policy.update', {
    id: 34,
    category: 'configuration',
    description: 'A security policy (password, MFA, session, SSO, allowlist, retention, …) changed.',
    required: ['security_event.policy.type'],
    recommended: ['security_event.changes.fields', 'security_event.justification'],
    severity: severity(13, 13),
    errorTypes: ['not_permitted'],
    ecs: { kind: 'event', category: ['configuration'], type: ['change'] },
    ocsf: same({ ...ocsf(3, 3004, 'Entity Management', 3, 'Update', 300403), hints: { 'entity.type_id': 5 } }),
    cim: { ...ALL_CHANGES, action: 'updated', changeType: 'AAA', objectCategory: 'policy' },
    datadog: { evtName: 'configuration' },
    compliance: { soc2: ['CC6.1', 'CC7.1', 'CC8.1'], pci: ['10.2.1.2', '10.2.1.5'], owasp: [] },
  }),
  event('audit_log.access', {
    id: 35,
    category: 'audit_log',
    description: 'Audit logs were viewed, searched or exported (PCI 10.2.1.3).',
    required: ['security_event.target.resource.type'],
    fixed: { 'security_event.target.resource.type': 'audit_log' },
    recommended: ['security_event.data.record_count'],
    severity: severity(9, 13),
    errorTypes: ['not_permitted'],
    ecs: { kind: 'event', category: ['api'], type: ['access'] },
    ocsf: same({
      ...ocsf(6, 6001, 'Web Resources Activity', 2, 'Read', 600102),
      hints: { 'web_resources[].type': 'audit_log' },
      notes: 'an export of audit logs may use 1008 Event Log Activity / 3 Export (100803)',
    }),
    cim: {
      model: 'Data_Access',
      dataset: 'Data_Access',
      tags: ['data', 'access'],
      action: 'read',
      objectCategory: 'audit_log',
      variants: [REFUSED_DATA_ACCESS],
    },
    datadog: { evtName: 'audit_log' },
    compliance: { soc2: ['CC6.1', 'CC7.2'], pci: ['10.2.1.3'], owasp: [] },
  }),
  event('audit_log.config.update', {
    id: 36,
    category: 'audit_log',
    description: 'Audit logging was enabled, disabled, started, stopped, cleared, deleted, exported or reconfigured.',
    required: ['security_event.audit_log.operation'],
    recommended: ['security_event.justification'],
    severity: severity(13, 13, {
      variants: ['disable', 'stop', 'clear', 'delete'].map((op) => when(AUDIT_OP, op, { ok: 20, fail: 20 } as const)),
    }),
    errorTypes: ['not_permitted'],
    ecs: {
      kind: 'event',
      category: ['configuration'],
      type: ['change'],
      variants: ['clear', 'delete'].map((op) =>
        when(AUDIT_OP, op, { category: ['configuration'], type: ['deletion'] }),
      ),
    },
    ocsf: same({
      ...eventLog(99, 'Other', 100899),
      variants: [
        when(AUDIT_OP, 'enable', eventLog(9, 'Enable', 100809)),
        when(AUDIT_OP, 'disable', eventLog(10, 'Disable', 100810)),
        when(AUDIT_OP, 'start', eventLog(6, 'Start', 100806)),
        when(AUDIT_OP, 'stop', eventLog(7, 'Stop', 100807)),
        when(AUDIT_OP, 'clear', eventLog(1, 'Clear', 100801)),
        when(AUDIT_OP, 'delete', eventLog(2, 'Delete', 100802)),
        when(AUDIT_OP, 'export', eventLog(3, 'Export', 100803)),
      ],
      notes: 'retention_change and destination_change use 99 Other (activity_name = the operation)',
    }),
    cim: {
      model: 'Change',
      dataset: 'All_Changes.Auditing_Changes',
      tags: ['change', 'audit'],
      action: 'modified',
      changeType: 'audit',
      variants: [
        when(AUDIT_OP, 'disable', { action: 'stopped' }),
        when(AUDIT_OP, 'stop', { action: 'stopped' }),
        when(AUDIT_OP, 'clear', { action: 'cleared' }),
        when(AUDIT_OP, 'delete', { action: 'deleted' }),
      ],
    },
    datadog: { evtName: 'audit_log' },
    compliance: {
      soc2: ['CC7.1', 'CC7.2', 'CC4.1'],
      pci: ['10.2.1.6', '10.7.2'],
      owasp: ['sys_monitor_disabled', 'sys_monitor_enabled'],
    },
  }),
  event('rate_limit.violation', {
    id: 37,
    category: 'abuse',
    description: 'A rate limit was exceeded (outcome failure = the request was blocked).',
    required: [
      'security_event.rate_limit.policy',
      'security_event.rate_limit.limit',
      'security_event.rate_limit.window_s',
    ],
    recommended: ['security_rule.name'],
    severity: severity(13, 13),
    errorTypes: [],
    ecs: { kind: 'event', category: ['api'], type: ['denied'], notes: 'or [intrusion_detection] / [denied]' },
    ocsf: same({
      ...ocsf(6, 6004, 'Web Resource Access Activity', 2, 'Access Deny', 600402),
      hints: { disposition_id: 2 },
    }),
    cim: { model: 'Web', dataset: 'Web', tags: ['web'], action: 'blocked' },
    datadog: { evtName: 'abuse' },
    compliance: { soc2: ['CC6.6', 'CC7.2', 'A1.1'], pci: [], owasp: ['excess_rate_limit_exceeded'] },
  }),
  event('detection.alert', {
    id: 38,
    category: 'detection',
    description: 'An app-side detection fired (impossible travel, token reuse, credential stuffing, malicious input).',
    required: ['security_rule.name', 'security_rule.uuid'],
    recommended: ['security_event.detection.confidence', 'security_rule.ruleset.name', 'security_rule.version'],
    severity: severity(20, 20, { notes: 'OCSF severity comes from the detection, not from this default' }),
    errorTypes: [],
    ecs: {
      kind: 'alert',
      category: ['intrusion_detection'],
      type: ['info'],
      notes: 'category may follow the subject, e.g. [authentication] / [info]; rule.* from security_rule.*',
    },
    ocsf: same(ocsf(2, 2004, 'Detection Finding', 1, 'Create', 200401)),
    cim: { model: 'Alerts', dataset: 'Alerts', tags: ['alert'] },
    datadog: { evtName: 'detection' },
    compliance: {
      soc2: ['CC7.2', 'CC7.3', 'CC7.4'],
      pci: ['10.4.1.1'],
      owasp: ['authn_impossible_travel', 'authn_token_reuse', 'malicious_*'],
    },
  }),
];
