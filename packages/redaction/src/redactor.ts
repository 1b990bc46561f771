import { BUILTIN_DETECTORS } from './detectors/registry.js';
import { KeyClassifier } from './internal/key-classifier.js';
import { uniqueKey } from './internal/key-names.js';
import { StringScanner } from './internal/string-scanner.js';
import { DROP, newBudget, ValueWalker, type WalkBudget } from './internal/value-walker.js';
import { type ResolvedPolicy, resolvePolicy } from './policy.js';
import { Pseudonymizer } from './pseudonymizer.js';
import type { KeyClass, RedactionPolicyInput, RedactionReport, Redactor, ResolvedPolicyView } from './types.js';

/** Attribute holding the processor's per-record summary (`summary: 'info' | 'debug'`). */
export const SUMMARY_ATTRIBUTE = 'seclog.redaction.summary';
/** What a summary looks like: `detector:action=count` pairs, e.g. `EMAIL:hmac=1,K1.credential:redact=2`. */
const SUMMARY_FORMAT = /^[A-Za-z0-9_.:=,]{0,4096}$/;

/** A redactor plus the record-level entry point used by the processor (one budget per record). */
export interface RecordRedactor extends Redactor {
  /** Redacts body and attributes of one record under a shared work budget. */
  redactRecord(
    body: unknown,
    attributes: Record<string, unknown>,
    report?: RedactionReport,
  ): { body: unknown; attributes: Record<string, unknown> };
  /** What an attribute or map key is written as (itself, or its redacted text when it holds a secret). */
  keyName(key: string): string;
  /**
   * Redacts a short record field that is neither body nor attribute (`eventName`, `severityText`) with the secret
   * detectors only (S1–S16: prefixed tokens, private keys, JWTs, headers, URL credentials, key=value); returns the
   * same string when nothing is found, and in key-only mode.
   */
  redactLabel(text: string, report?: RedactionReport): string;
}

/** An empty report to pass to `redactValue` / `redactAttributes` for counts. */
export function createReport(): RedactionReport {
  return { findings: new Map(), budget: new Map(), errors: 0 };
}

/**
 * Creates the redaction engine (pure core: no OpenTelemetry import). The policy is validated here; an invalid one
 * throws `RedactionPolicyError` naming the field.
 *
 * @example
 * const redactor = createRedactor({ hmac: { kid: 'k1', key: Buffer.from(process.env.REDACTION_KEY!, 'base64') } });
 * redactor.redactValue('login by alice@corp.com with password=hunter2');
 * // 'login by <email:k1:…> with password=[REDACTED:CREDENTIAL]'
 */
export function createRedactor(policy?: RedactionPolicyInput): RecordRedactor {
  const resolved = resolvePolicy(policy);
  const classifier = new KeyClassifier(resolved.extraKeys, resolved.excludeKeys);
  const pseudonymizer = new Pseudonymizer(
    resolved.hmac === undefined ? undefined : { kid: resolved.hmac.kid, key: resolved.hmac.key },
    resolved.hmac?.previous ?? [],
    resolved.tokenLength,
  );
  const scanner = new StringScanner(resolved, classifier, pseudonymizer);
  const walker = new ValueWalker(resolved, classifier, scanner, pseudonymizer);
  // Built on first use: most redactors never see an event name.
  let labelWalker: ValueWalker | null = null;
  const labels = (): ValueWalker => {
    if (labelWalker === null) {
      const secretOnly: ResolvedPolicy = { ...resolved, custom: [], detectors: new Map(resolved.detectors) };
      for (const d of BUILTIN_DETECTORS) {
        const setting = secretOnly.detectors.get(d.name);
        if (setting !== undefined && d.category !== 'secret')
          secretOnly.detectors.set(d.name, { ...setting, enabled: false });
      }
      labelWalker = new ValueWalker(
        secretOnly,
        classifier,
        new StringScanner(secretOnly, classifier, pseudonymizer),
        pseudonymizer,
      );
    }
    return labelWalker;
  };
  const view: ResolvedPolicyView = Object.freeze({
    mode: resolved.mode,
    hmacKid: pseudonymizer.kid,
    ephemeralKey: pseudonymizer.ephemeral,
    detectors: Object.freeze(Object.fromEntries([...resolved.detectors].map(([k, v]) => [k, Object.freeze({ ...v })]))),
    keyClasses: Object.freeze({ ...resolved.keyClassActions }) as Readonly<
      Record<KeyClass, (typeof resolved.keyClassActions)[KeyClass]>
    >,
  });

  const attributes = (attrs: Record<string, unknown>, b: WalkBudget, report?: RedactionReport) => {
    let copy: Record<string, unknown> | null = null;
    const keys = Object.keys(attrs);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      const v = attrs[k];
      // Our own summary (from an earlier RedactionProcessor in a chain) is counts and types only: leave it intact.
      const ownSummary = k === SUMMARY_ATTRIBUTE && typeof v === 'string' && SUMMARY_FORMAT.test(v);
      const entry = ownSummary || b.nodes >= resolved.limits.maxNodes ? null : walker.entry(k, '');
      const name = ownSummary ? k : walker.keyName(k, b, report, entry);
      const out = ownSummary ? v : walker.keyed(v, k, '', 0, b, report, entry);
      if ((out !== v || name !== k) && copy === null) {
        // Null prototype: an attribute named "__proto__" stays an ordinary key instead of replacing the prototype.
        copy = Object.create(null) as Record<string, unknown>;
        for (let j = 0; j < i; j++) copy[keys[j] as string] = attrs[keys[j] as string];
      }
      if (copy !== null && out !== DROP) copy[name === k ? k : uniqueKey(copy, name)] = out;
    }
    return copy ?? attrs;
  };

  return {
    policy: view,
    redactValue(value, keyPath, report) {
      const b = newBudget(resolved.recordTimeBudgetMs);
      const out =
        keyPath === undefined || keyPath === ''
          ? walker.node(value, '', '', 0, b, report)
          : walker.keyed(value, keyPath, '', 0, b, report);
      return out === DROP ? undefined : out;
    },
    redactAttributes(attrs, report) {
      return attributes(attrs, newBudget(resolved.recordTimeBudgetMs), report) as typeof attrs;
    },
    redactText(text, report) {
      return walker.string(text, '', newBudget(resolved.recordTimeBudgetMs), report);
    },
    pseudonymize(type, value, kid) {
      return pseudonymizer.token(type, value, kid);
    },
    keyName(key) {
      return walker.keyName(key, newBudget(resolved.recordTimeBudgetMs));
    },
    redactLabel(text, report) {
      if (resolved.mode !== 'full' || text.length === 0) return text;
      return labels().string(text, '', newBudget(resolved.recordTimeBudgetMs), report);
    },
    redactRecord(body, attrs, report) {
      const b = newBudget(resolved.recordTimeBudgetMs);
      // Attributes first: values classified by key there (`http.request.header.authorization`, `user.password`) are
      // remembered, so their copies in a free-text body are found too.
      const outAttributes = attributes(attrs, b, report);
      const outBody = body === undefined ? body : walker.node(body, '', '', 0, b, report);
      return { body: outBody === DROP ? undefined : outBody, attributes: outAttributes };
    },
  };
}
