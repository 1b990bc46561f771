import { describe, expect, it } from 'vitest';
import {
  generateEcsTransformStatements,
  ottlString,
  renderTransformProcessorYaml,
  yamlConfigString,
} from '../../src/collector/index.js';

describe('OTTL and YAML literals', () => {
  it('escapes quotes and backslashes in OTTL strings and refuses control characters', () => {
    expect(ottlString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(() => ottlString('line\nbreak')).toThrow(/control character/);
  });

  it('single-quotes YAML scalars, doubling quotes and the $ the collector would expand', () => {
    expect(yamlConfigString(`IsMatch(x, "^a$") and y == 'z'`)).toBe(`'IsMatch(x, "^a$$") and y == ''z'''`);
  });
});

describe('renderTransformProcessorYaml', () => {
  it('renders groups in the advanced form, indented for pasting under processors:', () => {
    const yaml = renderTransformProcessorYaml(
      [{ description: 'demo', conditions: ['log.event_name == "x"'], statements: ['set(log.attributes["a"], "b")'] }],
      { name: 'transform/demo', indent: 2 },
    );
    expect(yaml).toBe(
      [
        '  transform/demo:',
        '    error_mode: ignore',
        '    log_statements:',
        '      # demo',
        '      - conditions:',
        `          - 'log.event_name == "x"'`,
        '        statements:',
        `          - 'set(log.attributes["a"], "b")'`,
        '',
      ].join('\n'),
    );
  });

  it('refuses a component id that is not a transform processor id', () => {
    expect(() => renderTransformProcessorYaml([], { name: 'filter/seclog' })).toThrow(
      /name must be a transform component id/,
    );
  });
});

describe('generateEcsTransformStatements', () => {
  it('sets every catalog event’s categorization, guarded by its event name', () => {
    const statements = generateEcsTransformStatements();
    expect(statements).toContain(
      'set(log.attributes["event.type"], ["creation"]) where log.event_name == "security_event.user.create"',
    );
    expect(statements).toContain(
      'set(log.attributes["user.target.id"], log.attributes["security_event.target.user.id"]) where log.attributes["security_event.target.user.id"] != nil',
    );
  });
});
