/**
 * The worked example of docs/design/semconv.md#worked-example-a-failed-login (event #1, all projections): every
 * field shown there must come out exactly; the few fields the projections add beyond the example are listed
 * explicitly, so the whole output is pinned.
 */
import { describe, expect, it } from 'vitest';
import { type SecurityEventRecord, toDatadog, toECS, toOCSF, toSplunkCIM } from '../../src/projections/index.js';
import { checkEcsDocument, loadEcsFlat } from '../external/ecs-checker.js';
import { checkOcsfEvent } from '../external/ocsf-checker.js';
import { loadOcsfSchema } from '../external/ocsf-schema.js';
import { ocsfSchemaFile } from '../external/reference-paths.js';
import { checkCimEvent, checkDatadogAttributes } from '../external/siem-checker.js';

const UA = 'Mozilla/5.0 …';
const UID = '01J8Z5…';
const TIME = '2026-08-31T10:15:02.123Z';

/** The OTel LogRecord of the worked example, as the builder emits it. */
const record: SecurityEventRecord = {
  eventName: 'security_event.authentication.login',
  severityNumber: 13,
  timestamp: TIME,
  attributes: {
    'security_event.category': 'authentication',
    'security_event.outcome': 'failure',
    'security_event.actor.type': 'anonymous',
    'error.type': 'invalid_credentials',
    'user.name': 'alice@example.com',
    'security_event.auth.user_exists': true,
    'security_event.auth.method': 'password',
    'security_event.auth.failure_count': 3,
    'client.address': '203.0.113.5',
    'user_agent.original': UA,
    'http.request.method': 'POST',
    'http.route': '/api/v1/login',
    'http.response.status_code': 401,
    'server.address': 'app.example.com',
    'log.record.uid': UID,
  },
  resource: { 'service.name': 'billing-api', 'deployment.environment.name': 'production' },
};

function expectFields(actual: Record<string, unknown>, expected: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(expected)) {
    expect(actual[field], field).toEqual(value);
  }
}

describe('worked example: failed login', () => {
  it('ECS: every field of the example, exactly', () => {
    const ecs = toECS(record);
    const example = {
      'event.kind': 'event',
      'event.category': ['authentication'],
      'event.type': ['start'],
      'event.outcome': 'failure',
      'event.action': 'security_event.authentication.login',
      'event.module': 'seclog',
      'event.dataset': 'seclog.security_event',
      'event.reason': 'invalid_credentials',
      'event.id': UID,
      'user.name': 'alice@example.com',
      'source.ip': '203.0.113.5',
      'client.ip': '203.0.113.5',
      'user_agent.original': UA,
      'error.type': 'invalid_credentials',
      'related.user': ['alice@example.com'],
      'related.ip': ['203.0.113.5'],
    };
    expectFields(ecs, example);
    // Beyond the example: the event time and the HTTP / service context the record carries.
    expect(ecs).toEqual({
      ...example,
      '@timestamp': TIME,
      'http.request.method': 'POST',
      'http.response.status_code': 401,
      'server.address': 'app.example.com',
      'service.name': 'billing-api',
      'service.environment': 'production',
    });
  });

  it('OCSF 1.8: every field of the example, exactly, and nothing else', () => {
    const ocsf = toOCSF(record, { version: '1.8.0', vendorName: 'Example Corp' });
    const example = {
      category_uid: 3,
      class_uid: 3002,
      activity_id: 1,
      type_uid: 300201,
      status_id: 2,
      status: 'Failure',
      status_detail: 'INVALID_CREDENTIALS',
      severity_id: 2,
      time: Date.parse(TIME),
      metadata: { version: '1.8.0', product: { vendor_name: 'Example Corp', name: 'billing-api' }, uid: UID },
      user: { name: 'alice@example.com', type_id: 0 },
      src_endpoint: { ip: '203.0.113.5' },
      dst_endpoint: { hostname: 'app.example.com' },
      http_request: { http_method: 'POST', user_agent: UA },
      auth_protocol_id: 99,
      auth_protocol: 'password',
      is_mfa: false,
      auth_factors: [{ factor_type_id: 11 }],
    };
    expectFields(ocsf, example);
    expect(ocsf).toEqual(example);
  });

  it('OCSF: version 1.8.0 is the default, and the vendor falls back to unknown', () => {
    const ocsf = toOCSF(record);
    expect(ocsf.metadata).toEqual({
      version: '1.8.0',
      product: { vendor_name: 'unknown', name: 'billing-api' },
      uid: UID,
    });
  });

  it('Splunk CIM (Authentication): every field of the example, exactly', () => {
    const cim = toSplunkCIM(record);
    const example = {
      tag: ['authentication'],
      action: 'failure',
      app: 'billing-api',
      src: '203.0.113.5',
      dest: 'app.example.com',
      user: 'alice@example.com',
      signature: 'security_event.authentication.login',
      reason: 'invalid_credentials',
      authentication_method: 'password',
      user_agent: UA,
    };
    expectFields(cim, example);
    // Beyond the example: Splunk's event time field.
    expect(cim).toEqual({ ...example, _time: Date.parse(TIME) / 1000 });
  });

  it('Datadog: every field of the example, exactly', () => {
    const dd = toDatadog(record);
    const example = {
      'evt.name': 'authentication',
      'evt.outcome': 'failure',
      'usr.name': 'alice@example.com',
      'usr.exists': true,
      'network.client.ip': '203.0.113.5',
      'http.useragent': UA,
    };
    expectFields(dd, example);
    // Beyond the example: the Datadog HTTP standard attributes.
    expect(dd).toEqual({ ...example, 'http.method': 'POST', 'http.status_code': 401 });
  });

  it('passes every external check (ECS, OCSF 1.8.0, CIM Authentication, Datadog)', () => {
    expect(checkEcsDocument(loadEcsFlat(), toECS(record))).toEqual([]);
    expect(checkOcsfEvent(loadOcsfSchema(ocsfSchemaFile), toOCSF(record) as Record<string, unknown>)).toEqual([]);
    expect(checkCimEvent('Authentication', toSplunkCIM(record))).toEqual([]);
    expect(checkDatadogAttributes(toDatadog(record))).toEqual([]);
  });
});
