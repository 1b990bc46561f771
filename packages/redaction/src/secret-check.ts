/**
 * "Does this hold a secret?" answered by the redaction engine itself, for producers that must refuse a secret rather
 * than rewrite it (the security-event guard of `@seclog/semconv`). One set of patterns: a detector added to the
 * registry is seen here without a second copy to keep in step.
 */
import { BUILTIN_DETECTORS } from './detectors/registry.js';
import { KeyClassifier } from './internal/key-classifier.js';
import { createRedactor, createReport } from './redactor.js';
import type { DetectorSettingInput, KeyClass } from './types.js';

/** Key classes whose values are secrets outright (payment card numbers and contacts are PII, not secrets). */
const SECRET_KEY_CLASSES: ReadonlySet<KeyClass> = new Set(['credential', 'token', 'session', 'paymentSad']);

/** Answers whether a key name or a string holds a secret; pure, bounded by the redaction limits. */
export interface SecretCheck {
  /** True when a key's name says it holds a secret (`password`, `api-key`, `Authorization`, `sessionId`, …). */
  isSecretKey(key: string): boolean;
  /** True when a string contains a credential any secret detector finds (tokens, keys, `password=…`, JWTs, …). */
  containsSecret(value: string): boolean;
}

/** Builds a {@link SecretCheck} from the built-in secret detectors and the key-class table. */
export function createSecretCheck(): SecretCheck {
  const detectors: Record<string, DetectorSettingInput> = {};
  for (const d of BUILTIN_DETECTORS) detectors[d.name] = { enabled: d.category === 'secret', action: 'redact' };
  const redactor = createRedactor({ detectors });
  const classifier = new KeyClassifier();
  return {
    isSecretKey(key) {
      const decision = classifier.classify(key.slice(0, 256));
      return decision !== null && SECRET_KEY_CLASSES.has(decision.keyClass);
    },
    containsSecret(value) {
      const report = createReport();
      redactor.redactValue(value, undefined, report);
      // A budget cut means part of the string went unscanned: a guard fails closed.
      return report.findings.size > 0 || report.budget.size > 0 || report.errors > 0;
    },
  };
}
