/**
 * Which scanner fixtures fall under a type seclog claims to catch (the detector table in
 * packages/redaction/README.md), and what exactly the secret is. Decided from the README's claims and the vendors'
 * documented token formats, never from what the engine happens to catch.
 */
import { isGithubChecksumValid } from '../corpus/checksums.ts';
import type { ScannerCase } from './corpora.ts';

/** The claimed types, as in the README's detector table. */
export const CLAIMED_TYPES = [
  'PRIVATE_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_KEY',
  'GITHUB_TOKEN',
  'GITLAB_TOKEN',
  'SLACK_TOKEN',
  'STRIPE_KEY',
  'GOOGLE_API_KEY',
  'AI_API_KEY',
  'VENDOR_TOKEN',
  'JWT',
  'AUTH_HEADER',
  'URL_CREDENTIALS',
  'KEY_VALUE',
  'EMAIL',
  'CREDIT_CARD',
  'US_SSN',
  'IBAN',
  'IP_ADDRESS',
] as const;
export type ClaimedType = (typeof CLAIMED_TYPES)[number];

/** gitleaks rule id → claimed type. Rules not listed are vendors seclog does not claim (reported, not gated). */
const GITLEAKS: Readonly<Record<string, ClaimedType>> = {
  'private-key': 'PRIVATE_KEY',
  'aws-access-token': 'AWS_ACCESS_KEY_ID',
  'github-pat': 'GITHUB_TOKEN',
  'github-oauth': 'GITHUB_TOKEN',
  'github-app-token': 'GITHUB_TOKEN',
  'github-refresh-token': 'GITHUB_TOKEN',
  'github-fine-grained-pat': 'GITHUB_TOKEN',
  // README: `glpat-`, `glrt-`, `gldt-`, `gloas-`… — every prefix GitLab documents for its tokens.
  'gitlab-pat': 'GITLAB_TOKEN',
  'gitlab-pat-routable': 'GITLAB_TOKEN',
  'gitlab-ptt': 'GITLAB_TOKEN',
  'gitlab-rrt': 'GITLAB_TOKEN',
  'gitlab-runner-authentication-token': 'GITLAB_TOKEN',
  'gitlab-runner-authentication-token-routable': 'GITLAB_TOKEN',
  'gitlab-deploy-token': 'GITLAB_TOKEN',
  'gitlab-oauth-app-secret': 'GITLAB_TOKEN',
  'gitlab-cicd-job-token': 'GITLAB_TOKEN',
  'gitlab-feed-token': 'GITLAB_TOKEN',
  'gitlab-incoming-mail-token': 'GITLAB_TOKEN',
  'gitlab-kubernetes-agent-token': 'GITLAB_TOKEN',
  'gitlab-scim-token': 'GITLAB_TOKEN',
  'gitlab-feature-flag-client-token': 'GITLAB_TOKEN',
  'slack-app-token': 'SLACK_TOKEN',
  'slack-bot-token': 'SLACK_TOKEN',
  'slack-config-access-token': 'SLACK_TOKEN',
  'slack-config-refresh-token': 'SLACK_TOKEN',
  'slack-legacy-bot-token': 'SLACK_TOKEN',
  'slack-legacy-token': 'SLACK_TOKEN',
  'slack-legacy-workspace-token': 'SLACK_TOKEN',
  'slack-user-token': 'SLACK_TOKEN',
  'slack-webhook-url': 'SLACK_TOKEN',
  'stripe-access-token': 'STRIPE_KEY',
  'gcp-api-key': 'GOOGLE_API_KEY',
  'openai-api-key': 'AI_API_KEY',
  'anthropic-api-key': 'AI_API_KEY',
  'anthropic-admin-api-key': 'AI_API_KEY',
  'npm-access-token': 'VENDOR_TOKEN',
  'sendgrid-api-token': 'VENDOR_TOKEN',
  'azure-ad-client-secret': 'VENDOR_TOKEN',
  'vault-service-token': 'VENDOR_TOKEN',
  'vault-batch-token': 'VENDOR_TOKEN',
  'huggingface-access-token': 'VENDOR_TOKEN',
  'databricks-api-token': 'VENDOR_TOKEN',
  'digitalocean-access-token': 'VENDOR_TOKEN',
  'digitalocean-pat': 'VENDOR_TOKEN',
  'digitalocean-refresh-token': 'VENDOR_TOKEN',
  'shopify-access-token': 'VENDOR_TOKEN',
  'shopify-custom-access-token': 'VENDOR_TOKEN',
  'shopify-private-app-access-token': 'VENDOR_TOKEN',
  'shopify-shared-secret': 'VENDOR_TOKEN',
  'pypi-upload-token': 'VENDOR_TOKEN',
  // gitleaks' `sentry…` + 64 hex has no prefix: only its key name identifies it (S16 rules below).
  'sentry-access-token': 'KEY_VALUE',
  'sentry-org-token': 'VENDOR_TOKEN',
  'sentry-user-token': 'VENDOR_TOKEN',
  'grafana-api-key': 'VENDOR_TOKEN',
  'grafana-cloud-api-token': 'VENDOR_TOKEN',
  'grafana-service-account-token': 'VENDOR_TOKEN',
  'linear-api-key': 'VENDOR_TOKEN',
  'doppler-api-token': 'VENDOR_TOKEN',
  'age-secret-key': 'VENDOR_TOKEN',
  '1password-secret-key': 'VENDOR_TOKEN',
  '1password-service-account-token': 'VENDOR_TOKEN',
  'twilio-api-key': 'VENDOR_TOKEN',
  jwt: 'JWT',
  // `curl -H "Authorization: <scheme> <credential>"`, and `-H "apikey: …"`/`Token: …` (credential/token keys: S16).
  'curl-auth-header': 'AUTH_HEADER',
  'sidekiq-sensitive-url': 'URL_CREDENTIALS',
  // `<name><op><value>` where name holds key/token/secret/password/credential: S16 with the K1 key classes.
  'generic-api-key': 'KEY_VALUE',
};

/** Nosey Parker rule id → claimed type (identifiers such as account ids, client ids and bucket names are left out). */
const NOSEYPARKER: Readonly<Record<string, ClaimedType>> = {
  'np.aws.1': 'AWS_ACCESS_KEY_ID',
  'np.aws.2': 'AWS_SECRET_KEY',
  'np.github.1': 'GITHUB_TOKEN',
  'np.github.2': 'GITHUB_TOKEN',
  'np.github.3': 'GITHUB_TOKEN',
  'np.github.4': 'GITHUB_TOKEN',
  'np.github.7': 'GITHUB_TOKEN',
  'np.gitlab.1': 'GITLAB_TOKEN',
  'np.gitlab.2': 'GITLAB_TOKEN',
  'np.gitlab.3': 'GITLAB_TOKEN',
  'np.slack.2': 'SLACK_TOKEN',
  'np.slack.3': 'SLACK_TOKEN',
  'np.slack.4': 'SLACK_TOKEN',
  'np.slack.5': 'SLACK_TOKEN',
  'np.slack.6': 'SLACK_TOKEN',
  'np.stripe.1': 'STRIPE_KEY',
  'np.stripe.2': 'STRIPE_KEY',
  'np.google.5': 'GOOGLE_API_KEY',
  'np.openai.1': 'AI_API_KEY',
  'np.anthropic.1': 'AI_API_KEY',
  'np.npm.1': 'VENDOR_TOKEN',
  'np.sendgrid.1': 'VENDOR_TOKEN',
  'np.hashicorp.1': 'VENDOR_TOKEN',
  'np.hashicorp.2': 'VENDOR_TOKEN',
  'np.hashicorp.3': 'VENDOR_TOKEN',
  'np.hashicorp.4': 'VENDOR_TOKEN',
  'np.hashicorp.5': 'VENDOR_TOKEN',
  'np.hashicorp.6': 'VENDOR_TOKEN',
  'np.huggingface.1': 'VENDOR_TOKEN',
  'np.databricks.1': 'VENDOR_TOKEN',
  'np.digitalocean.1': 'VENDOR_TOKEN',
  'np.digitalocean.2': 'VENDOR_TOKEN',
  'np.digitalocean.3': 'VENDOR_TOKEN',
  'np.shopify.2': 'VENDOR_TOKEN',
  'np.shopify.3': 'VENDOR_TOKEN',
  'np.shopify.4': 'VENDOR_TOKEN',
  'np.shopify.5': 'VENDOR_TOKEN',
  'np.pypi.1': 'VENDOR_TOKEN',
  'np.grafana.1': 'VENDOR_TOKEN',
  'np.grafana.2': 'VENDOR_TOKEN',
  'np.grafana.3': 'VENDOR_TOKEN',
  'np.doppler.1': 'VENDOR_TOKEN',
  'np.doppler.2': 'VENDOR_TOKEN',
  'np.doppler.3': 'VENDOR_TOKEN',
  'np.doppler.4': 'VENDOR_TOKEN',
  'np.doppler.5': 'VENDOR_TOKEN',
  'np.doppler.6': 'VENDOR_TOKEN',
  'np.age.2': 'VENDOR_TOKEN',
  'np.twilio.1': 'VENDOR_TOKEN',
  'np.azure.1': 'VENDOR_TOKEN',
  'np.jwt.1': 'JWT',
  'np.pem.1': 'PRIVATE_KEY',
  'np.http.1': 'AUTH_HEADER',
  'np.http.2': 'AUTH_HEADER',
  'np.postgres.1': 'URL_CREDENTIALS',
  'np.mongodb.1': 'URL_CREDENTIALS',
  'np.bitbucket.1': 'URL_CREDENTIALS',
  // passwords and secrets under names: claimed only in S16's forms with a K1 key (checked below)
  ...Object.fromEntries(
    [
      'np.generic.1',
      'np.generic.2',
      'np.generic.3',
      'np.generic.4',
      'np.generic.5',
      'np.generic.6',
      'np.generic.7',
      'np.generic.8',
      'np.generic.9',
      'np.generic.11',
      'np.generic.12',
      'np.generic.13',
      'np.generic.14',
      'np.generic.15',
      'np.generic.16',
      'np.reactapp.2',
      'np.django.1',
      'np.jwt.2',
      'np.jwt.3',
      'np.odbc.1',
      'np.phpmailer.1',
      'np.gradle.1',
      'np.netrc.1',
      'np.psexec.1',
      'np.vmware.1',
      'np.azure.3',
      'np.azure.4',
    ].map((id) => [id, 'KEY_VALUE' as const]),
  ),
};

/**
 * Kingfisher rule id → claimed type, by the vendor formats the README names (the rule's own shape can be wider: the
 * gates below still apply). Identifiers (client ids, account names, hosts, public keys), vendors the README does not
 * name (`ya29.` Google OAuth tokens, Azure DevOps PATs, base64-wrapped PEM, …) and generic password rules are left
 * out: those are claimed only in S16's forms with a K1 key, like every unlisted rule.
 */
const KINGFISHER: Readonly<Record<string, ClaimedType>> = {
  'kingfisher.aws.1': 'AWS_ACCESS_KEY_ID',
  'kingfisher.aws.2': 'AWS_SECRET_KEY',
  'kingfisher.github.1': 'GITHUB_TOKEN',
  'kingfisher.github.2': 'GITHUB_TOKEN',
  'kingfisher.github.3': 'GITHUB_TOKEN',
  'kingfisher.github.4': 'GITHUB_TOKEN',
  'kingfisher.github.7': 'GITHUB_TOKEN',
  'kingfisher.gitlab.1': 'GITLAB_TOKEN',
  'kingfisher.gitlab.2': 'GITLAB_TOKEN',
  'kingfisher.gitlab.3': 'GITLAB_TOKEN',
  'kingfisher.slack.1': 'SLACK_TOKEN',
  'kingfisher.slack.2': 'SLACK_TOKEN',
  'kingfisher.slack.4': 'SLACK_TOKEN',
  'kingfisher.stripe.1': 'STRIPE_KEY',
  'kingfisher.stripe.2': 'STRIPE_KEY',
  'kingfisher.openai.1': 'AI_API_KEY',
  'kingfisher.anthropic.1': 'AI_API_KEY',
  'kingfisher.npm.1': 'VENDOR_TOKEN',
  'kingfisher.sendgrid.1': 'VENDOR_TOKEN',
  'kingfisher.azure.1': 'VENDOR_TOKEN',
  'kingfisher.azurestorage.key.1': 'VENDOR_TOKEN',
  'kingfisher.huggingface.1': 'VENDOR_TOKEN',
  'kingfisher.databricks.1': 'VENDOR_TOKEN',
  'kingfisher.databricks.2': 'VENDOR_TOKEN',
  'kingfisher.digitalocean.1': 'VENDOR_TOKEN',
  'kingfisher.digitalocean.2': 'VENDOR_TOKEN',
  'kingfisher.digitalocean.3': 'VENDOR_TOKEN',
  'kingfisher.shopify.1': 'VENDOR_TOKEN',
  'kingfisher.pypi.1': 'VENDOR_TOKEN',
  'kingfisher.grafana.1': 'VENDOR_TOKEN',
  'kingfisher.grafana.2': 'VENDOR_TOKEN',
  'kingfisher.grafana.3': 'VENDOR_TOKEN',
  'kingfisher.linear.1': 'VENDOR_TOKEN',
  'kingfisher.doppler.1': 'VENDOR_TOKEN',
  'kingfisher.doppler.2': 'VENDOR_TOKEN',
  'kingfisher.doppler.3': 'VENDOR_TOKEN',
  'kingfisher.doppler.4': 'VENDOR_TOKEN',
  'kingfisher.doppler.5': 'VENDOR_TOKEN',
  'kingfisher.doppler.6': 'VENDOR_TOKEN',
  'kingfisher.dynatrace.1': 'VENDOR_TOKEN',
  'kingfisher.age.2': 'VENDOR_TOKEN',
  'kingfisher.twilio.1': 'VENDOR_TOKEN',
  // gitleaks' and Kingfisher's Sentry rule is 64 hex without a prefix: only its key name identifies it (S16).
  'kingfisher.sentry.1': 'KEY_VALUE',
  'kingfisher.jwt.1': 'JWT',
  'kingfisher.pem.1': 'PRIVATE_KEY',
  'kingfisher.privkey.1': 'PRIVATE_KEY',
  'kingfisher.privkey.2': 'PRIVATE_KEY',
  'kingfisher.postgres.1': 'URL_CREDENTIALS',
  'kingfisher.mongodb.3': 'URL_CREDENTIALS',
  'kingfisher.credentials.1': 'URL_CREDENTIALS',
  'kingfisher.uri.1': 'URL_CREDENTIALS',
  'kingfisher.ftp.1': 'URL_CREDENTIALS',
};

/** secretlint rule (or `rule:messageId`) → claimed type. */
const SECRETLINT: Readonly<Record<string, ClaimedType>> = {
  'aws:AWSAccessKeyID': 'AWS_ACCESS_KEY_ID',
  'aws:AWSSecretAccessKey': 'AWS_SECRET_KEY',
  github: 'GITHUB_TOKEN',
  gitlab: 'GITLAB_TOKEN',
  slack: 'SLACK_TOKEN',
  stripe: 'STRIPE_KEY',
  openai: 'AI_API_KEY',
  anthropic: 'AI_API_KEY',
  privatekey: 'PRIVATE_KEY',
  'gcp:PrivateKeyJSON': 'PRIVATE_KEY',
  npm: 'VENDOR_TOKEN',
  sendgrid: 'VENDOR_TOKEN',
  databricks: 'VENDOR_TOKEN',
  grafana: 'VENDOR_TOKEN',
  'hashicorp-vault': 'VENDOR_TOKEN',
  huggingface: 'VENDOR_TOKEN',
  linear: 'VENDOR_TOKEN',
  '1password': 'VENDOR_TOKEN',
  shopify: 'VENDOR_TOKEN',
  'azure:AzureClientSecret': 'VENDOR_TOKEN',
  basicauth: 'URL_CREDENTIALS',
  'database-connection-string': 'URL_CREDENTIALS',
};

export interface Claim {
  type: ClaimedType | null;
  /** Why a positive is outside seclog's claims (unclaimed vendor, or a shape the README excludes). */
  outside?: string;
}

const GITHUB_CLASSIC = /^gh[pousr]_[A-Za-z0-9]{36}$/;

/**
 * The claimed type of one reported secret of a positive case: the vendor or shape detector's type when the README
 * claims that shape; otherwise KEY_VALUE when the secret is written in one of S16's forms under a K1 key (S16 claims
 * such values whatever they look like, so an unclaimed vendor's token under `…_token = "…"` is still claimed);
 * otherwise outside the claims, with the reason.
 */
export function claimOf(source: string, c: ScannerCase, secret: string): Claim {
  // `#{…}`, `${…}`, `{{…}}`, `$VAR`, `%(name)s`, `<placeholder>`: a reference to a value, not the value
  if (/^(?:#\{|\$\{|\{\{|\$[A-Za-z_(]|%\(|<[A-Za-z_])/.test(secret))
    return { type: null, outside: 'template or variable reference, not a value' };
  const shape = shapeClaim(source, c, secret);
  if (shape.type !== null && shape.type !== 'KEY_VALUE') return shape;
  const kv = keyValueOutside(c.text, secret);
  if (kv === undefined) return { type: 'KEY_VALUE' };
  return shape.type === 'KEY_VALUE' ? { type: null, outside: kv } : shape;
}

/** The claim of the scanner rule's own shape (KEY_VALUE: still to be checked against S16's forms). */
function shapeClaim(source: string, c: ScannerCase, secret: string): Claim {
  let type: ClaimedType | undefined;
  if (source === 'gitleaks') type = GITLEAKS[c.rule];
  else if (source === 'noseyparker') type = NOSEYPARKER[c.rule];
  else if (source === 'kingfisher') type = KINGFISHER[c.rule];
  else if (source === 'secretlint') {
    for (const id of c.messageIds ?? []) type ??= SECRETLINT[`${c.rule}:${id}`];
    type ??= SECRETLINT[c.rule];
  }
  if (!type) return { type: null, outside: `vendor not claimed (${source} ${c.rule})` };
  // README: "A ghp_… look-alike with a wrong CRC32 checksum is not redacted" — real tokens always carry it.
  if (type === 'GITHUB_TOKEN' && GITHUB_CLASSIC.test(secret) && !isGithubChecksumValid(secret))
    return { type: null, outside: 'GitHub classic token shape with an invalid CRC32 checksum (excluded by design)' };
  // README S11: the header must decode to JSON with `alg` (gitleaks generates `ey…` strings that do not).
  if (type === 'JWT' && !isJwtShaped(secret))
    return { type: null, outside: 'JWT look-alike whose header is not JSON with alg' };
  // README: Vault `hvs.` (and the issue: `hvb.` batch) tokens; the legacy `s.`/`b.`/`r.` forms (< 1.10) are not named.
  if (/^(?:vault-service-token|np\.hashicorp\.[123])$/.test(c.rule) && /^[sbr]\./.test(secret))
    return { type: null, outside: 'legacy Vault s./b./r. token' };
  // README S2: AKIA/ASIA/ABIA/ACCA/A3T… are access keys; AIDA/AROA/AGPA/… are unique ids, not secrets.
  if (type === 'AWS_ACCESS_KEY_ID' && !/^(?:AKIA|ASIA|ABIA|ACCA|A3T)/.test(secret))
    return { type: null, outside: 'AWS unique id prefix, not an access key id' };
  // README S3: the entropy gate (≥ 4.25 bits per character) keeps placeholders such as forty `a`s out.
  if (type === 'AWS_SECRET_KEY' && shannonBits(secret) < 4.25)
    return { type: null, outside: 'AWS secret below the README entropy gate' };
  // README S3: within 64 characters after `aws_secret_access_key`/`SecretAccessKey`; elsewhere only S16's forms.
  if (type === 'AWS_SECRET_KEY' && !afterAwsSecretKeyName(c.text, secret)) return { type: 'KEY_VALUE' };
  // README S7: publishable `pk_` keys are not secrets.
  if (type === 'STRIPE_KEY' && secret.startsWith('pk_')) return { type: null, outside: 'publishable Stripe key' };
  // README S10: Twilio keys only within 40 characters of "twilio".
  if (
    /^(?:np\.twilio\.1|twilio-api-key|kingfisher\.twilio\.1)$/.test(c.rule) &&
    !nearWord(c.text, secret, 'twilio', 40)
  )
    return { type: null, outside: 'Twilio key without "twilio" within 40 characters' };
  // README S9: legacy OpenAI keys carry `T3BlbkFJ`; project/service/admin keys have their own prefixes.
  if (type === 'AI_API_KEY' && /^sk-(?!ant-|proj-|svcacct-|admin-)/.test(secret) && !secret.includes('T3BlbkFJ'))
    return { type: null, outside: 'sk- key without the OpenAI T3BlbkFJ marker' };
  // README S10: Azure storage `AccountKey=`; Service Bus / IoT `SharedAccessKey=` is not named.
  if (
    /^(?:np\.azure\.1|kingfisher\.azure\.1|kingfisher\.azurestorage\.key\.1)$/.test(c.rule) &&
    !c.text.includes(`AccountKey=${secret}`)
  )
    return { type: null, outside: 'Azure key other than a storage AccountKey' };
  return { type };
}

function afterAwsSecretKeyName(text: string, secret: string): boolean {
  const at = text.indexOf(secret);
  if (at < 0) return false;
  const before = text.slice(Math.max(0, at - 64 - 'aws_secret_access_key'.length), at);
  return /aws_secret_access_key|secretaccesskey/i.test(before);
}

function shannonBits(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits;
}

function nearWord(text: string, secret: string, word: string, distance: number): boolean {
  const at = text.indexOf(secret);
  if (at < 0) return false;
  const window = text.slice(Math.max(0, at - distance - word.length), at + secret.length + distance + word.length);
  return window.toLowerCase().includes(word);
}

function isJwtShaped(token: string): boolean {
  const head = token.split('.')[0] ?? '';
  try {
    const json = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as unknown;
    return typeof json === 'object' && json !== null && 'alg' in json;
  } catch {
    return false;
  }
}

/**
 * README S16 claims `name=value`, `name: value`, `"name":"value"` and `name => 'value'` where `name` is a
 * credential/token/session key (K1). K1, as the README lists it: exact names, then substring rules for `password`,
 * `passwd`, `passphrase`, `secret`, `privatekey`, `apikey` and the suffixes `pass` (not `bypass`, `compass`,
 * `two_pass`, `lowpass`…), `pwd`, `token`, `sessionid`, `cardnumber` (after normalizing: lower case, `-`, `_`, `.`,
 * spaces and `[]` removed), minus the never-classified names.
 * Returns why a key/value positive is outside that claim, or undefined when it is inside.
 */
export function keyValueOutside(text: string, secret: string): string | undefined {
  const at = text.indexOf(secret);
  if (at < 0) return 'secret not found in its text';
  // README S16: `curl -u user:X` (`--user`, `-U`, `--proxy-user`) on the command's line or its `\` continuations.
  if (CURL_USER_PASSWORD.test(text.slice(Math.max(0, at - 320), at))) return undefined;
  const name = keyValueName(text, secret);
  if (name === undefined) return 'assignment form not among S16 forms (=, :, "name":"value", =>)';
  if (!isK1SecretKey(name)) return `key name not a K1 credential/token/session key (${name.length} chars)`;
  return undefined;
}

/**
 * The name `secret` is assigned to in one of S16's forms (`name=value`, `name: value`, `"name":"value"`,
 * `name => value`) at its first occurrence in `text`, whatever the name; undefined when it is not written so.
 */
export function keyValueName(text: string, secret: string): string | undefined {
  const at = text.indexOf(secret);
  if (at < 0) return undefined;
  const m = /(["']?)([A-Za-z0-9_.\-[\] ]{1,64}?)\1[ \t]{0,16}(=>|=|:)[ \t]{0,4}["']?$/.exec(
    text.slice(Math.max(0, at - 96), at),
  );
  if (!m?.[2]) return undefined;
  return m[2].trim().split(/\s+/).pop() ?? '';
}

const CURL_USER_PASSWORD =
  /\bcurl(?:[ \t]|\\\r?\n)(?:[^\n|;&]|\\\r?\n){0,256}?[ \t](?:-u|--user|-U|--proxy-user)(?:[ \t]{1,3}|=)?["']?[^\s:"'$]{0,256}["']?:["']?$/;

const K1_EXACT = new Set([
  'password',
  'passwd',
  'pwd',
  'secret',
  'clientsecret',
  'apikey',
  'xapikey',
  'privatekey',
  'authorization',
  'credentials',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'csrftoken',
  'jwt',
  'otp',
  'totp',
  'otpcode',
  'verificationcode',
  'recoverycode',
  'recoverycodes',
  'backupcode',
  'backupcodes',
  'pass',
  'cookie',
  'setcookie',
  'session',
  'sessionid',
  'sid',
  'jsessionid',
  'phpsessid',
  'connectsid',
]);
const K1_NEVER =
  /^(maxtokens|maxnumbatchedtokens|bostoken|tokencount|timetofirsttoken|hftokenpath|tokenizerpath|useauthtoken|authtype|noauth|key|firstpass|objectkeys|secretname|secretlength|primarykey|publickey|keyid|keyword|author)$|(url|uri|endpoint|path)$|(changedat|type|expires|length|count|version)$/;

export function isK1SecretKey(rawName: string): boolean {
  const n = rawName
    .toLowerCase()
    .replace(/[-_. []]/g, '')
    .replace(/\]/g, '');
  if (n.length === 0) return false;
  if (K1_EXACT.has(n)) return true;
  if (K1_NEVER.test(n)) return false;
  if (
    /(?:pass|pwd)$/.test(n) &&
    !/(?:by|com|sur|tres|over|under|first|second|multi|one|two|single|render|sub|pre|high|low|band|all)pass$/.test(n)
  )
    return true;
  return /password|passwd|passphrase|secret|privatekey|apikey/.test(n) || /(token|sessionid|cardnumber)$/.test(n);
}

/**
 * The part of a reported match that is the secret. Some scanners report the assignment around it
 * (`AWS_SECRET_ACCESS_KEY = …`, `azureClientSecret := "…"`), the whole connection string, or a whole JSON key
 * file; seclog is expected to remove the credential, not the key name, host or user name.
 */
export function secretCore(source: string, c: ScannerCase, reported: string): string {
  // Nosey Parker's and Kingfisher's ODBC examples capture `\"value\"` with the escaped quotes around it
  const unquoted = /^(?:\\?["'])(.+?)(?:\\?["'])$/.exec(reported);
  if ((source === 'noseyparker' || source === 'kingfisher') && unquoted?.[1]) return unquoted[1];
  const urlPassword = /[a-z][a-z0-9+.-]*:\/\/([^:/?#@\s]+):(.+)@[^@]*$/i.exec(reported);
  if (urlPassword?.[2]) return urlPassword[2];
  // `curl -u user:password` as gitleaks reports it (quotes included): the password
  if (c.rule === 'curl-auth-user') {
    const m = /^["']?[^:"']*["']?:["']?(.+?)["']?$/.exec(reported);
    if (m?.[1]) return m[1];
  }
  // `user:password` as gitleaks reports sidekiq URLs
  if (c.rule === 'sidekiq-sensitive-url' && reported.includes(':')) return reported.slice(reported.indexOf(':') + 1);
  if (source === 'secretlint' && (c.rule === 'aws' || c.rule === 'azure')) {
    const m = /[=:]\s*["']?([^"'\s]+)["']?\s*$/.exec(reported);
    if (m?.[1]) return m[1];
  }
  if (source === 'secretlint' && c.rule === 'gcp') {
    const m = /-----BEGIN [A-Z ]*PRIVATE KEY-----(?:\\n|\n)([\s\S]*?)(?:\\n|\n)-----END/.exec(reported);
    if (m?.[1]) return m[1];
  }
  return reported;
}

/**
 * README P2: IIN + brand length + Luhn. Brand ranges (ISO/IEC 7812 issuers as the card networks publish them): Visa 4
 * (13, 16, 19), Mastercard 51–55 and 2221–2720 (16), Amex 34/37 (15), Discover 6011/644–649/65 (16–19), JCB 3528–3589
 * (16–19) and 1800/2131 (15), Diners 300–305/36/38/39 (14–19), UnionPay 62 (16–19), Maestro 50/56–69 (12–19).
 */
export function isClaimedPan(raw: string): boolean {
  const d = raw.replace(/[ -]/g, '');
  if (!/^\d{12,19}$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let n = d.charCodeAt(d.length - 1 - i) - 48;
    if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  }
  if (sum % 10 !== 0) return false;
  const p2 = Number(d.slice(0, 2));
  const p3 = Number(d.slice(0, 3));
  const p4 = Number(d.slice(0, 4));
  const len = d.length;
  const brands: [boolean, number[]][] = [
    [d.startsWith('4'), [13, 16, 19]],
    [(p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720), [16]],
    [p2 === 34 || p2 === 37, [15]],
    [p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65, [16, 17, 18, 19]],
    [p4 >= 3528 && p4 <= 3589, [16, 17, 18, 19]],
    [p4 === 1800 || p4 === 2131, [15]],
    [(p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39, [14, 15, 16, 17, 18, 19]],
    [p2 === 62, [16, 17, 18, 19]],
    [p2 === 50 || (p2 >= 56 && p2 <= 69), [12, 13, 14, 15, 16, 17, 18, 19]],
  ];
  return brands.some(([match, lengths]) => match && lengths.includes(len));
}

/** presidio-research entity → claimed PII type (PHONE is off by default in free text: README P6). */
export function piiClaim(entity: string, value = ''): Claim {
  if (entity === 'CREDIT_CARD' && !isClaimedPan(value))
    return { type: null, outside: 'card number outside the IIN/length/Luhn table (README P2)' };
  const map: Readonly<Record<string, ClaimedType>> = {
    CREDIT_CARD: 'CREDIT_CARD',
    EMAIL_ADDRESS: 'EMAIL',
    IBAN_CODE: 'IBAN',
    US_SSN: 'US_SSN',
    IP_ADDRESS: 'IP_ADDRESS',
  };
  const type = map[entity];
  if (type) return { type };
  if (entity === 'PHONE_NUMBER') return { type: null, outside: 'PHONE is off by default in free text (README P6)' };
  return { type: null, outside: `entity not claimed (${entity})` };
}
