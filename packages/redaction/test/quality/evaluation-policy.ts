/**
 * The policy used to measure detection: every detector and key class keeps its default on/off state but its action
 * becomes `redact`, so each finding shows up as one `[REDACTED:TYPE]` token and the removed range can be recovered
 * exactly (masks keep last-4 digits and would blur the span boundaries). Structural types only, so the vitest
 * gates (engine from src) and the bench report (engine from dist) share it.
 */
export interface PolicyView {
  readonly detectors: Readonly<Record<string, { enabled: boolean; action: string }>>;
  readonly keyClasses: Readonly<Record<string, string>>;
}

export interface EvaluationPolicy {
  detectors: Record<string, { enabled: boolean; action: 'redact' }>;
  keyClasses: Record<string, { action: 'redact' }>;
  hmac: { kid: string; key: Uint8Array };
}

/** Same switches as `view`, all actions `redact`; `enable` turns extra detectors on (e.g. PHONE). */
export function redactEverything(view: PolicyView, enable: readonly string[] = []): EvaluationPolicy {
  const detectors: EvaluationPolicy['detectors'] = {};
  for (const [name, d] of Object.entries(view.detectors)) {
    detectors[name] = { enabled: d.enabled || enable.includes(name), action: 'redact' };
  }
  const keyClasses: EvaluationPolicy['keyClasses'] = {};
  for (const name of Object.keys(view.keyClasses)) keyClasses[name] = { action: 'redact' };
  return { detectors, keyClasses, hmac: { kid: 'eval', key: new Uint8Array(32).fill(1) } };
}
