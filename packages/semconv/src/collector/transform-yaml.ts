/**
 * Renders OTTL statement groups as a `transform` processor configuration snippet (collector YAML).
 */
import type { OttlStatementGroup } from './ottl.js';

/** Options of {@link renderTransformProcessorYaml}. */
export interface TransformYamlOptions {
  /** Component id under `processors:`; default `transform/seclog`. */
  readonly name?: string;
  /** `error_mode`; default `ignore` (the transform processor's recommended mode: a failing statement is skipped). */
  readonly errorMode?: 'ignore' | 'silent' | 'propagate';
  /** Leading spaces of the snippet (to paste under `processors:`); default 0. */
  readonly indent?: number;
}

const COMPONENT_ID = /^transform(\/[A-Za-z0-9_.-]{1,64})?$/;

/**
 * A YAML single-quoted scalar for the collector config. The collector expands `${env}` in config values, so `$` is
 * doubled (`$$` is the documented escape for a literal `$`).
 */
export function yamlConfigString(text: string): string {
  return `'${text.replaceAll("'", "''").replaceAll('$', '$$$$')}'`;
}

/**
 * Renders statement groups in the transform processor's advanced form (`log_statements: [{ conditions, statements }]`).
 *
 * @example
 * renderTransformProcessorYaml(generateEcsTransformGroups(), { name: 'transform/seclog_ecs' });
 * // transform/seclog_ecs:
 * //   error_mode: ignore
 * //   log_statements:
 * //     - conditions:
 * //         - 'IsMatch(log.event_name, "^security_event[.]")'
 * //       statements: …
 */
export function renderTransformProcessorYaml(
  groups: readonly OttlStatementGroup[],
  options: TransformYamlOptions = {},
): string {
  const name = options.name ?? 'transform/seclog';
  if (!COMPONENT_ID.test(name)) {
    throw new TypeError(`name must be a transform component id like "transform/seclog", got ${JSON.stringify(name)}`);
  }
  const pad = ' '.repeat(options.indent ?? 0);
  const lines = [`${name}:`, `  error_mode: ${options.errorMode ?? 'ignore'}`, '  log_statements:'];
  for (const group of groups) {
    lines.push(`    # ${group.description.replaceAll('\n', ' ')}`);
    if (group.conditions.length > 0) {
      lines.push('    - conditions:');
      for (const condition of group.conditions) lines.push(`        - ${yamlConfigString(condition)}`);
      lines.push('      statements:');
    } else {
      lines.push('    - statements:');
    }
    for (const statement of group.statements) lines.push(`        - ${yamlConfigString(statement)}`);
  }
  return `${lines.map((l) => pad + l).join('\n')}\n`;
}
