import { describe, expect, it } from 'vitest';
import { createRedactor } from '../src/index.js';
import {
  B64,
  B64URL,
  BASE62,
  b64url,
  chars,
  githubToken,
  githubTokenBadChecksum,
  HEX,
  HMAC_KEY,
  jwt,
  UPPER32,
} from './fixtures.js';

const r = createRedactor({ hmac: { kid: 'k1', key: HMAC_KEY } });
const text = (s: string) => r.redactText(s);

describe('S1 private keys', () => {
  it('redacts a PEM block from BEGIN through END', () => {
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${chars(B64, 64)}\n${chars(B64, 64, 2)}\n-----END RSA PRIVATE KEY-----`;
    expect(text(`key: ${pem} trailing`)).toBe('key: [REDACTED:PRIVATE_KEY] trailing');
  });

  it('redacts \\n-escaped PEM inside JSON, OPENSSH and ENCRYPTED keys', () => {
    const json = `{"pem":"-----BEGIN PRIVATE KEY-----\\n${chars(B64, 40)}\\n-----END PRIVATE KEY-----\\n","x":1}`;
    expect(text(json)).toBe('{"pem":"[REDACTED:PRIVATE_KEY]\\n","x":1}');
    expect(text(`-----BEGIN OPENSSH PRIVATE KEY-----\n${chars(B64, 30)}`)).toBe('[REDACTED:PRIVATE_KEY]');
    expect(text('-----BEGIN ENCRYPTED PRIVATE KEY-----\nabc\n-----END ENCRYPTED PRIVATE KEY-----')).toBe(
      '[REDACTED:PRIVATE_KEY]',
    );
  });

  it('redacts to the end of the string when the END line is missing (fail closed)', () => {
    expect(text(`before -----BEGIN EC PRIVATE KEY-----\n${chars(B64, 100)}`)).toBe('before [REDACTED:PRIVATE_KEY]');
  });

  it('redacts PuTTY key files through the Private-MAC line', () => {
    const ppk = `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-Lines: 1\n${chars(B64, 44)}\nPrivate-MAC: ${chars(HEX, 64)}`;
    expect(text(`${ppk}\nnext line`)).toBe('[REDACTED:PRIVATE_KEY]\nnext line');
  });

  it('keeps public keys and certificates', () => {
    const pub = `-----BEGIN PUBLIC KEY-----\n${chars(B64, 64)}\n-----END PUBLIC KEY-----`;
    expect(text(pub)).toBe(pub);
  });
});

describe('S2/S3 AWS keys', () => {
  it('redacts access key ids with each prefix', () => {
    for (const p of ['AKIA', 'ASIA', 'ABIA', 'ACCA']) {
      expect(text(`id=${p}${chars(UPPER32, 16)} ok`)).toBe('id=[REDACTED:AWS_ACCESS_KEY_ID] ok');
    }
  });

  it('does not redact AKIA inside a longer word or with a non-base32 body', () => {
    const inside = `XAKIA${chars(UPPER32, 16)}`;
    expect(text(inside)).toBe(inside);
    expect(text('AKIA0000000000000000')).toBe('AKIA0000000000000000');
  });

  it('redacts a high-entropy 40-character secret after aws_secret_access_key', () => {
    const secret = chars(B64, 40, 11);
    expect(text(`aws_secret_access_key = ${secret}`)).not.toContain(secret);
    expect(text(`"SecretAccessKey": "${secret}"`)).not.toContain(secret);
  });

  it('keeps a 40-character base64 string without the key word, and a low-entropy one with it', () => {
    const blob = chars(B64, 40, 12);
    expect(text(`payload ${blob}`)).toBe(`payload ${blob}`);
    const low = 'a'.repeat(20) + 'b'.repeat(20);
    expect(text(`aws secret key list: ${low}`)).toBe(`aws secret key list: ${low}`);
  });
});

describe('S4 GitHub tokens', () => {
  it.each(['ghp', 'gho', 'ghu', 'ghs', 'ghr'])('redacts a %s_ token with a valid CRC32 checksum', (prefix) => {
    expect(text(`token ${githubToken(prefix)} used`)).toBe('token [REDACTED:GITHUB_TOKEN] used');
  });

  it('keeps a ghp_ look-alike whose checksum is wrong', () => {
    const bad = githubTokenBadChecksum();
    expect(text(`fixture ${bad}`)).toBe(`fixture ${bad}`);
  });

  it('redacts fine-grained github_pat_ tokens', () => {
    const pat = `github_pat_${chars(BASE62, 22)}_${chars(BASE62, 59, 5)}`;
    expect(text(`use ${pat}`)).toBe('use [REDACTED:GITHUB_TOKEN]');
  });
});

describe('S5–S10 fixed-prefix tokens', () => {
  it.each([
    ['GITLAB_TOKEN', `glpat-${chars(B64URL, 20)}`],
    ['SLACK_TOKEN', `xoxb-${chars('0123456789', 12)}-${chars(BASE62, 24)}`],
    [
      'SLACK_WEBHOOK',
      `https://hooks.slack.com/services/T${chars(UPPER32, 8)}/B${chars(UPPER32, 8)}/${chars(BASE62, 24)}`,
    ],
    ['STRIPE_KEY', `sk_live_${chars(BASE62, 24)}`],
    ['STRIPE_KEY', `rk_test_${chars(BASE62, 24)}`],
    ['GOOGLE_API_KEY', `AIza${chars(B64URL, 35)}`],
    ['OPENAI_API_KEY', `sk-proj-${chars(B64URL, 40)}`],
    ['OPENAI_API_KEY', `sk-${chars(BASE62, 20)}T3BlbkFJ${chars(BASE62, 20)}`],
    ['ANTHROPIC_API_KEY', `sk-ant-api03-${chars(B64URL, 93)}AA`],
    ['ANTHROPIC_API_KEY', `sk-ant-api123-${chars(B64URL, 60)}`],
    ['NPM_TOKEN', `npm_${chars(BASE62, 36)}`],
    ['SENDGRID_API_KEY', `SG.${chars(B64URL, 22)}.${chars(B64URL, 43)}`],
    ['VAULT_TOKEN', `hvs.${chars(B64URL, 90)}`],
    ['HUGGINGFACE_TOKEN', `hf_${chars(BASE62, 34)}`],
    ['DATABRICKS_TOKEN', `dapi${chars(HEX, 32)}`],
    ['SHOPIFY_TOKEN', `shpat_${chars(HEX, 32)}`],
    ['AZURE_CLIENT_SECRET', `abc1Q~${chars(B64URL, 34)}`],
    ['AGE_SECRET_KEY', `AGE-SECRET-KEY-1${chars('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58)}`],
  ])('redacts %s', (label, token) => {
    const out = text(`value ${token} end`);
    expect(out).not.toContain(token);
    expect(out).toContain(`[REDACTED:${label}]`);
  });

  it('keeps publishable Stripe keys and sk- words in prose', () => {
    const pk = `pk_live_${chars(BASE62, 24)}`;
    expect(text(`checkout ${pk}`)).toBe(`checkout ${pk}`);
    expect(text('the risk-based task-runner')).toBe('the risk-based task-runner');
  });

  it('redacts Twilio SIDs only near the word "twilio"', () => {
    const sid = `SK${chars(HEX, 32)}`;
    expect(text(`twilio key ${sid}`)).toBe('twilio key [REDACTED:TWILIO_KEY]');
    expect(text(`object ${sid}`)).toBe(`object ${sid}`);
  });

  it('redacts the AccountKey of an Azure storage connection string', () => {
    const cs = `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${chars(B64, 86)}==;EndpointSuffix=core`;
    const out = text(cs);
    expect(out).toContain('AccountName=acct;[REDACTED:AZURE_STORAGE_KEY];EndpointSuffix=core');
  });

  it.each([40, 73, 90, 120])('redacts the whole AccountKey of %i characters (emulator and sample keys too)', (n) => {
    const key = `${chars(B64, n)}==`;
    const out = text(`AccountName=acct;\nAccountKey=${key};\nBlobEndpoint=http://blob`);
    expect(out).toBe('AccountName=acct;\n[REDACTED:AZURE_STORAGE_KEY];\nBlobEndpoint=http://blob');
  });
});

describe('S11 JWT', () => {
  it('redacts a JWT whose header decodes to JSON with alg', () => {
    expect(text(`auth ${jwt()} ok`)).toBe('auth [REDACTED:JWT] ok');
  });

  it('can keep alg and kid of the header in the label', () => {
    const keep = createRedactor({ jwt: { keepHeaderFields: ['alg', 'kid'] } });
    expect(keep.redactText(jwt({ alg: 'none', kid: 'key-7', typ: 'JWT' }))).toBe('[REDACTED:JWT alg=none kid=key-7]');
    expect(keep.redactText(jwt({ alg: 'RS256', kid: 'has space' }))).toBe('[REDACTED:JWT alg=RS256]');
  });

  it('keeps eyJ.eyJ blobs whose header has no alg (cursors, base64 JSON)', () => {
    const cursor = `${b64url({ kind: 'cursor', page: 2 })}.${b64url({ after: '9456' })}`;
    expect(text(`next ${cursor}`)).toBe(`next ${cursor}`);
  });
});

describe('S12 Authorization headers', () => {
  it('keeps the scheme and redacts the credential, whatever the header case', () => {
    for (const h of ['Authorization', 'AUTHORIZATION', 'aUtHoRiZaTiOn', 'Proxy-Authorization']) {
      expect(text(`${h}: Bearer abc.def-123456`)).toBe(`${h}: Bearer [REDACTED:AUTH_HEADER]`);
    }
    expect(text('authorization=Basic dXNlcjpwYXNzd29yZA==')).toBe('authorization=Basic [REDACTED:AUTH_HEADER]');
    expect(text('{"Authorization":"Token t0k3n-value"}')).toBe('{"Authorization":"Token [REDACTED:AUTH_HEADER]"}');
  });

  it('redacts a bare bearer token and keeps the word in prose', () => {
    expect(text('sent bearer abcdefgh12345678')).toBe('sent bearer [REDACTED:AUTH_HEADER]');
    expect(text('token_type=Bearer expires_in=3600')).toBe('token_type=Bearer expires_in=3600');
    expect(text('the bearer authentication scheme is required')).toBe('the bearer authentication scheme is required');
    expect(text('authorization failed for the bearer of this badge')).toBe(
      'authorization failed for the bearer of this badge',
    );
  });
});

describe('S13 cookies', () => {
  it('keeps cookie names and pseudonymizes values', () => {
    const out = text('Cookie: session=abc123; theme=dark');
    expect(out).toMatch(/^Cookie: session=<session:k1:[\w-]{16}>; theme=<session:k1:[\w-]{16}>$/);
  });

  it('pseudonymizes only the value of Set-Cookie, not its attributes', () => {
    expect(text('Set-Cookie: sid=xyz789; Path=/; HttpOnly')).toMatch(
      /^Set-Cookie: sid=<session:k1:[\w-]{16}>; Path=\/; HttpOnly$/,
    );
  });
});

describe('S14 URL credentials', () => {
  it('redacts the password and pseudonymizes the user', () => {
    const out = text('connecting to postgres://app_user:s3cr3t-pw@db.internal:5432/orders');
    expect(out).toMatch(
      /^connecting to postgres:\/\/<username:k1:[\w-]{16}>:\[REDACTED:URL_PASSWORD\]@db\.internal:5432\/orders$/,
    );
  });

  it('takes an unencoded @ in the password up to the last @ of the authority, as URL parsers do', () => {
    expect(text('DSN="mysql://app:p@ss@word@db.internal:3306/x?notify=ops@example.org"')).toMatch(
      /^DSN="mysql:\/\/<username:k1:[\w-]{16}>:\[REDACTED:URL_PASSWORD\]@db\.internal:3306\/x\?notify=<email:k1:[\w-]{16}>"$/,
    );
  });

  it('takes an @ in the user part, unencoded or as %40, when a password ending at @ follows', () => {
    for (const user of ['ops@example.com', 'ops%40example.com']) {
      expect(text(`smtp://${user}:s3cr3t-pw@smtp.example.com:587`)).toMatch(
        /^smtp:\/\/<username:k1:[\w-]{16}>:\[REDACTED:URL_PASSWORD\]@smtp\.example\.com:587$/,
      );
    }
    const noPassword = 'https://bob@host.example.com:8443/users/@me';
    expect(text(noPassword)).toBe(noPassword);
  });

  it('handles an empty user (redis://:password@host) and keeps plain URLs', () => {
    expect(text('redis://:hunter2@cache:6379')).toBe('redis://:[REDACTED:URL_PASSWORD]@cache:6379');
    const url = 'https://api.example.com:8443/v1/items?page=2';
    expect(text(url)).toBe(url);
  });
});

describe('S15 sensitive query parameters', () => {
  it('redacts the values of sensitive parameters only', () => {
    expect(text('GET /cb?code=abc123&state=xyz&access_token=tok&page=2')).toBe(
      'GET /cb?code=[REDACTED:SENSITIVE_QUERY_PARAM]&state=xyz&access_token=[REDACTED:SENSITIVE_QUERY_PARAM]&page=2',
    );
    expect(text('https://s3/x?X-Amz-Signature=abcdef0123&X-Amz-Date=20260101')).toBe(
      'https://s3/x?X-Amz-Signature=[REDACTED:SENSITIVE_QUERY_PARAM]&X-Amz-Date=20260101',
    );
  });

  it('redacts parameters of a URL fragment (OAuth implicit flow)', () => {
    expect(text('GET /cb#access_token=abc123xyz&token_type=bearer')).toBe(
      'GET /cb#access_token=[REDACTED:SENSITIVE_QUERY_PARAM]&token_type=bearer',
    );
  });

  it('redacts percent-encoded parameters inside an encoded URL', () => {
    expect(text('redirect=https%3A%2F%2Fa%2Fb%3Ftoken%3Dsecretvalue%26x%3D1')).toBe(
      'redirect=https%3A%2F%2Fa%2Fb%3Ftoken%3D[REDACTED:SENSITIVE_QUERY_PARAM]%26x%3D1',
    );
  });
});

describe('S16 key=value in free text', () => {
  it.each([
    ['password=hunter2 next', 'password=[REDACTED:CREDENTIAL] next'],
    ['PASSWORD: hunter2', 'PASSWORD: [REDACTED:CREDENTIAL]'],
    ['{"db_password":"hunter2","user":"bob"}', '{"db_password":"[REDACTED:CREDENTIAL]","user":"bob"}'],
    ["client_secret => 'abc def'", "client_secret => '[REDACTED:CREDENTIAL]'"],
    ['api_key:=k-123', 'api_key:=[REDACTED:CREDENTIAL]'],
    ['{\\"password\\":\\"hunter2\\"}', '{\\"password\\":\\"[REDACTED:CREDENTIAL]\\"}'],
    ['refresh_token=abc', 'refresh_token=[REDACTED:TOKEN]'],
    ['pwd=x', 'pwd=[REDACTED:CREDENTIAL]'],
  ])('redacts %s', (input, expected) => {
    expect(text(input)).toBe(expected);
  });

  it.each([
    [String.raw`{"password":"ab\"cd-Pw1","user":"bob"}`, '{"password":"[REDACTED:CREDENTIAL]","user":"bob"}'],
    [String.raw`{'password': 'ab\'cd-Pw1', 'user': 'bob'}`, "{'password': '[REDACTED:CREDENTIAL]', 'user': 'bob'}"],
    ["password: 'ab''cd-Pw1'", "password: '[REDACTED:CREDENTIAL]'"],
    [String.raw`{\"password\":\"ab\\\"cd-Pw1\"}`, String.raw`{\"password\":\"[REDACTED:CREDENTIAL]\"}`],
    ["password=b'S3cretPw1' user=bob", "password=b'[REDACTED:CREDENTIAL]' user=bob"],
  ])('reads a quoted value to its closing quote, past escaped quotes: %s', (input, expected) => {
    expect(text(input)).toBe(expected);
  });

  it.each([
    ['<add key="DbPassword" value="S3cretPw1" />', '<add key="DbPassword" value="[REDACTED:CREDENTIAL]" />'],
    [
      '<property name="spring.datasource.password" value=\'S3cretPw1\'/>',
      '<property name="spring.datasource.password" value=\'[REDACTED:CREDENTIAL]\'/>',
    ],
    ['<entry key="db.password">S3cretPw1</entry>', '<entry key="db.password">[REDACTED:CREDENTIAL]</entry>'],
    [
      '{"env":[{"name":"DB_PASSWORD","value":"S3cretPw1"},{"name":"LOG","value":"x"}]}',
      '{"env":[{"name":"DB_PASSWORD","value":"[REDACTED:CREDENTIAL]"},{"name":"LOG","value":"x"}]}',
    ],
    ['env:\n- name: API_TOKEN\n  value: tok-123456\n', 'env:\n- name: API_TOKEN\n  value: [REDACTED:TOKEN]\n'],
    ['name=DB_PASSWORD value=S3cretPw1 ok', 'name=DB_PASSWORD value=[REDACTED:CREDENTIAL] ok'],
  ])('redacts the value of an entry whose name field holds a credential key: %s', (input, expected) => {
    expect(text(input)).toBe(expected);
  });

  it.each([
    '{"name":"password","type":"text","required":true}',
    '<input name="password" type="password" value="">',
    '<add key="LogLevel" value="debug" />',
  ])('keeps entries whose value field does not follow a credential name: %s', (input) => {
    expect(text(input)).toBe(input);
  });

  it('reads names padded into columns (up to 16 spaces before the operator)', () => {
    expect(text("  :password        => 'letmein99',")).toBe("  :password        => '[REDACTED:CREDENTIAL]',");
    expect(text('db_password             = "letmein99"')).toBe('db_password             = "[REDACTED:CREDENTIAL]"');
  });

  it('redacts a value longer than 512 characters to its end', () => {
    const long = `${chars(B64URL, 700)}.${chars(B64URL, 300)}`;
    expect(text(`upload_token = ${long} done`)).toBe('upload_token = [REDACTED:TOKEN] done');
    expect(text(`{"privateKey": "${chars(B64, 1500)}"}`)).toBe('{"privateKey": "[REDACTED:CREDENTIAL]"}');
  });

  it('redacts the password of an ADO.NET connection string', () => {
    const out = text('Server=db;User Id=sa;Password=P@ss;');
    expect(out).toMatch(/^Server=db;User Id=sa;Password=\[REDACTED:\w+\];$/);
  });

  it('redacts a braced ODBC value whole, `;` and escaped `}}` included', () => {
    expect(text('Driver={ODBC Driver 18};Server=db;Uid=sa;Pwd={p;w}}x-1};Encrypt=yes')).toBe(
      'Driver={ODBC Driver 18};Server=db;Uid=sa;Pwd={[REDACTED:SENSITIVE_QUERY_PARAM]};Encrypt=yes',
    );
  });

  it('pseudonymizes session ids like the session key class', () => {
    expect(text('sessionid=abc123')).toMatch(/^sessionid=<session:k1:[\w-]{16}>$/);
  });

  it.each([
    'max_tokens=4096',
    'token_count: 12',
    'primary_key=id',
    'the password was rotated',
    'password_length=12',
    'secret_name=db',
  ])('keeps %s', (input) => {
    expect(text(input)).toBe(input);
  });

  it.each([
    // Short key names the README's K1 rules classify, with an assignment after them.
    ['session=abc123def', /^session=<session:k1:[\w-]{16}>$/],
    ['{"sid":"abc123def"}', /^\{"sid":"<session:k1:[\w-]{16}>"\}$/],
    ['[session: 8d2f1234a56b]', /^\[session: <session:k1:[\w-]{16}>\]$/],
    ['REDIS_PASS=S3cretPw1', /^REDIS_PASS=\[REDACTED:CREDENTIAL\]$/],
    ['adminpass=S3cretPw1', /^adminpass=\[REDACTED:CREDENTIAL\]$/],
    ['old_pwd=S3cretPw1', /^old_pwd=\[REDACTED:CREDENTIAL\]$/],
    ['otp_code=993311', /^otp_code=\[REDACTED:TOKEN\]$/],
    ['verification_code=993311', /^verification_code=\[REDACTED:TOKEN\]$/],
    ['recovery_code=ab12-cd34-ef56', /^recovery_code=\[REDACTED:TOKEN\]$/],
    ['pin_code=1234', /^pin_code=\[REDACTED:PAYMENT_SAD\]$/],
    ['openssl rsa -passin pass:S3cretPw1', /^openssl rsa -passin pass:\[REDACTED:CREDENTIAL\]$/],
  ])('reads the short key names of K1: %s', (input, expected) => {
    expect(text(input)).toMatch(expected);
  });

  it('reads a key name longer than 64 characters (its last 256 characters decide)', () => {
    for (const key of [`${'a'.repeat(100)}xpassword`, `${'b'.repeat(1000)}_password`, `password${'c'.repeat(100)}`]) {
      expect(text(`${key}=S3cretPw1 tail`)).toBe(`${key}=[REDACTED:CREDENTIAL] tail`);
    }
  });

  it.each([
    ['node app.js --db-password S3cretPw1 --port 80', 'node app.js --db-password [REDACTED:CREDENTIAL] --port 80'],
    ['--api-key abc123def', '--api-key [REDACTED:CREDENTIAL]'],
    ['run --token "two words" now', 'run --token "[REDACTED:TOKEN]" now'],
    ['app -db-password S3cretPw1', 'app -db-password [REDACTED:CREDENTIAL]'],
    [
      'keytool -storepass changeit1 -keypass changeit2',
      'keytool -storepass [REDACTED:CREDENTIAL] -keypass [REDACTED:CREDENTIAL]',
    ],
  ])('redacts the argument of a credential flag: %s', (input, expected) => {
    expect(text(input)).toBe(expected);
  });

  it.each([
    'use --password PASSWORD to set it',
    '--api-key API_KEY',
    '--password-file /run/secrets/db',
    '--no-password db',
    'docker login --password-stdin registry.example',
    '--password --verbose',
    '--password $DB_PASSWORD',
    'app -p 8080',
    'Username or password is incorrect',
    'session: started',
    'pass: 3 of 5',
    'bypass=true',
    'OLDPWD=/home/x',
  ])('keeps flags without an argument, help text and words: %s', (input) => {
    expect(text(input)).toBe(input);
  });

  it.each([
    ['mysql -uroot -pS3cretPw1 shop', 'mysql -uroot -p[REDACTED:CREDENTIAL] shop'],
    ["mysqldump -u root -p'S3c r' db", "mysqldump -u root -p'[REDACTED:CREDENTIAL]' db"],
    ['/usr/bin/mariadb -pS3cretPw1', '/usr/bin/mariadb -p[REDACTED:CREDENTIAL]'],
    ['sshpass -p S3cretPw1 ssh host', 'sshpass -p [REDACTED:CREDENTIAL] ssh host'],
    ['redis-cli -h cache -a S3cretPw1 ping', 'redis-cli -h cache -a [REDACTED:CREDENTIAL] ping'],
    ['curl -u admin:S3cretPw1 https://x', 'curl -u admin:[REDACTED:CREDENTIAL] https://x'],
    ['curl --user=admin:S3cretPw1 https://x', 'curl --user=admin:[REDACTED:CREDENTIAL] https://x'],
    ['curl -uadmin:S3cretPw1 https://x', 'curl -uadmin:[REDACTED:CREDENTIAL] https://x'],
    ["curl --user kevin:'S3c r3t' -X PATCH", "curl --user kevin:'[REDACTED:CREDENTIAL]' -X PATCH"],
    ['curl -X POST --user "{id}":"{S3cret}" x', 'curl -X POST --user "{id}":"[REDACTED:CREDENTIAL]" x'],
    [
      'curl -k \\\n  -H "Accept: */*" \\\n  -u dev:S3cretPw1',
      'curl -k \\\n  -H "Accept: */*" \\\n  -u dev:[REDACTED:CREDENTIAL]',
    ],
  ])('redacts the password option of a command: %s', (input, expected) => {
    expect(text(input)).toBe(expected);
  });

  it.each([
    // `mysql -p X` prompts for the password and reads X as the database (MySQL documentation).
    'mysql -u root -p shop',
    'curl -u admin https://x',
    'curl -u "$USER:$PASSWORD" https://x',
    'curl https://x; other -u a:b',
    'curl https://x\nother -u a:b',
    'curl/7.68.0',
    'mysql_native_password',
  ])('keeps command lines without a password: %s', (input) => {
    expect(text(input)).toBe(input);
  });

  it.each([
    [
      "CREATE USER 'bob'@'%' IDENTIFIED BY 'S3cretPw1';",
      "CREATE USER 'bob'@'%' IDENTIFIED BY '[REDACTED:CREDENTIAL]';",
    ],
    [
      "ALTER USER bob IDENTIFIED WITH mysql_native_password BY 'S3cretPw1'",
      "ALTER USER bob IDENTIFIED WITH mysql_native_password BY '[REDACTED:CREDENTIAL]'",
    ],
    [
      "GRANT ALL ON *.* TO x IDENTIFIED BY PASSWORD '*A1B2C3'",
      "GRANT ALL ON *.* TO x IDENTIFIED BY PASSWORD '[REDACTED:CREDENTIAL]'",
    ],
    ["ALTER ROLE bob WITH PASSWORD 'S3cretPw1'", "ALTER ROLE bob WITH PASSWORD '[REDACTED:CREDENTIAL]'"],
    ['<password>S3cretPw1</password>', '<password>[REDACTED:CREDENTIAL]</password>'],
    ['<Password>S3cretPw1</Password><user>x</user>', '<Password>[REDACTED:CREDENTIAL]</Password><user>x</user>'],
    ['<apiKey>k-123456</apiKey>', '<apiKey>[REDACTED:CREDENTIAL]</apiKey>'],
    ['<password><![CDATA[S3c<r>et]]></password>', '<password><![CDATA[[REDACTED:CREDENTIAL]]]></password>'],
  ])('redacts SQL and XML credentials: %s', (input, expected) => {
    expect(text(input)).toBe(expected);
  });

  it.each([
    [
      'db:\n  password: |\n    S3cret line 1\n\n    line 2\n  user: bob',
      'db:\n  password: |\n    [REDACTED:CREDENTIAL]\n  user: bob',
    ],
    ['- password: >-\n    S3cretPw1\n  user: bob\n- x', '- password: >-\n    [REDACTED:CREDENTIAL]\n  user: bob\n- x'],
    ['"token": |2+  # rotated\r\n   abc.def\r\nnext: 1', '"token": |2+  # rotated\r\n   [REDACTED:TOKEN]\r\nnext: 1'],
    [
      '{"cfg":"db:\\n  password: |\\n    S3cretPw1\\n  user: bob"}',
      '{"cfg":"db:\\n  password: |\\n    [REDACTED:CREDENTIAL]\\n  user: bob"}',
    ],
    ['{"cfg":"password: |\\n  S3cretPw1"}', '{"cfg":"password: |\\n  [REDACTED:CREDENTIAL]"}'],
  ])('redacts the lines of a YAML block scalar under a credential key: %s', (input, expected) => {
    expect(text(input)).toBe(expected);
  });

  it.each(['password: |', 'password: | # from vault', 'password: |\nuser: bob', 'secret: >\n\nnext: 1'])(
    'keeps a YAML block scalar header without content: %s',
    (input) => {
      expect(text(input)).toBe(input);
    },
  );

  it.each([
    'the issue identified by the scanner',
    '<password></password>',
    '<password>S3cret</passwordX>',
    'anon password "guest@"',
    "Unexpected token '<' in JSON",
    'secret "db-creds" not found',
  ])('keeps SQL-, XML- and prose-like text without a credential: %s', (input) => {
    expect(text(input)).toBe(input);
  });
});
