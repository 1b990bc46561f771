import { type Detector, finding, matchAt } from '../internal/detector.js';
import { githubChecksumValid, shannonEntropy } from '../internal/validators.js';
import { hasDigit, isAlnumDash, mixesCases, shapeDetector } from './token-shape.js';

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
export const awsSecretKey: Detector<'AWS_SECRET_KEY'> = {
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

function isTokenOrDot(c: number): boolean {
  return isAlnumDash(c) || c === 95 || c === 46;
}

/**
 * S4 GitHub tokens. Classic `gh?_` tokens (36 base62 characters) must carry a valid base62 CRC32 in their last 6
 * characters. Longer bodies are GitHub's newer formats: GitHub documents `gh?_` tokens as opaque and of growing length
 * (installation tokens become stateless JWTs, `ghs_<id>_eyJ…` with two dots, ≈ 520 characters), so 40–1000 characters
 * of `[A-Za-z0-9_-]` with up to two dotted segments count when they mix digits and both cases. Fine-grained
 * `github_pat_` tokens: 60–255 word characters (82 today).
 */
export const githubToken = shapeDetector('GITHUB_TOKEN', 'S4', [
  {
    triggers: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    re: /gh[pousr]_[A-Za-z0-9]{36}/y,
    label: 'GITHUB_TOKEN',
    validate: (t) => githubChecksumValid(t),
  },
  {
    triggers: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    re: /gh[pousr]_[\w-]{20,1000}(?:\.[\w-]{4,1000}){0,2}/y,
    label: 'GITHUB_TOKEN',
    validate: (t) => t.length >= 44 && mixesCases(t),
    // A necessary condition only (the regex allows dots between segments): runs of `[\w.-]` longer than the longest
    // match are rejected without running the regex, so `ghp_ghp_…` soups stay linear.
    tail: { prefix: 4, max: 3002, inClass: isTokenOrDot },
  },
  { triggers: ['github_pat_'], re: /github_pat_\w{60,255}/y, label: 'GITHUB_TOKEN' },
]);

/**
 * S5 GitLab tokens (`glpat-` personal, `glrt-` runner, `gldt-` deploy…; routable tokens carry up to 300 characters
 * and dotted suffixes) and runner registration tokens (`GR1348941…`).
 */
export const gitlabToken = shapeDetector('GITLAB_TOKEN', 'S5', [
  {
    triggers: [
      'glpat-',
      'glrt-',
      'gldt-',
      'gloas-',
      'glptt-',
      'glft-',
      'glsoat-',
      'glcbt-',
      'glimt-',
      'glagent-',
      'glffct-',
    ],
    re: /gl(?:pat|rt|dt|oas|ptt|ft|soat|cbt|imt|agent|ffct)-[\w-]{20,300}(?:\.[\w-]{2,50}){0,2}/y,
    label: 'GITLAB_TOKEN',
    endBoundary: false,
  },
  { triggers: ['gr1348941'], re: /GR1348941[\w-]{20,64}/y, label: 'GITLAB_TOKEN' },
]);

/**
 * S6 Slack tokens and webhook URLs. Bot, user, config and legacy tokens (`xoxb-`, `xoxp-`, `xoxe-`, `xoxo-`,
 * `xoxs-`) continue with a digit after the dash; legacy workspace tokens (`xoxa-`, `xoxr-`) with letters or digits
 * but contain a digit — so words such as a file name `…-xoxo-archive…` stay.
 */
export const slackToken = shapeDetector('SLACK_TOKEN', 'S6', [
  {
    triggers: ['xox'],
    re: /xox[bpose]-\d[A-Za-z0-9-]{9,249}/y,
    label: 'SLACK_TOKEN',
    tail: { prefix: 5, max: 250, inClass: isAlnumDash },
  },
  {
    triggers: ['xox'],
    re: /xox[ar]-[A-Za-z0-9][A-Za-z0-9-]{9,249}/y,
    label: 'SLACK_TOKEN',
    tail: { prefix: 5, max: 250, inClass: isAlnumDash },
    validate: (t) => hasDigit(t.slice(5)),
  },
  {
    triggers: ['xox'],
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

/**
 * S7 Stripe secret and restricted keys (`sk_live_`, `rk_test_`…; Stripe allows keys of up to 255 characters);
 * publishable `pk_` keys are not secrets.
 */
export const stripeKey = shapeDetector('STRIPE_KEY', 'S7', [
  {
    triggers: ['k_live_', 'k_test_', 'k_prod_'],
    back: 1,
    re: /[rs]k_(?:live|test|prod)_[A-Za-z0-9]{10,247}/y,
    label: 'STRIPE_KEY',
  },
]);

/** S8 Google API keys. */
export const googleApiKey = shapeDetector('GOOGLE_API_KEY', 'S8', [
  { triggers: ['aiza'], re: /AIza[\w-]{35}/y, label: 'GOOGLE_API_KEY', boundary: 'dash' },
]);

/** S9 OpenAI (`sk-…T3BlbkFJ…`, `sk-proj-…`) and Anthropic (`sk-ant-api03-…`) keys. */
export const aiApiKey = shapeDetector('AI_API_KEY', 'S9', [
  { triggers: ['sk-ant-'], re: /sk-ant-[a-z]{2,10}\d{2,3}-[\w-]{20,200}/y, label: 'ANTHROPIC_API_KEY' },
  {
    triggers: ['sk-proj-', 'sk-svcacct-', 'sk-admin-'],
    re: /sk-(?:proj|svcacct|admin)-[\w-]{20,300}/y,
    label: 'OPENAI_API_KEY',
  },
  { triggers: ['sk-'], re: /sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}/y, label: 'OPENAI_API_KEY' },
]);
