import { type Detector, finding, leftBoundary, matchAt, rightBoundary } from '../internal/detector.js';
import { isAlnumDash, mixesCases, shapeDetector } from './token-shape.js';

const TWILIO_SID = /(?:SK|AC)[0-9a-fA-F]{32}/y;

function isWordOrDash(c: number): boolean {
  return isAlnumDash(c) || c === 95;
}

/**
 * S10 fixed-prefix tokens of other vendors. Prefixes, alphabets and length ranges follow the vendors' documentation
 * and the public rules of gitleaks and TruffleHog; where vendors vary or have changed lengths, ranges replace exact
 * counts. Twilio SIDs count only near the word "twilio" (handled in `vendorToken`).
 */
const vendorShapes = shapeDetector('VENDOR_TOKEN', 'S10', [
  { triggers: ['npm_'], re: /npm_[A-Za-z0-9]{36}/y, label: 'NPM_TOKEN' },
  // SendGrid: `SG.` + 22 + `.` + 43 today; scanners accept 66 characters with or without the inner dot.
  {
    triggers: ['sg.'],
    re: /SG\.[\w=-]{8,64}\.[\w=-]{8,80}/y,
    label: 'SENDGRID_API_KEY',
    validate: (t) => t.length >= 50 && mixesCases(t),
  },
  {
    triggers: ['sg.'],
    re: /SG\.[\w=-]{50,100}/y,
    label: 'SENDGRID_API_KEY',
    validate: (t) => mixesCases(t),
    tail: { prefix: 3, max: 100, inClass: isWordOrDashOrEquals },
  },
  {
    triggers: ['accountkey='],
    re: /AccountKey=[A-Za-z0-9+/]{20,200}={0,2}/iy,
    label: 'AZURE_STORAGE_KEY',
    boundary: 'none',
    endBoundary: false,
  },
  { triggers: ['q~'], back: 4, re: /[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}/y, label: 'AZURE_CLIENT_SECRET' },
  // Vault service tokens are ≈ 95 characters, batch tokens 138–300 (Vault ≥ 1.10): one generous range.
  {
    triggers: ['hvs.', 'hvb.', 'hvr.'],
    re: /hv[sbr]\.[\w-]{24,600}/y,
    label: 'VAULT_TOKEN',
    tail: { prefix: 4, max: 600, inClass: isWordOrDash },
  },
  { triggers: ['hf_'], re: /hf_[A-Za-z0-9]{34,40}/y, label: 'HUGGINGFACE_TOKEN' },
  { triggers: ['api_org_'], re: /api_org_[A-Za-z]{34}/y, label: 'HUGGINGFACE_TOKEN' },
  { triggers: ['dapi'], re: /dapi[0-9a-fA-F]{32}(?:-\d)?/y, label: 'DATABRICKS_TOKEN' },
  { triggers: ['doo_v1_', 'dop_v1_', 'dor_v1_'], re: /do[opr]_v1_[a-fA-F0-9]{64}/y, label: 'DIGITALOCEAN_TOKEN' },
  // Shopify: `shpat_` public, `shpca_` custom, `shppa_` private apps, `shpss_` shared secrets, `shpua_` unlisted apps;
  // 32 hex characters in the 2020 format, base62 bodies are accepted too.
  {
    triggers: ['shp'],
    re: /shp(?:at|ca|pa|ss|ua)_[A-Za-z0-9]{32,64}/y,
    label: 'SHOPIFY_TOKEN',
  },
  { triggers: ['pypi-ageichlwas5vcmc'], re: /pypi-AgEIcHlwaS5vcmc[\w-]{50,1000}/y, label: 'PYPI_TOKEN' },
  {
    triggers: ['sntry'],
    re: /sntry[us]_[A-Za-z0-9+/=_-]{32,1000}/y,
    label: 'SENTRY_TOKEN',
    endBoundary: false,
  },
  { triggers: ['glsa_'], re: /glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}/y, label: 'GRAFANA_TOKEN' },
  { triggers: ['glc_'], re: /glc_[A-Za-z0-9+/]{32,400}={0,3}/y, label: 'GRAFANA_TOKEN', endBoundary: false },
  // Legacy Grafana API keys: base64 of `{"k":"…` (not a JWT: no dots).
  {
    triggers: ['eyjrijoi'],
    re: /eyJrIjoi[A-Za-z0-9]{70,400}={0,3}/y,
    label: 'GRAFANA_TOKEN',
    boundary: 'dash',
    endBoundary: false,
  },
  // Linear: personal API keys (`lin_api_`, 40 characters today) and OAuth tokens (`lin_oauth_`).
  { triggers: ['lin_'], re: /lin_(?:api|oauth)_[A-Za-z0-9]{32,80}/y, label: 'LINEAR_API_KEY' },
  // Doppler: personal, service, CLI, service-account, SCIM and audit tokens; service tokens may carry a config name.
  {
    triggers: ['dp.'],
    re: /dp\.(?:pt|st|ct|sa|scim|audit)\.(?:[a-z0-9_-]{1,40}\.)?[A-Za-z0-9]{40,64}/y,
    label: 'DOPPLER_TOKEN',
  },
  {
    triggers: ['dt0c01.'],
    re: /dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}/y,
    label: 'DYNATRACE_TOKEN',
  },
  {
    triggers: ['age-secret-key-1'],
    re: /AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}/y,
    label: 'AGE_SECRET_KEY',
  },
  { triggers: ['ops_eyj'], re: /ops_eyJ[A-Za-z0-9+/=_-]{100,1000}/y, label: 'ONEPASSWORD_TOKEN', endBoundary: false },
  // 1Password account secret keys: `A3-` + six groups (one of 11 characters or of 6 and 5).
  {
    triggers: ['a3-'],
    re: /A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}/y,
    label: 'ONEPASSWORD_SECRET_KEY',
  },
]);

function isWordOrDashOrEquals(c: number): boolean {
  return isWordOrDash(c) || c === 61;
}

/** S10 vendor tokens, plus Twilio API key and account SIDs (`SK`/`AC` + 32 hex) within 40 characters of "twilio". */
export const vendorToken: Detector<'VENDOR_TOKEN'> = {
  ...vendorShapes,
  // Twilio SIDs are found only near the word "twilio": their copies elsewhere need the record memory.
  selfEvident: false,
  triggers: [...vendorShapes.triggers, 'twilio'],
  patterns: [...vendorShapes.patterns, TWILIO_SID],
  onTrigger(ctx, index, literal) {
    if (literal !== 'twilio') return vendorShapes.onTrigger?.(ctx, index, literal);
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
