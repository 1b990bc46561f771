import type { CompiledCustomDetector, ResolvedPolicy } from '../policy.js';
import type { Action } from '../types.js';
import { type Detector, PRIORITY, type ScanContext } from './detector.js';

/** Keyword windows of custom detectors: from 64 characters before a keyword to 1024 after it. */
const CUSTOM_WINDOW_BACK = 64;
const CUSTOM_WINDOW_FORWARD = 1024;

/** The action of a custom detector by name (`redact` when unknown). */
export function customAction(policy: ResolvedPolicy, name: string): Action {
  return policy.custom.find((c) => c.name === name)?.action ?? 'redact';
}

/** A custom detector with keywords, as a trigger detector: its pattern runs only in windows around the keywords. */
export function customAsDetector(c: CompiledCustomDetector): Detector {
  return {
    name: c.name,
    id: c.name,
    category: 'generic',
    defaultAction: c.action,
    defaultEnabled: true,
    triggers: c.keywords,
    patterns: [c.re],
    onTrigger(ctx, index) {
      const from = Math.max(0, index - CUSTOM_WINDOW_BACK);
      const to = Math.min(ctx.text.length, index + CUSTOM_WINDOW_FORWARD);
      runCustom(c, ctx, from, to);
      return to;
    },
  };
}

/** Runs a custom pattern over `text[from, to)`; validators may throw (the caller fails closed). */
export function runCustom(c: CompiledCustomDetector, ctx: ScanContext, from: number, to: number): void {
  const window = from === 0 && to === ctx.text.length ? ctx.text : ctx.text.slice(from, to);
  const re = c.re;
  re.lastIndex = 0;
  for (let m = re.exec(window); m !== null; m = re.exec(window)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    if (c.validate !== undefined && !c.validate(m[0])) continue;
    ctx.out.push({
      start: from + m.index,
      end: from + m.index + m[0].length,
      detector: c.name,
      label: c.name,
      valueType: c.name.toLowerCase(),
      priority: PRIORITY.generic,
      action: c.action,
    });
    if (ctx.out.length > 100_000) break;
  }
}
