import { describe, expect, it } from 'vitest';
import { checkCategoryTypeMatrix, checkEcsDocument, flattenDocument, loadEcsFlat } from './ecs-checker.js';

const ecs = loadEcsFlat();

/** The ECS half of the worked example (docs/design/semconv.md#worked-example-a-failed-login), written out by hand as a nested document. */
function workedExample(): Record<string, unknown> {
  return {
    '@timestamp': '2026-08-31T10:15:02.123Z',
    event: {
      kind: 'event',
      category: ['authentication'],
      type: ['start'],
      outcome: 'failure',
      action: 'security_event.authentication.login',
      reason: 'invalid_credentials',
      id: '01J8Z5',
    },
    user: { name: 'alice@example.com' },
    source: { ip: '203.0.113.5' },
    client: { ip: '203.0.113.5' },
    user_agent: { original: 'Mozilla/5.0' },
    error: { type: 'invalid_credentials' },
    related: { user: ['alice@example.com'], ip: ['203.0.113.5'] },
  };
}

describe('ECS field definitions from @elastic/ecs', () => {
  it('loads the flat definitions with the category → expected types matrix', () => {
    expect(ecs['user.target.id']?.type).toBe('keyword');
    const iam = ecs['event.category']?.allowed_values?.find((v) => v.name === 'iam');
    expect(iam?.expected_event_types).toEqual(expect.arrayContaining(['user', 'change', 'group', 'admin']));
  });
});

describe('checkEcsDocument', () => {
  it('accepts the worked failed-login example', () => {
    expect(checkEcsDocument(ecs, workedExample())).toEqual([]);
  });

  it('flattens nested and dotted keys alike', () => {
    const flat = flattenDocument({ 'event.kind': 'event', user: { target: { id: 'u1' } } });
    expect([...flat.keys()]).toEqual(['event.kind', 'user.target.id']);
    expect(checkEcsDocument(ecs, { 'event.kind': 'event', user: { target: { id: 'u1' } } })).toEqual([]);
  });

  it('reports a field ECS does not define', () => {
    const doc = { ...workedExample(), user: { name: 'alice', login_handle: 'alice' }, 'security_event.outcome': 'x' };
    expect(checkEcsDocument(ecs, doc).map((v) => [v.code, v.field])).toEqual([
      ['unknown_field', 'user.login_handle'],
      ['unknown_field', 'security_event.outcome'],
    ]);
  });

  it('reports a value whose JSON type does not fit the ECS type', () => {
    const doc = { ...workedExample(), source: { ip: 'not-an-ip', port: '443' }, file: { size: 1.5 } };
    expect(checkEcsDocument(ecs, doc).map((v) => [v.code, v.field])).toEqual([
      ['wrong_type', 'source.ip'],
      ['wrong_type', 'source.port'],
      ['wrong_type', 'file.size'],
    ]);
  });

  it('reports an array-normalized field given as a scalar', () => {
    const doc = { ...workedExample(), related: { user: 'alice', ip: ['203.0.113.5'] } };
    expect(checkEcsDocument(ecs, doc).map((v) => [v.code, v.field])).toEqual([['not_array', 'related.user']]);
  });

  it('reports values outside the allowed values of categorization fields', () => {
    const doc = workedExample();
    doc.event = { kind: 'audit', category: ['authentication'], type: ['start'], outcome: 'denied' };
    expect(checkEcsDocument(ecs, doc).map((v) => [v.code, v.field])).toEqual([
      ['disallowed_value', 'event.kind'],
      ['disallowed_value', 'event.outcome'],
    ]);
  });

  it('reports a category/type pair outside the ECS matrix', () => {
    const doc = workedExample();
    doc.event = { kind: 'event', category: ['authentication'], type: ['change'], outcome: 'success' };
    expect(checkEcsDocument(ecs, doc).map((v) => [v.code, v.field])).toEqual([
      ['type_not_expected_for_category', 'event.type'],
      ['category_without_expected_type', 'event.category'],
    ]);
  });
});

describe('checkCategoryTypeMatrix', () => {
  it('accepts the IAM convention of two types (activity + object)', () => {
    expect(checkCategoryTypeMatrix(ecs, ['iam'], ['user', 'change'])).toEqual([]);
    expect(checkCategoryTypeMatrix(ecs, ['iam'], ['group', 'creation'])).toEqual([]);
  });

  it('pairs types with categories for multi-category events', () => {
    expect(checkCategoryTypeMatrix(ecs, ['database', 'file'], ['access', 'creation'])).toEqual([]);
    expect(checkCategoryTypeMatrix(ecs, ['authentication', 'session'], ['start'])).toEqual([]);
  });

  it('rejects a type no category expects and a category left without an expected type', () => {
    expect(checkCategoryTypeMatrix(ecs, ['database'], ['deletion']).map((v) => v.code)).toEqual([
      'type_not_expected_for_category',
      'category_without_expected_type',
    ]);
    expect(checkCategoryTypeMatrix(ecs, ['iam', 'web'], ['user']).map((v) => v.code)).toEqual([
      'category_without_expected_type',
    ]);
    expect(checkCategoryTypeMatrix(ecs, ['nonsense'], ['info']).map((v) => v.code)).toEqual([
      'type_not_expected_for_category',
      'category_without_expected_type',
    ]);
  });
});
