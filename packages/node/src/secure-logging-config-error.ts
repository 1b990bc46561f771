/**
 * The one configuration error of `@seclog/node`: every wrong option, environment variable or key file found at
 * start-up is a {@link SecureLoggingConfigError} naming the component (`startSecureLogging`,
 * `secureLogRecordProcessors`) and the full field path (`options.exporter.url`, `SECLOG_SIGNING_KEY_FILE`), never the
 * value. Errors of the packages underneath (`IntegrityConfigError`, `RedactionPolicyError`) are re-thrown as this
 * class with the path as the user wrote it, so one `instanceof` check covers every start-up mistake.
 */
import { SeclogConfigError } from '@seclog/config';
import { IntegrityConfigError } from '@seclog/integrity';
import { RedactionPolicyError } from '@seclog/redaction';

/** A wrong option of `@seclog/node`; names the component and the field, never the value. A `TypeError`. */
export class SecureLoggingConfigError extends SeclogConfigError {
  override readonly name: string = 'SecureLoggingConfigError';
}

/** The component named by errors of `startSecureLogging` (the default). */
export const START_SECURE_LOGGING = 'startSecureLogging';

/**
 * Runs a step that builds a component from user options, re-throwing its configuration error as a
 * {@link SecureLoggingConfigError} whose field is where the user wrote it: `IntegrityProcessor: delivery.maxQueueSize`
 * becomes `startSecureLogging: options.delivery.maxQueueSize`, `policy.detectors.X` becomes
 * `options.redaction.detectors.X`. Other errors pass unchanged.
 */
export function withUserFieldPaths<T>(component: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof IntegrityConfigError) {
      throw new SecureLoggingConfigError(component, `options.${error.field}`, problemOf(error.message, error.field));
    }
    if (error instanceof RedactionPolicyError) {
      // Policy fields are named from the policy's root, with or without a leading `policy.`.
      const { field, message } = error as unknown as { field: string; message: string };
      const userField = `options.redaction${field.replace(/^policy(?=\.|$)/, '').replace(/^(?=[^.])/, '.')}`;
      throw new SecureLoggingConfigError(component, userField.replace(/\.$/, ''), problemOf(message, field));
    }
    throw error;
  }
}

/** The problem part of `<component>: <field> <problem>` or `<field> <problem>`. */
function problemOf(message: string, field: string): string {
  const at = message.indexOf(`${field} `);
  return at === -1 ? message : message.slice(at + field.length + 1);
}
