import { describe, expect, it } from 'vitest';
import { createRedactor } from '../src/index.js';
import { B64URL, BASE62, b64url, chars, githubToken, HEX, HMAC_KEY } from './fixtures.js';

const r = createRedactor({ hmac: { kid: 'k1', key: HMAC_KEY } });
const text = (s: string) => r.redactText(s);
const UPPER_HEX = '0123456789ABCDEF';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER36 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A stateless GitHub installation token: `ghs_<installation id>_` + a JWT (two dots, ≈ 520 characters). */
function statelessGithubToken(): string {
  const header = b64url({ alg: 'RS256', typ: 'JWT' });
  const payload = b64url({ iss: 'github', sub: 'installation/12345678', exp: 1767225600, pad: chars(BASE62, 200) });
  return `ghs_12345678_${header}.${payload}.${chars(B64URL, 342)}`;
}

describe('vendor token shapes with the length ranges and alphabets vendors use', () => {
  it.each([
    ['SHOPIFY_TOKEN', `shpat_${chars(BASE62, 32)}`],
    ['SHOPIFY_TOKEN', `shpca_${chars(HEX, 32)}`],
    ['SHOPIFY_TOKEN', `shpua_${chars(BASE62, 32, 2)}`],
    ['SENDGRID_API_KEY', `SG.${chars(B64URL, 22)}.${chars(B64URL, 43, 2)}`],
    ['SENDGRID_API_KEY', `SG.${chars(B64URL, 66, 3)}`],
    ['DATABRICKS_TOKEN', `dapi${chars(UPPER_HEX, 32)}`],
    ['DATABRICKS_TOKEN', `dapi${chars(HEX, 32)}-2`],
    ['VAULT_TOKEN', `hvs.${chars(B64URL, 24)}`],
    ['VAULT_TOKEN', `hvb.${chars(B64URL, 280)}`],
    ['VAULT_TOKEN', `hvb.${chars(B64URL, 520, 4)}`],
    ['LINEAR_API_KEY', `lin_api_${chars(BASE62, 40)}`],
    ['LINEAR_API_KEY', `lin_api_${chars(BASE62, 48, 2)}`],
    ['LINEAR_API_KEY', `lin_oauth_${chars(HEX, 64)}`],
    ['HUGGINGFACE_TOKEN', `hf_${chars(BASE62, 34)}`],
    ['HUGGINGFACE_TOKEN', `api_org_${chars(LOWER, 34)}`],
    ['DOPPLER_TOKEN', `dp.pt.${chars(BASE62, 43)}`],
    ['DOPPLER_TOKEN', `dp.st.dev.${chars(BASE62, 40)}`],
    ['DYNATRACE_TOKEN', `dt0c01.${chars(UPPER36, 24)}.${chars(UPPER36, 64, 2)}`],
    ['GRAFANA_TOKEN', `eyJrIjoi${chars(BASE62, 80)}`],
    [
      'ONEPASSWORD_SECRET_KEY',
      `A3-${chars(UPPER36, 6)}-${chars(UPPER36, 11, 2)}-${chars(UPPER36, 5, 3)}-${chars(UPPER36, 5, 4)}-${chars(UPPER36, 5, 5)}`,
    ],
    ['GITLAB_TOKEN', `glpat-${chars(B64URL, 27)}.01.${chars(LOWER, 9)}`],
    ['GITLAB_TOKEN', `GR1348941${chars(B64URL, 20)}`],
    ['STRIPE_KEY', `sk_live_${chars(BASE62, 107)}`],
    ['GITHUB_TOKEN', `github_pat_${chars(BASE62, 22)}_${chars(BASE62, 59, 5)}`],
    ['GITHUB_TOKEN', `ghs_${chars(BASE62, 8)}_${chars(BASE62, 120, 6)}`],
    ['GITHUB_TOKEN', statelessGithubToken()],
  ])('%s %s', (label, token) => {
    expect(text(`using ${token} now`)).toBe(`using [REDACTED:${label}] now`);
    expect(text(`{"k":"${token}"}`)).toBe(`{"k":"[REDACTED:${label}]"}`);
  });

  it('keeps a classic ghp_ look-alike with a wrong CRC32 and short or word-like gh?_ identifiers', () => {
    const classic = githubToken('ghp', 11);
    const broken = `${classic.slice(0, -1)}${classic.endsWith('A') ? 'B' : 'A'}`;
    expect(text(`x ${broken} y`)).toBe(`x ${broken} y`);
    expect(text('ghs_build_status_reporter_for_all_repositories_v2')).toBe(
      'ghs_build_status_reporter_for_all_repositories_v2',
    );
  });

  it('keeps SG. identifiers and Slack-like words', () => {
    for (const line of [
      'SG.Helpers.FormatMessage(value)',
      'SG.configuration_loader_for_the_default_profile_settings_x',
      'report-xoxo-final.pdf',
      'xoxb-not-a-token-at-all',
      'xoxa-abcdefghijklmnop',
    ]) {
      expect(text(line)).toBe(line);
    }
  });

  it('still finds Slack tokens of every documented kind', () => {
    for (const token of [
      `xoxb-${chars('0123456789', 12)}-${chars('0123456789', 13, 2)}-${chars(BASE62, 24)}`,
      `xoxp-${chars('0123456789', 12)}-${chars('0123456789', 12, 2)}-${chars('0123456789', 12, 3)}-${chars(HEX, 32)}`,
      `xoxe-1-${chars(UPPER36, 146)}`,
      `xoxa-2-${chars(BASE62, 40)}`,
      `xoxr-${chars(BASE62, 30)}`,
    ]) {
      expect(text(`t ${token} .`)).toBe('t [REDACTED:SLACK_TOKEN] .');
    }
  });

  it('stays linear on soups of prefixes that share a trigger (xox…, gh?_…)', () => {
    const whole = createRedactor({ limits: { maxScanBytes: 1 << 20, maxTotalStringBytes: 1 << 21 } });
    for (const unit of ['xoxb-xoxa-', 'xoxe.xoxr-', 'ghs_ghp_x.', 'SG.hvb.shpat_']) {
      const soup = unit.repeat(Math.ceil((256 * 1024) / unit.length));
      const t0 = performance.now();
      whole.redactText(soup);
      // Quadratic behaviour takes minutes here; linear takes milliseconds (generous bound for a shared machine).
      expect(performance.now() - t0, unit).toBeLessThan(3000);
    }
  });

  it('finds a JWT glued to an identifier by an underscore', () => {
    const jwt = `${b64url({ alg: 'HS256' })}.${b64url({ sub: 'x', iat: 1 })}.${chars(B64URL, 43)}`;
    expect(text(`id_${jwt}`)).toBe('id_[REDACTED:JWT]');
  });
});
