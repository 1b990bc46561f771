import { describe, expect, it } from 'vitest';
import { checkCimEvent, checkDatadogAttributes } from './siem-checker.js';

const authentication = {
  _time: 1788171302.123,
  tag: ['authentication'],
  action: 'failure',
  app: 'billing-api',
  src: '203.0.113.5',
  dest: 'app.example.com',
  user: 'alice@example.com',
  signature: 'security_event.authentication.login',
};

describe('checkCimEvent (CIM field tables)', () => {
  it('accepts an Authentication event with its required fields', () => {
    expect(checkCimEvent('Authentication', authentication)).toEqual([]);
  });

  it('reports a field that is not in the data model', () => {
    const v = checkCimEvent('Authentication', { ...authentication, object_category: 'user', login_name: 'alice' });
    expect(v.map((x) => [x.code, x.field])).toEqual([
      ['unknown_field', 'object_category'],
      ['unknown_field', 'login_name'],
    ]);
  });

  it('reports a missing required field and an empty value', () => {
    const { dest: _dest, ...withoutDest } = authentication;
    const v = checkCimEvent('Authentication', { ...withoutDest, user: '' });
    expect(v.map((x) => [x.code, x.field])).toEqual([
      ['empty_value', 'user'],
      ['missing_required', 'dest'],
    ]);
  });

  it('reports an action value the model does not list, where it lists them', () => {
    expect(checkCimEvent('Authentication', { ...authentication, action: 'denied' }).map((x) => x.code)).toEqual([
      'disallowed_value',
    ]);
    const change = {
      action: 'renamed',
      change_type: 'AAA',
      command: 'x',
      dest: 'd',
      dvc: 'd',
      object: 'o',
      object_attrs: ['a'],
      object_category: 'user',
      object_id: 'o',
      src: 's',
      status: 'success',
      user: 'u',
      vendor_product: 'v',
    };
    // Splunk's Change definition lists no `action` values, so there is nothing to check an action against.
    expect(checkCimEvent('Change', change)).toEqual([]);
  });

  it('reports Alerts severities outside the expected values, and unknown models', () => {
    const alert = {
      app: 'a',
      description: 'd',
      dest: 'd',
      id: '1',
      signature: 's',
      signature_id: 's1',
      severity: 'warn',
      src: '203.0.113.5',
      type: 'alert',
      user: 'u',
    };
    expect(checkCimEvent('Alerts', alert).map((x) => [x.code, x.field])).toEqual([['disallowed_value', 'severity']]);
    const { description: _d, ...withoutDescription } = alert;
    expect(checkCimEvent('Alerts', { ...withoutDescription, severity: 'low' }).map((x) => [x.code, x.field])).toEqual([
      ['missing_required', 'description'],
    ]);
    expect(checkCimEvent('Authorization', {}).map((x) => x.code)).toEqual(['unknown_model']);
  });
});

describe('checkDatadogAttributes (standard attributes)', () => {
  it('accepts standard attributes, including the geoip family', () => {
    expect(
      checkDatadogAttributes({
        'evt.name': 'authentication',
        'usr.id': 'u1',
        'network.client.geoip.country.iso_code': 'FR',
      }),
    ).toEqual([]);
  });

  it('reports non-standard names (OTel names left un-renamed, invented names)', () => {
    const v = checkDatadogAttributes({ 'evt.name': 'authentication', 'user.id': 'u1', 'usr.login': 'alice' });
    expect(v.map((x) => [x.code, x.field])).toEqual([
      ['unknown_field', 'user.id'],
      ['unknown_field', 'usr.login'],
    ]);
  });

  it('reports an evt.outcome outside success/failure and a missing evt.name', () => {
    const v = checkDatadogAttributes({ 'evt.outcome': 'unknown' });
    expect(v.map((x) => [x.code, x.field])).toEqual([
      ['disallowed_value', 'evt.outcome'],
      ['missing_required', 'evt.name'],
    ]);
  });
});
