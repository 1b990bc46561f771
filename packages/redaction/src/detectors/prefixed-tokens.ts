import {
  type Detector,
  finding,
  isAlnum,
  leftBoundary,
  matchAt,
  rightBoundary,
  type ScanContext,
} from '../detector.js';
import { githubChecksumValid, shannonEntropy } from '../validators.js';

/** One fixed-prefix token shape: the sticky regex starts at the trigger literal (minus `back` characters). */
interface TokenShape {
  triggers: string[];
  re: RegExp;
  label: string;
  /** Characters between the token start and the trigger literal (`sk_live_` triggers on `k_live_`). */
  back?: number;
  /** Require a non-word character before the token (and `-` for base64url alphabets). */
  boundary?: 'word' | 'dash' | 'none';
  /** Require a non-word character after the token. */
  endBoundary?: boolean;
  validate?: (token: string, ctx: ScanContext, start: number) => boolean;
  /**
   * Set when `re` is exactly `<prefix of fixed length>` + `<one class>{min,max}` and nothing after: the end of a
   * match is then known from the run of class characters, so hits inside one long run (`xoxb-xoxb-…`) are rejected
   * by the end-boundary rule without running the regex (each run is walked once per string).
   */
  tail?: { prefix: number; max: number; inClass: (c: number) => boolean };
}

/**
 * A shape with every option resolved: all shapes share one object layout, so the per-hit property reads in
 * `onTrigger` stay monomorphic (dense adversarial inputs call it once every few characters).
 */
interface ResolvedShape {
  re: RegExp;
  label: string;
  back: number;
  boundary: 'word' | 'dash' | 'none';
  endBoundary: boolean;
  validate: ((token: string, ctx: ScanContext, start: number) => boolean) | null;
  tail: { prefix: number; max: number; inClass: (c: number) => boolean } | null;
}

function resolveShape(s: TokenShape): ResolvedShape {
  return {
    re: s.re,
    label: s.label,
    back: s.back ?? 0,
    boundary: s.boundary ?? 'word',
    endBoundary: s.endBoundary ?? true,
    validate: s.validate ?? null,
    tail: s.tail ?? null,
  };
}

/** Where a `tail` shape's match starting at `start` would end (ignoring its prefix and minimum length). */
function tailEnd(ctx: ScanContext, s: ResolvedShape, tail: NonNullable<ResolvedShape['tail']>, start: number): number {
  const text = ctx.text;
  const from = start + tail.prefix;
  // The run cache lives in the scan's context (one slot, owned by the last shape that walked a run).
  if (ctx.runOwner !== s || from < ctx.runFrom || from > ctx.runEnd) {
    let end = from;
    while (end < text.length && tail.inClass(text.charCodeAt(end))) end++;
    ctx.runOwner = s;
    ctx.runFrom = from;
    ctx.runEnd = end;
  }
  return Math.min(ctx.runEnd, from + tail.max);
}

/** ASCII letter, digit or `-`. */
function isAlnumDash(c: number): boolean {
  return isAlnum(c) || c === 45;
}

function shapeDetector(name: string, id: string, shapes: TokenShape[]): Detector {
  const byTrigger = new Map<string, ResolvedShape[]>();
  for (const shape of shapes) {
    const s = resolveShape(shape);
    for (const t of shape.triggers) byTrigger.set(t, [...(byTrigger.get(t) ?? []), s]);
  }
  const d: Detector = {
    name,
    id,
    category: 'secret',
    defaultAction: 'redact',
    defaultEnabled: true,
    triggers: [...byTrigger.keys()],
    patterns: shapes.map((s) => s.re),
    onTrigger(ctx, index, literal) {
      let skip: number | undefined;
      for (const s of byTrigger.get(literal) ?? []) {
        const start = index - s.back;
        if (s.boundary !== 'none' && !leftBoundary(ctx.text, start, s.boundary === 'dash')) continue;
        const tail = s.tail;
        if (tail !== null && s.endBoundary && !rightBoundary(ctx.text, tailEnd(ctx, s, tail, start))) continue;
        const m = matchAt(s.re, ctx.text, start);
        if (m === null) continue;
        const end = start + m[0].length;
        // Hits inside an over-long run cost at most the shape's bounded length each (no skip: a max-length match
        // that ends before a `-` is valid, so skipping inside runs could hide a token).
        if (s.endBoundary && !rightBoundary(ctx.text, end)) continue;
        if (s.validate !== null && !s.validate(m[0], ctx, start)) continue;
        ctx.out.push(finding(d, start, end, s.label));
        skip = Math.max(skip ?? 0, end);
      }
      return skip;
    },
  };
  return d;
}

/** S2 AWS access key ids: `AKIA`/`ASIA`/`ABIA`/`ACCA`/`A3T?` + 16 base32 characters. */
export const awsAccessKeyId = shapeDetector('AWS_ACCESS_KEY_ID', 'S2', [
  {
    triggers: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    re: /(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}/y,
    label: 'AWS_ACCESS_KEY_ID',
  },
]);

const B64_40 = /[A-Za-z0-9+/]{40}/y;

function isB64(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47;
}

/**
 * S3 AWS secret access keys: 40 base64 characters within 64 characters after a key word, entropy ≥ 4.25
 * (TruffleHog's threshold). Too generic to look for without the key word.
 */
export const awsSecretKey: Detector = {
  name: 'AWS_SECRET_KEY',
  id: 'S3',
  category: 'secret',
  defaultAction: 'redact',
  defaultEnabled: true,
  triggers: ['secret_access_key', 'secretaccesskey', 'secret-access-key', 'aws_secret', 'awssecret'],
  patterns: [B64_40],
  onTrigger(ctx, index, literal) {
    const text = ctx.text;
    const limit = Math.min(text.length, index + literal.length + 64);
    for (let i = index + literal.length; i < limit; i++) {
      if (!isB64(text.charCodeAt(i)) || (i > 0 && isB64(text.charCodeAt(i - 1)))) continue;
      const m = matchAt(B64_40, text, i);
      if (m === null) continue;
      const end = i + 40;
      if (end < text.length && isB64(text.charCodeAt(end))) continue;
      if (shannonEntropy(m[0]) < 4.25) continue;
      ctx.out.push(finding(this, i, end));
      return end;
    }
    return undefined;
  },
};

/** S4 GitHub tokens; classic `gh?_` tokens must carry a valid base62 CRC32 in their last 6 characters. */
export const githubToken = shapeDetector('GITHUB_TOKEN', 'S4', [
  {
    triggers: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    re: /gh[pousr]_[A-Za-z0-9]{36}/y,
    label: 'GITHUB_TOKEN',
    validate: (t) => githubChecksumValid(t),
  },
  { triggers: ['github_pat_'], re: /github_pat_\w{82}/y, label: 'GITHUB_TOKEN' },
]);

/** S5 GitLab tokens (`glpat-` personal, `glrt-` runner, `gldt-` deploy…). */
export const gitlabToken = shapeDetector('GITLAB_TOKEN', 'S5', [
  {
    triggers: ['glpat-', 'glrt-', 'gldt-', 'gloas-', 'glptt-', 'glft-', 'glsoat-', 'glcbt-', 'glimt-', 'glagent-'],
    re: /gl(?:pat|rt|dt|oas|ptt|ft|soat|cbt|imt|agent)-[\w-]{20,100}(?:\.[\w-]{2,50}){0,2}/y,
    label: 'GITLAB_TOKEN',
    endBoundary: false,
  },
]);

/** S6 Slack tokens and webhook URLs. */
export const slackToken = shapeDetector('SLACK_TOKEN', 'S6', [
  {
    triggers: ['xoxa-', 'xoxb-', 'xoxp-', 'xoxo-', 'xoxs-', 'xoxr-', 'xoxe-'],
    re: /xox[abposre]-[A-Za-z0-9-]{10,250}/y,
    label: 'SLACK_TOKEN',
    tail: { prefix: 5, max: 250, inClass: isAlnumDash },
  },
  {
    triggers: ['xoxe.'],
    re: /xoxe\.xox[bp]-\d-[A-Za-z0-9-]{10,250}/y,
    label: 'SLACK_TOKEN',
    tail: { prefix: 12, max: 250, inClass: isAlnumDash },
  },
  {
    triggers: ['xapp-'],
    re: /xapp-\d-[A-Za-z0-9-]{10,250}/y,
    label: 'SLACK_TOKEN',
    tail: { prefix: 7, max: 250, inClass: isAlnumDash },
  },
  {
    triggers: ['hooks.slack.com/'],
    re: /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{10,250}/y,
    label: 'SLACK_WEBHOOK',
    boundary: 'none',
  },
]);

/** S7 Stripe secret and restricted keys (`sk_live_`, `rk_test_`…); publishable `pk_` keys are not secrets. */
export const stripeKey = shapeDetector('STRIPE_KEY', 'S7', [
  {
    triggers: ['k_live_', 'k_test_', 'k_prod_'],
    back: 1,
    re: /[rs]k_(?:live|test|prod)_[A-Za-z0-9]{10,99}/y,
    label: 'STRIPE_KEY',
  },
]);

/** S8 Google API keys. */
export const googleApiKey = shapeDetector('GOOGLE_API_KEY', 'S8', [
  { triggers: ['aiza'], re: /AIza[\w-]{35}/y, label: 'GOOGLE_API_KEY', boundary: 'dash' },
]);

/** S9 OpenAI (`sk-…T3BlbkFJ…`, `sk-proj-…`) and Anthropic (`sk-ant-api03-…`) keys. */
export const aiApiKey = shapeDetector('AI_API_KEY', 'S9', [
  { triggers: ['sk-ant-'], re: /sk-ant-[a-z]{2,10}\d{2}-[\w-]{20,200}/y, label: 'ANTHROPIC_API_KEY' },
  {
    triggers: ['sk-proj-', 'sk-svcacct-', 'sk-admin-'],
    re: /sk-(?:proj|svcacct|admin)-[\w-]{20,300}/y,
    label: 'OPENAI_API_KEY',
  },
  { triggers: ['sk-'], re: /sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}/y, label: 'OPENAI_API_KEY' },
]);

const TWILIO_SID = /(?:SK|AC)[0-9a-f]{32}/y;

/** S10 fixed-prefix tokens of other vendors (design §10.1). Twilio SIDs only near the word "twilio". */
const vendorShapes = shapeDetector('VENDOR_TOKEN', 'S10', [
  { triggers: ['npm_'], re: /npm_[A-Za-z0-9]{36}/y, label: 'NPM_TOKEN' },
  { triggers: ['sg.'], re: /SG\.[\w-]{16,32}\.[\w-]{16,64}/y, label: 'SENDGRID_API_KEY', endBoundary: false },
  {
    triggers: ['accountkey='],
    re: /AccountKey=[A-Za-z0-9+/]{86,88}={0,2}/iy,
    label: 'AZURE_STORAGE_KEY',
    boundary: 'none',
    endBoundary: false,
  },
  { triggers: ['q~'], back: 4, re: /[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}/y, label: 'AZURE_CLIENT_SECRET' },
  { triggers: ['hvs.', 'hvb.', 'hvr.'], re: /hv[sbr]\.[A-Za-z0-9_-]{24,200}/y, label: 'VAULT_TOKEN' },
  { triggers: ['hf_'], re: /hf_[A-Za-z0-9]{34,40}/y, label: 'HUGGINGFACE_TOKEN' },
  { triggers: ['dapi'], re: /dapi[0-9a-f]{32}(?:-\d)?/y, label: 'DATABRICKS_TOKEN' },
  { triggers: ['doo_v1_', 'dop_v1_', 'dor_v1_'], re: /do[opr]_v1_[a-f0-9]{64}/y, label: 'DIGITALOCEAN_TOKEN' },
  {
    triggers: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    re: /shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}/y,
    label: 'SHOPIFY_TOKEN',
  },
  { triggers: ['pypi-ageichlwas5vcmc'], re: /pypi-AgEIcHlwaS5vcmc[\w-]{50,1000}/y, label: 'PYPI_TOKEN' },
  {
    triggers: ['sntryu_', 'sntrys_'],
    re: /sntry[us]_[A-Za-z0-9+/=_-]{32,1000}/y,
    label: 'SENTRY_TOKEN',
    endBoundary: false,
  },
  { triggers: ['glsa_'], re: /glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}/y, label: 'GRAFANA_TOKEN' },
  { triggers: ['glc_'], re: /glc_[A-Za-z0-9+/]{32,400}={0,2}/y, label: 'GRAFANA_TOKEN', endBoundary: false },
  { triggers: ['lin_api_'], re: /lin_api_[A-Za-z0-9]{40}/y, label: 'LINEAR_API_KEY' },
  { triggers: ['dp.pt.'], re: /dp\.pt\.[A-Za-z0-9]{43}/y, label: 'DOPPLER_TOKEN' },
  {
    triggers: ['age-secret-key-1'],
    re: /AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}/y,
    label: 'AGE_SECRET_KEY',
  },
  { triggers: ['ops_eyj'], re: /ops_eyJ[A-Za-z0-9+/=_-]{100,1000}/y, label: 'ONEPASSWORD_TOKEN', endBoundary: false },
]);

export const vendorToken: Detector = {
  ...vendorShapes,
  triggers: [...vendorShapes.triggers, 'twilio'],
  patterns: [...vendorShapes.patterns, TWILIO_SID],
  onTrigger(ctx, index, literal) {
    if (literal !== 'twilio') return vendorShapes.onTrigger?.(ctx, index, literal);
    // A Twilio SID (`SK`/`AC` + 32 hex) counts only within 40 characters of the word "twilio".
    const text = ctx.text;
    const from = Math.max(0, index - 40 - 34);
    const to = Math.min(text.length, index + 6 + 40);
    let skip: number | undefined;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if ((c !== 83 && c !== 65) || !leftBoundary(text, i)) continue;
      const m = matchAt(TWILIO_SID, text, i);
      if (m === null || !rightBoundary(text, i + 34)) continue;
      ctx.out.push(finding(this, i, i + 34, 'TWILIO_KEY'));
      skip = i + 34;
    }
    return skip;
  },
};
