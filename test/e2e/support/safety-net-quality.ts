/**
 * The collector safety net (`redaction/safety_net` + `transform/safety_net`, generated from
 * packages/redaction/src/internal/collector-safety-net.ts) measured on the public corpora the TypeScript engine is
 * gated on (packages/redaction/test/quality/public/): the same units, split, claims, labels and leak rule, so the two
 * sets of figures compare. Only the redactor differs: every unit goes as an unsealed log record through a real
 * collector, and what it exports is read back.
 *
 * Units: every scanner fixture text, every "bare" log line of a self-identifying secret, every labelled PII
 * sentence, every benign system-log and web-app line (as the body), every web-app attribute set, and, for each
 * claimed secret its fixture writes under a K1 credential key in one of S16's forms, that key and value as one
 * attribute.
 */
import { isRealEmail } from '../../../packages/redaction/test/quality/public/address-labels.ts';
import {
  type ClaimedType,
  isK1SecretKey,
  keyValueName,
} from '../../../packages/redaction/test/quality/public/claims.ts';
import {
  loadLogFamilies,
  loadPresidio,
  loadScannerFixtures,
  loadUserAgents,
  SPLITS,
  type Split,
} from '../../../packages/redaction/test/quality/public/corpora.ts';
import {
  describeLeak,
  expandPii,
  expandPositives,
  type FamilyRate,
  familiesOf,
  type LeakCase,
  type LeakResult,
  type NegativeResult,
  recallByType,
  runBenign,
  runLeaks,
  runNegatives,
  runUaAttributes,
  type TypeRecall,
  totalRate,
  webAppFamilies,
} from '../../../packages/redaction/test/quality/public/evaluate.ts';
import {
  EXPECTED_BENIGN_CHANGES,
  NEGATIVE_EXCLUSIONS,
} from '../../../packages/redaction/test/quality/public/labels.ts';
import { webAppRecords } from '../../../packages/redaction/test/quality/public/webapp-lines.ts';
import { alignRedaction } from '../../../packages/redaction/test/quality/span-alignment.ts';
import { postOtlpJson, waitForArchiveLines } from './collector.js';
import { logRecordsOf, type OtlpAttribute } from './otlp-lines.js';

/**
 * The claimed types (packages/redaction/test/quality/public/claims.ts) the safety net claims too, each with what it
 * rests on (packages/redaction/src/internal/collector-safety-net.ts). The gate allows no leak of these on either split.
 */
export const NET_CLAIMS: Readonly<Partial<Record<ClaimedType, string>>> = {
  PRIVATE_KEY: 'PEM header through the base64 run after it; PuTTY private lines',
  AWS_ACCESS_KEY_ID: "the engine's shape",
  AWS_SECRET_KEY: '40 base64 characters after the key name (no entropy gate); no case in the vendored corpora',
  GITHUB_TOKEN: "the engine's shapes (no CRC32: look-alikes are masked too)",
  GITLAB_TOKEN: "the engine's shapes",
  SLACK_TOKEN: "the engine's shapes",
  STRIPE_KEY: "the engine's shape",
  GOOGLE_API_KEY: "the engine's shape",
  AI_API_KEY: "the engine's shapes",
  VENDOR_TOKEN: "the engine's shapes (Twilio without its keyword: every SK/AC + 32 hex)",
  JWT: '`eyJ…` three segments (no header check)',
  AUTH_HEADER: '`Authorization:` with any scheme, `bearer …`; other credential headers as K1 key=value',
  URL_CREDENTIALS: 'scheme://user:password@ (a password with `/` is not found)',
  KEY_VALUE:
    'S16 forms under K1 names and curl -u; not bare values under four characters or starting with `$`, `[`, `{`',
  EMAIL: 'the address shape',
  CREDIT_CARD: 'IIN and length without Luhn, contiguous or 4-4-4-4; 12-digit Maestro after a card word',
  US_SSN: 'ddd-dd-dddd with the area/group/serial rules; not spaced or nine plain digits',
  IBAN: 'upper-case country code and shape, contiguous or in fours; no mod-97',
};

/** Claimed types the net does not claim (reported, not gated), and why. */
export const NET_DISCLAIMS: Readonly<Partial<Record<ClaimedType, string>>> = {
  IP_ADDRESS: 'kept on purpose: client.address is routing data in the Collector',
};

/** One log record to send: a body, attributes, or both. */
export interface Unit {
  readonly body?: string;
  readonly attributes?: Readonly<Record<string, string | number>>;
}

/** What the collector exported for one unit. */
export interface Exported {
  readonly body: string | undefined;
  readonly attributes: Readonly<Record<string, string | number>>;
}

/** Sends units to a running collector and returns what it exported for each, in the same order. */
export type SendUnits = (units: readonly Unit[]) => Promise<Exported[]>;

const EVENT_PREFIX = 'seclog.quality.unit.';
const RECORDS_PER_REQUEST = 1000;

function otlpAttributes(attributes: Readonly<Record<string, string | number>>): OtlpAttribute[] {
  return Object.entries(attributes).map(([key, v]) => ({
    key,
    value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v },
  }));
}

function plainAttributes(attributes: readonly OtlpAttribute[] | undefined): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const a of attributes ?? []) {
    if (a.value.stringValue !== undefined) out[a.key] = a.value.stringValue;
    else if (a.value.intValue !== undefined) out[a.key] = Number(a.value.intValue);
  }
  return out;
}

/**
 * A {@link SendUnits} over OTLP/HTTP (JSON) to `otlpLogsUrl`, reading the collector's file exporter output at
 * `archivePath`. Each unit is one unsealed log record named by its index (`eventName`, which neither processor
 * reads), so the order of the archive does not matter.
 */
export function sendThroughCollector(otlpLogsUrl: string, archivePath: string, timeoutMs = 30_000): SendUnits {
  return async (units) => {
    for (let from = 0; from < units.length; from += RECORDS_PER_REQUEST) {
      const logRecords = units.slice(from, from + RECORDS_PER_REQUEST).map((u, i) => ({
        eventName: `${EVENT_PREFIX}${from + i}`,
        ...(u.body === undefined ? {} : { body: { stringValue: u.body } }),
        attributes: otlpAttributes(u.attributes ?? {}),
      }));
      const request = {
        resourceLogs: [
          {
            resource: { attributes: otlpAttributes({ 'service.name': 'safety-net-quality' }) },
            scopeLogs: [{ scope: {}, logRecords }],
          },
        ],
      };
      const status = await postOtlpJson(otlpLogsUrl, request);
      if (status !== 200) throw new Error(`collector answered ${status} to units ${from}…`);
    }
    const ours = (lines: readonly unknown[]) =>
      logRecordsOf(lines).filter((r) => r.eventName?.startsWith(EVENT_PREFIX));
    const lines = await waitForArchiveLines(archivePath, (l) => ours(l).length >= units.length, timeoutMs);
    const exported: (Exported | undefined)[] = new Array(units.length);
    for (const r of ours(lines)) {
      exported[Number(r.eventName?.slice(EVENT_PREFIX.length))] = {
        body: r.body?.stringValue,
        attributes: plainAttributes(r.attributes),
      };
    }
    const missing = exported.filter((e) => e === undefined).length + units.length - exported.length;
    if (missing > 0) throw new Error(`${missing} of ${units.length} units not exported within ${timeoutMs} ms`);
    return exported as Exported[];
  };
}

/** The Collector's mask: the redaction processor's fixed string, and what the transform statements write. */
const MASK = '****';

/**
 * The Collector's untyped masks as the harness's tokens, so that its alignment recovers what each removed:
 * `[REDACTED:EMAIL]` where the mask covers a real e-mail address (address-labels.ts; masking one is the net's job,
 * as the engine's pseudonym is), `[REDACTED:MASK]` elsewhere. An input that holds `****` itself is left as it is (the
 * harness then falls back to its coarse comparison).
 */
export function typedMasks(input: string, output: string): string {
  if (input === output || input.includes(MASK)) return output;
  const untyped = output.replace(/(?:\*{4})+/g, '[REDACTED:MASK]');
  const aligned = alignRedaction(input, untyped);
  if (!aligned.exact) return untyped;
  let typed = '';
  let cursor = 0;
  for (const r of aligned.ranges) {
    typed += `${input.slice(cursor, r.start)}[REDACTED:${isRealEmail(input, r.start, r.end) ? 'EMAIL' : 'MASK'}]`;
    cursor = r.end;
  }
  return typed + input.slice(cursor);
}

/** Figures of one split. */
export interface SafetyNetSplit {
  /** Secrets and PII in the record body: fixture text, bare log line, PII sentence. */
  readonly body: LeakResult[];
  /** Claimed secrets written under a K1 key in their fixture, sent as that attribute. */
  readonly attributes: LeakResult[];
  readonly negatives: NegativeResult[];
  readonly benign: FamilyRate[];
}

/** A claimed secret as the attribute its fixture assigns it to, when that name is a K1 credential key. */
function attributeCase(c: LeakCase): { name: string; secret: string } | undefined {
  if (c.type === null || c.context !== 'fixture' || c.source === 'presidio-research') return undefined;
  const name = keyValueName(c.text, c.secret);
  return name !== undefined && isK1SecretKey(name) ? { name, secret: c.secret } : undefined;
}

/** Every unit of both splits (body texts once each) and the measurement of what `send` returns for them. */
export async function measureSafetyNet(send: SendUnits): Promise<Map<Split, SafetyNetSplit>> {
  const units: Unit[] = [];
  const bodyIndex = new Map<string, number>();
  const addBody = (text: string): void => {
    if (bodyIndex.has(text)) return;
    bodyIndex.set(text, units.length);
    units.push({ body: text });
  };
  const attributeIndex = new Map<object, number>();
  const addAttributes = (key: object, attributes: Record<string, string | number>): void => {
    attributeIndex.set(key, units.length);
    units.push({ attributes });
  };

  const inputs = SPLITS.map((split) => {
    const fixtures = loadScannerFixtures(split);
    const leakCases = [...expandPositives(fixtures), ...expandPii(loadPresidio(split), split)];
    const attributeCases = leakCases.flatMap((c) => {
      const a = attributeCase(c);
      return a ? [{ leak: { ...c, text: a.secret, rule: `${c.rule} as ${a.name}` }, ...a }] : [];
    });
    const records = webAppRecords(loadUserAgents(split));
    const families = [...familiesOf(loadLogFamilies(split)), ...webAppFamilies(records)];
    for (const c of leakCases) addBody(c.text);
    for (const s of fixtures) for (const c of s.cases) if (c.kind === 'negative' && c.text !== '') addBody(c.text);
    for (const f of families) for (const line of f.lines) addBody(line);
    for (const a of attributeCases) addAttributes(a, { [a.name]: a.secret });
    for (const r of records) if (r.family === 'webapp/attributes') addAttributes(r.attributes, r.attributes);
    return { split, fixtures, leakCases, attributeCases, records, families };
  });

  const exported = await send(units);
  const redactBody = (text: string): string => typedMasks(text, exported[bodyIndex.get(text) as number]?.body ?? '');
  const exportedAttributes = (key: object) => exported[attributeIndex.get(key) as number]?.attributes ?? {};

  const results = new Map<Split, SafetyNetSplit>();
  for (const { split, fixtures, leakCases, attributeCases, records, families } of inputs) {
    const attributes = attributeCases.flatMap((a) => {
      const value = exportedAttributes(a)[a.name];
      // a dropped attribute leaves nothing behind
      return runLeaks([a.leak], () => (value === undefined ? '' : typedMasks(a.secret, String(value))));
    });
    const uaAttributes = (input: Record<string, string | number>) => {
      const out = { ...exportedAttributes(input) };
      const ua = out['user_agent.original'];
      if (typeof ua === 'string') out['user_agent.original'] = typedMasks(String(input['user_agent.original']), ua);
      return out;
    };
    results.set(split, {
      body: runLeaks(leakCases, redactBody),
      attributes,
      negatives: runNegatives(fixtures, redactBody, NEGATIVE_EXCLUSIONS),
      benign: [...runBenign(families, redactBody, EXPECTED_BENIGN_CHANGES), runUaAttributes(records, uaAttributes)],
    });
  }
  return results;
}

// ---------------------------------------------------------------------------------------------------------------
// Report

const cell = (r: TypeRecall | undefined): string => (!r || r.cases === 0 ? '—' : `${r.leaks} / ${r.cases}`);
const pct = (n: number, d: number): string => (d === 0 ? '—' : `${((n / d) * 100).toFixed(2)} %`);

/** Leaks per claimed type on one split, body and attribute cases together. */
export function leaksOf(results: ReadonlyMap<Split, SafetyNetSplit>, split: Split): TypeRecall[] {
  const r = results.get(split) as SafetyNetSplit;
  return recallByType([...r.body, ...r.attributes]);
}

function netClaim(type: string): string {
  if (type in NET_CLAIMS) return 'yes';
  return type === 'unclaimed' ? '' : 'no';
}

/**
 * Markdown: leaks / cases per claimed type (body, attribute) on both splits, changed benign lines, changed scanner
 * negatives; failing cases (shape-masked) of the splits in `details`.
 */
export function formatSafetyNetReport(
  results: ReadonlyMap<Split, SafetyNetSplit>,
  details: readonly Split[] = [],
): string {
  const get = (split: Split) => results.get(split) as SafetyNetSplit;
  const rows = (split: Split, part: 'body' | 'attributes') => recallByType(get(split)[part]);
  const tb = rows('tuning', 'body');
  const ta = rows('tuning', 'attributes');
  const hb = rows('heldout', 'body');
  const ha = rows('heldout', 'attributes');
  const find = (list: TypeRecall[], type: string) => list.find((x) => x.type === type);
  const out = [
    '| Claimed type | Net claims | Tuning: body | Tuning: attribute | Held-out: body | Held-out: attribute |',
    '|---|---|---|---|---|---|',
  ];
  for (const row of tb) {
    const t = row.type;
    const name = t === 'unclaimed' ? '*not claimed (info)*' : t;
    out.push(
      `| ${name} | ${netClaim(t)} | ${cell(row)} | ${cell(find(ta, t))} | ${cell(find(hb, t))} | ${cell(find(ha, t))} |`,
    );
  }
  const benign = SPLITS.map((s) => totalRate(get(s).benign));
  const negatives = SPLITS.map((s) => get(s).negatives.filter((n) => !n.excluded));
  out.push(
    '',
    'Leaks / cases (a leak: ≥ 12 consecutive characters of the secret left in place, or any part of a shorter one).',
    '',
    '| | Tuning | Held-out |',
    '|---|---|---|',
    `| benign lines changed (e-mail masks aside) | ${benign.map((b) => `${pct(b.changed, b.lines)} (${b.changed} / ${b.lines})`).join(' | ')} |`,
    `| scanner negatives changed (labelled ones aside) | ${negatives.map((n) => `${n.filter((x) => x.changed).length} / ${n.length}`).join(' | ')} |`,
  );
  for (const split of details) {
    out.push('', `### ${split}: failing cases`, '');
    for (const l of [...get(split).body, ...get(split).attributes])
      if (l.leaked && l.type !== null) out.push(`- leak ${l.type}: ${describeLeak(l)}`);
    for (const f of get(split).benign)
      if (f.changed > 0) out.push(`- ${f.family} ${f.changed} / ${f.lines}: ${f.examples.join(' | ')}`);
    for (const n of get(split).negatives)
      if (n.changed && !n.excluded) out.push(`- negative ${n.source} ${n.rule}: ${n.findings.join(' ; ')}`);
  }
  return `${out.join('\n')}\n`;
}
