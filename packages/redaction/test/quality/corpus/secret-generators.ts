/**
 * Spec-conformant secret generators (docs/design/redaction.md#value-detectors; formats per packages/redaction/README.md#detectors). Every value is random and the formats follow the
 * public token layouts; GitHub tokens carry a valid CRC32/base62 checksum and JWT headers decode to real JSON with
 * `alg`. The span of each fragment covers exactly the part that must not survive redaction.
 */
import { base64url, githubChecksum } from './checksums.ts';
import { type Fragment, join, labelled } from './fragment.ts';
import { BASE32, BASE62, BASE64, BASE64URL, DIGITS, HEX, LOWER, type Prng, UPPER } from './prng.ts';

export function githubToken(prng: Prng, prefix = prng.pick(['ghp', 'gho', 'ghu', 'ghs', 'ghr'])): string {
  const body = prng.chars(BASE62, 30);
  return `${prefix}_${body}${githubChecksum(body)}`;
}

export function githubFineGrainedPat(prng: Prng): string {
  return `github_pat_${prng.chars(BASE62, 22)}_${prng.chars(BASE62, 59)}`;
}

export function awsAccessKeyId(prng: Prng): string {
  return `${prng.pick(['AKIA', 'ASIA', 'ABIA', 'ACCA'])}${prng.chars(BASE32, 16)}`;
}

export function awsSecretKey(prng: Prng): string {
  return prng.chars(BASE64, 40);
}

export function jwt(prng: Prng): string {
  const header = JSON.stringify(
    prng.chance(0.5)
      ? { alg: prng.pick(['HS256', 'RS256', 'ES256']), typ: 'JWT' }
      : { typ: 'JWT', alg: 'RS256', kid: prng.chars(HEX, 8) },
  );
  const claims = JSON.stringify({
    sub: prng.digits(8),
    iat: 1700000000 + prng.int(0, 99999999),
    scope: prng.pick(['read', 'write', 'admin']),
  });
  return `${base64url(header)}.${base64url(claims)}.${prng.chars(BASE64URL, prng.pick([43, 86, 342]))}`;
}

export function pemPrivateKey(prng: Prng, escapedNewlines = false): string {
  const label = prng.pick([
    'RSA PRIVATE KEY',
    'PRIVATE KEY',
    'EC PRIVATE KEY',
    'OPENSSH PRIVATE KEY',
    'ENCRYPTED PRIVATE KEY',
  ]);
  // Escaped newlines as inside JSON strings; CRLF as written by Windows tools.
  const nl = escapedNewlines ? '\\n' : prng.chance(0.2) ? '\r\n' : '\n';
  const lines: string[] = [];
  const count = prng.int(3, 12);
  for (let i = 0; i < count; i++) lines.push(prng.chars(BASE64, i === count - 1 ? prng.int(8, 60) : 64));
  return `-----BEGIN ${label}-----${nl}${lines.join(nl)}${nl}-----END ${label}-----`;
}

/** Generators of one labelled secret fragment each, keyed by the type they produce. */
export const SECRET_FRAGMENTS: Readonly<Record<string, (prng: Prng) => Fragment>> = {
  PRIVATE_KEY: (p) => {
    const escaped = p.chance(0.4);
    return escaped
      ? labelled(
          '{"type":"service_account","private_key":"',
          pemPrivateKey(p, true),
          '"}',
          'PRIVATE_KEY',
          'positive',
          'secret',
        )
      : labelled('loaded key\n', pemPrivateKey(p), '\n', 'PRIVATE_KEY', 'positive', 'secret');
  },
  AWS_ACCESS_KEY_ID: (p) =>
    labelled(
      p.pick(['using access key ', 'AccessKeyId=', 'aws key ']),
      awsAccessKeyId(p),
      '',
      'AWS_ACCESS_KEY_ID',
      'positive',
      'secret',
    ),
  AWS_SECRET_KEY: (p) =>
    labelled(
      p.pick(['aws_secret_access_key=', 'AWS_SECRET_ACCESS_KEY: ', '"SecretAccessKey": "']),
      awsSecretKey(p),
      '',
      'AWS_SECRET_KEY',
      'positive',
      'secret',
    ),
  GITHUB_TOKEN: (p) =>
    labelled(
      p.pick(['pushing with ', 'GH token ', 'clone via token ']),
      p.chance(0.8) ? githubToken(p) : githubFineGrainedPat(p),
      '',
      'GITHUB_TOKEN',
      'positive',
      'secret',
    ),
  GITLAB_TOKEN: (p) =>
    labelled('gitlab token ', `glpat-${p.chars(`${BASE62}-_`, 20)}`, '', 'GITLAB_TOKEN', 'positive', 'secret'),
  SLACK_TOKEN: (p) =>
    labelled(
      'slack client init ',
      `${p.pick(['xoxb', 'xoxp', 'xoxa'])}-${p.digits(p.int(10, 13))}-${p.digits(p.int(10, 13))}-${p.chars(BASE62, 24)}`,
      '',
      'SLACK_TOKEN',
      'positive',
      'secret',
    ),
  SLACK_WEBHOOK: (p) =>
    // The scheme is not secret; host and path are (the path is the credential).
    labelled(
      'posting to https://',
      `hooks.slack.com/services/T${p.chars(UPPER + DIGITS, 8)}/B${p.chars(UPPER + DIGITS, 10)}/${p.chars(BASE62, 24)}`,
      '',
      'SLACK_WEBHOOK',
      'positive',
      'secret',
    ),
  STRIPE_KEY: (p) =>
    labelled(
      'stripe key ',
      `${p.pick(['sk', 'rk'])}_${p.pick(['live', 'test'])}_${p.chars(BASE62, p.pick([24, 99]))}`,
      '',
      'STRIPE_KEY',
      'positive',
      'secret',
    ),
  GOOGLE_API_KEY: (p) =>
    labelled('maps request key ', `AIza${p.chars(`${BASE62}-_`, 35)}`, '', 'GOOGLE_API_KEY', 'positive', 'secret'),
  OPENAI_KEY: (p) =>
    labelled(
      'llm client ',
      p.chance(0.5)
        ? `sk-proj-${p.chars(`${BASE62}-_`, 58)}T3BlbkFJ${p.chars(`${BASE62}-_`, 58)}`
        : `sk-${p.chars(BASE62, 20)}T3BlbkFJ${p.chars(BASE62, 20)}`,
      '',
      'OPENAI_KEY',
      'positive',
      'secret',
    ),
  ANTHROPIC_KEY: (p) =>
    labelled('anthropic ', `sk-ant-api03-${p.chars(`${BASE62}-_`, 93)}AA`, '', 'ANTHROPIC_KEY', 'positive', 'secret'),
  NPM_TOKEN: (p) =>
    labelled('//registry.npmjs.org/:_authToken=', `npm_${p.chars(BASE62, 36)}`, '', 'NPM_TOKEN', 'positive', 'secret'),
  SENDGRID_KEY: (p) =>
    labelled(
      'mailer ',
      `SG.${p.chars(`${BASE62}-_`, 22)}.${p.chars(`${BASE62}-_`, 43)}`,
      '',
      'SENDGRID_KEY',
      'positive',
      'secret',
    ),
  TWILIO_KEY: (p) => labelled('twilio api key ', `SK${p.chars(HEX, 32)}`, '', 'TWILIO_KEY', 'positive', 'secret'),
  AZURE_STORAGE_KEY: (p) =>
    labelled(
      `DefaultEndpointsProtocol=https;AccountName=${p.chars(LOWER, 8)};AccountKey=`,
      `${p.chars(BASE64, 86)}==`,
      ';EndpointSuffix=core.windows.net',
      'AZURE_STORAGE_KEY',
      'positive',
      'secret',
    ),
  VAULT_TOKEN: (p) =>
    labelled('vault login ', `hvs.${p.chars(`${BASE62}_-`, 90)}`, '', 'VAULT_TOKEN', 'positive', 'secret'),
  HUGGINGFACE_TOKEN: (p) =>
    labelled('hub token ', `hf_${p.chars(UPPER + LOWER, 34)}`, '', 'HUGGINGFACE_TOKEN', 'positive', 'secret'),
  JWT: (p) => labelled(p.pick(['id_token ', 'jwt=', 'session jwt ']), jwt(p), '', 'JWT', 'positive', 'secret'),
  AUTH_HEADER: (p) => {
    const scheme = p.pick(['Bearer', 'Basic', 'Token', 'bearer']);
    const cred =
      scheme === 'Basic'
        ? Buffer.from(`${p.pick(['admin', 'svc', 'deploy'])}:${p.chars(BASE62, 14)}`).toString('base64')
        : p.chars(`${BASE62}._-`, p.int(24, 64));
    const header = p.pick(['Authorization', 'authorization', 'AUTHORIZATION', 'Proxy-Authorization', 'aUtHoRiZaTiOn']);
    if (p.chance(0.25)) {
      // Headers logged as a JSON object, sometimes carrying a JWT.
      const value = p.chance(0.5) ? jwt(p) : cred;
      return labelled(`headers={"${header}":"${scheme} `, value, '"}', 'AUTH_HEADER', 'positive', 'secret');
    }
    return labelled(`${header}: ${scheme} `, cred, '', 'AUTH_HEADER', 'positive', 'secret');
  },
  COOKIE: (p) => {
    // Every cookie value is a potential session id: the names stay, all values go (design S13).
    const name = p.pick(['session', 'sid', 'connect.sid', 'JSESSIONID']);
    if (p.chance(0.25)) {
      return labelled(
        `Set-Cookie: ${name}=`,
        p.chars(`${BASE62}%.`, p.int(24, 48)),
        '; Path=/; HttpOnly; Secure',
        'COOKIE',
        'positive',
        'secret',
      );
    }
    return join(
      [
        labelled(`Cookie: ${name}=`, p.chars(`${BASE62}%.`, p.int(24, 48)), ';', 'COOKIE', 'positive', 'secret'),
        labelled('theme=', p.pick(['dark', 'light']), '', 'COOKIE', 'positive', 'secret'),
      ],
      ' ',
    );
  },
  URL_CREDENTIALS: (p) => {
    // The password is a secret; the user name is an identifier (pseudonymized, design S14).
    const scheme = p.pick(['postgres', 'mysql', 'mongodb+srv', 'redis', 'amqp', 'https']);
    return join(
      [
        labelled(
          `connecting to ${scheme}://`,
          p.pick(['app', 'svc_user', 'admin']),
          '',
          'URL_USERNAME',
          'positive',
          'pii',
        ),
        labelled(
          ':',
          p.chars(`${BASE62}!*`, p.int(10, 24)),
          `@${p.pick(['db', 'cache', 'mq'])}.internal.${p.pick(['example.net', 'corp.lan'])}:${p.int(1000, 9999)}/app`,
          'URL_CREDENTIALS',
          'positive',
          'secret',
        ),
      ],
      '',
    );
  },
  SENSITIVE_QUERY_PARAM: (p) => {
    const param = p.pick(['access_token', 'api_key', 'apikey', 'sig', 'signature', 'password', 'secret', 'code']);
    return labelled(
      `GET /v1/callback?state=${p.chars(DIGITS, 4)}&${param}=`,
      p.chars(`${BASE62}-_`, p.int(16, 40)),
      p.chance(0.5) ? ' HTTP/1.1' : '&page=2 HTTP/1.1',
      'SENSITIVE_QUERY_PARAM',
      'positive',
      'secret',
    );
  },
  KEY_VALUE_SECRET: (p) => {
    const key = p.pick([
      'password',
      'passwd',
      'client_secret',
      'api_key',
      'apiKey',
      'secret',
      'db_password',
      'PASSWORD',
    ]);
    const value = p.pick([
      `${p.pick(['hunter', 'Summer', 'tr0ub4dor'])}${p.digits(2)}!`,
      p.chars(`${BASE62}@#$%`, p.int(8, 20)),
    ]);
    const form = p.int(0, 7);
    if (form === 0) return labelled(`${key}=`, value, ' retry=1', 'KEY_VALUE_SECRET', 'positive', 'secret');
    if (form === 1) return labelled(`${key}: `, value, '', 'KEY_VALUE_SECRET', 'positive', 'secret');
    if (form === 2) return labelled(`{"user":"svc","${key}":"`, value, '"}', 'KEY_VALUE_SECRET', 'positive', 'secret');
    // JSON logged inside a JSON string (escaped quotes), shell exports, CLI flags, Python reprs.
    if (form === 3)
      return labelled(`payload="{\\"${key}\\":\\"`, value, '\\"}"', 'KEY_VALUE_SECRET', 'positive', 'secret');
    if (form === 4)
      return labelled(`export DB_${key.toUpperCase()}=`, value, '', 'KEY_VALUE_SECRET', 'positive', 'secret');
    if (form === 5)
      return labelled(`exec mysql -u app --${key}=`, value, ' -h db', 'KEY_VALUE_SECRET', 'positive', 'secret');
    if (form === 6) return labelled(`{'${key}': '`, value, "'}", 'KEY_VALUE_SECRET', 'positive', 'secret');
    return labelled(`${key} => '`, value, "'", 'KEY_VALUE_SECRET', 'positive', 'secret');
  },
  CVV: (p) => labelled(p.pick(['cvv=', 'cvc: ', 'CVV2=']), p.digits(p.pick([3, 4])), '', 'CVV', 'positive', 'secret'),
};

export const SECRET_TYPES: readonly string[] = Object.keys(SECRET_FRAGMENTS);

/** A keyword-free secret value for planting anywhere (property test): every one is caught on its own shape. */
export function standaloneSecret(prng: Prng): { type: string; value: string } {
  const kind = prng.int(0, 9);
  switch (kind) {
    case 0:
      return { type: 'GITHUB_TOKEN', value: githubToken(prng) };
    case 1:
      return { type: 'AWS_ACCESS_KEY_ID', value: awsAccessKeyId(prng) };
    case 2:
      return { type: 'JWT', value: jwt(prng) };
    case 3:
      return { type: 'PRIVATE_KEY', value: pemPrivateKey(prng) };
    case 4:
      return { type: 'STRIPE_KEY', value: `sk_live_${prng.chars(BASE62, 24)}` };
    case 5:
      return { type: 'SLACK_TOKEN', value: `xoxb-${prng.digits(12)}-${prng.digits(12)}-${prng.chars(BASE62, 24)}` };
    case 6:
      return { type: 'GOOGLE_API_KEY', value: `AIza${prng.chars(`${BASE62}-_`, 35)}` };
    case 7:
      return { type: 'NPM_TOKEN', value: `npm_${prng.chars(BASE62, 36)}` };
    case 8:
      return { type: 'GITLAB_TOKEN', value: `glpat-${prng.chars(BASE62, 20)}` };
    default:
      return { type: 'ANTHROPIC_KEY', value: `sk-ant-api03-${prng.chars(`${BASE62}-_`, 93)}AA` };
  }
}
