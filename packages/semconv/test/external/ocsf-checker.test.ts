import { beforeAll, describe, expect, it } from 'vitest';
import { checkOcsfEvent } from './ocsf-checker.js';
import { loadOcsfSchema, type OcsfSchema } from './ocsf-schema.js';
import { ocsfSchemaFile } from './reference-paths.js';

/** The OCSF 1.8 half of the worked example (docs/design/semconv.md#worked-example-a-failed-login), written out by hand: it must pass the checker. */
function workedExample(): Record<string, unknown> {
  return {
    category_uid: 3,
    class_uid: 3002,
    activity_id: 1,
    type_uid: 300201,
    status_id: 2,
    status: 'Failure',
    status_detail: 'INVALID_CREDENTIALS',
    severity_id: 2,
    time: 1788171302123,
    metadata: { version: '1.8.0', product: { vendor_name: 'example', name: 'billing-api' }, uid: '01J8Z5' },
    user: { name: 'alice@example.com', type_id: 0 },
    src_endpoint: { ip: '203.0.113.5' },
    dst_endpoint: { hostname: 'app.example.com' },
    http_request: { http_method: 'POST', user_agent: 'Mozilla/5.0' },
    auth_protocol_id: 99,
    auth_protocol: 'password',
    is_mfa: false,
    auth_factors: [{ factor_type_id: 11 }],
  };
}

describe('OCSF schema resolver (source form, 1.8.0)', () => {
  let schema: OcsfSchema;
  beforeAll(() => {
    schema = loadOcsfSchema(ocsfSchemaFile);
  });

  it('computes class_uid from the category and resolves inherited attributes', () => {
    expect(schema.version).toBe('1.8.0');
    const auth = schema.classes.get(3002);
    expect(auth?.name).toBe('authentication');
    expect(auth?.categoryUid).toBe(3);
    // from base_event, iam and authentication respectively
    expect(auth?.attributes.get('severity_id')?.requirement).toBe('required');
    expect(auth?.attributes.get('src_endpoint')?.objectType).toBe('network_endpoint');
    expect(auth?.attributes.get('user')?.requirement).toBe('required');
    expect([...(auth?.attributes.get('activity_id')?.enum?.keys() ?? [])]).toEqual(
      expect.arrayContaining(['0', '1', '2', '7', '99']),
    );
    for (const uid of [1008, 2004, 3001, 3002, 3004, 3005, 3006, 6001, 6003, 6004, 6005, 6006]) {
      expect(schema.classes.has(uid), String(uid)).toBe(true);
    }
  });

  it('merges object enums with the dictionary and resolves scalar types to their base type', () => {
    const user = schema.objects.get('user');
    expect([...(user?.attributes.get('type_id')?.enum?.keys() ?? [])].sort()).toEqual(['0', '1', '2', '3', '4', '99']);
    expect(user?.attributes.get('name')?.baseType).toBe('string'); // username_t → string_t
    expect(user?.constraints.atLeastOne).toEqual(['account', 'name', 'uid']);
    expect(schema.objects.get('network_endpoint')?.attributes.get('ip')?.baseType).toBe('string');
    expect(schema.classes.get(3002)?.attributes.get('time')?.baseType).toBe('long'); // timestamp_t → long_t
  });
});

describe('checkOcsfEvent', () => {
  let schema: OcsfSchema;
  beforeAll(() => {
    schema = loadOcsfSchema(ocsfSchemaFile);
  });

  it('accepts the worked failed-login example', () => {
    expect(checkOcsfEvent(schema, workedExample())).toEqual([]);
  });

  it('reports an unknown class_uid', () => {
    const v = checkOcsfEvent(schema, { ...workedExample(), class_uid: 3099, type_uid: 309901 });
    expect(v.map((x) => x.code)).toEqual(['unknown_class']);
  });

  it('reports an activity the class does not define', () => {
    const v = checkOcsfEvent(schema, { ...workedExample(), activity_id: 42, type_uid: 300242 });
    expect(v.map((x) => x.code)).toEqual(['unknown_activity']);
  });

  it('reports a type_uid that is not class_uid*100 + activity_id', () => {
    const v = checkOcsfEvent(schema, { ...workedExample(), type_uid: 300202 });
    expect(v).toEqual([expect.objectContaining({ code: 'type_uid_mismatch', path: 'type_uid' })]);
  });

  it('reports a category_uid that does not own the class', () => {
    const v = checkOcsfEvent(schema, { ...workedExample(), category_uid: 6 });
    expect(v.map((x) => x.code)).toEqual(['category_mismatch']);
  });

  it('reports an unknown attribute, at the top level and inside objects', () => {
    const event = workedExample();
    event.login_name = 'alice';
    event.user = { name: 'alice@example.com', type_id: 0, login: 'alice' };
    const v = checkOcsfEvent(schema, event);
    expect(v.map((x) => [x.code, x.path]).sort()).toEqual([
      ['unknown_attribute', 'login_name'],
      ['unknown_attribute', 'user.login'],
    ]);
  });

  it('reports an enum id that is not a defined value, also inside arrays of objects', () => {
    const event = workedExample();
    event.user = { name: 'alice@example.com', type_id: 5 };
    event.auth_factors = [{ factor_type_id: 12 }];
    event.status_id = 3;
    delete event.status;
    const v = checkOcsfEvent(schema, event);
    expect(v.map((x) => [x.code, x.path])).toEqual([
      ['unknown_enum_value', 'status_id'],
      ['unknown_enum_value', 'user.type_id'],
      ['unknown_enum_value', 'auth_factors[0].factor_type_id'],
    ]);
  });

  it('reports wrong value types', () => {
    const event = workedExample();
    event.is_mfa = 'false';
    event.time = '2026-08-31T10:15:02.123Z';
    event.auth_factors = { factor_type_id: 11 };
    const v = checkOcsfEvent(schema, event);
    expect(v.map((x) => [x.code, x.path])).toEqual([
      ['wrong_type', 'time'],
      ['wrong_type', 'is_mfa'],
      ['wrong_type', 'auth_factors'],
    ]);
  });

  it('reports missing required attributes, recursively', () => {
    const event = workedExample();
    delete event.user;
    delete event.severity_id;
    event.metadata = { version: '1.8.0', product: { vendor_name: 'example', name: 'billing-api' } };
    event.auth_factors = [{}];
    const v = checkOcsfEvent(schema, event);
    expect(v.map((x) => [x.code, x.path]).sort()).toEqual(
      [
        ['missing_required', 'auth_factors[0].factor_type_id'],
        ['missing_required', 'severity_id'],
        ['missing_required', 'user'],
      ].sort(),
    );
  });

  it('reports object constraints (user needs account, name or uid)', () => {
    const v = checkOcsfEvent(schema, { ...workedExample(), user: { type_id: 0 } });
    expect(v).toEqual([expect.objectContaining({ code: 'constraint_violated', path: 'user' })]);
  });

  it('reports enum siblings that contradict the id, and an Other (99) without its sibling', () => {
    const wrongCaption = checkOcsfEvent(schema, { ...workedExample(), status: 'Success' });
    expect(wrongCaption.map((x) => x.code)).toEqual(['sibling_mismatch']);
    const event = workedExample();
    delete event.auth_protocol;
    expect(checkOcsfEvent(schema, event).map((x) => [x.code, x.path])).toEqual([
      ['missing_sibling', 'auth_protocol_id'],
    ]);
  });

  it('reports profile attributes used without declaring the profile in metadata.profiles', () => {
    const event: Record<string, unknown> = { ...workedExample(), disposition_id: 2 };
    expect(checkOcsfEvent(schema, event).map((x) => [x.code, x.path])).toEqual([
      ['undeclared_profile', 'disposition_id'],
    ]);
    const metadata = { ...(event.metadata as object), profiles: ['security_control'] };
    expect(checkOcsfEvent(schema, { ...event, metadata })).toEqual([]);
  });

  it('reports deprecated attributes and a metadata.version that is not the schema version', () => {
    const event = workedExample();
    event.user = { name: 'alice@example.com', type_id: 0, credential_uid: 'key_1' };
    event.metadata = { version: '1.9.0', product: { vendor_name: 'example', name: 'billing-api' } };
    const v = checkOcsfEvent(schema, event);
    expect(v.map((x) => [x.code, x.path])).toEqual([
      ['version_mismatch', 'metadata.version'],
      ['deprecated', 'user.credential_uid'],
    ]);
  });
});
