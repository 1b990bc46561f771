/** Which lines other OTLP/JSON readers could read differently (docs/spec/otlp-json-input.md, "JSON"). */
import { describe, expect, it } from 'vitest';
import { ambiguousMemberNames, MAX_MEMBERS_PER_OBJECT } from '../../src/internal/verify/member-names.js';

const check = (text: string) => ambiguousMemberNames(Buffer.from(text));

describe('ambiguousMemberNames', () => {
  it('accepts what exporters write, with user data full of underscores and repeated keys in values', () => {
    expect(
      check(
        '{"resourceLogs":[{"resource":{"attributes":[{"key":"service_name","value":{"stringValue":"a_b"}},' +
          '{"key":"service_name","value":{"stringValue":"\\"attributes\\":"}}]},"scopeLogs":[]}]}',
      ),
    ).toBeUndefined();
    // The same member name in sibling objects is not a repeat.
    expect(check('{"a":[{"x":1},{"x":2}],"b":{"x":{"x":3}}}')).toBeUndefined();
  });

  it('refuses a repeated member name, also when spelled with escapes', () => {
    expect(check('{"a":{"x":1,"y":2,"x":3}}')).toMatch(/repeats a member name/);
    expect(check('{"attributes":[],"attr\\u0069butes":[]}')).toMatch(/repeats a member name/);
  });

  it('refuses snake_case member names, wherever they are', () => {
    expect(check('{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"event_name":"x"}]}]}]}')).toMatch(/snake_case/);
    expect(check('{"a":{"b":[{"string\\u005fvalue":"x"}]}}')).toMatch(/snake_case/);
  });

  it('bounds the members of one object', () => {
    const members = Array.from({ length: MAX_MEMBERS_PER_OBJECT + 1 }, (_, i) => `"m${i}":0`).join(',');
    expect(check(`{${members}}`)).toMatch(/more than 1024 members/);
    const fewer = Array.from({ length: MAX_MEMBERS_PER_OBJECT }, (_, i) => `"m${i}":0`).join(',');
    expect(check(`{${fewer}}`)).toBeUndefined();
  });
});
