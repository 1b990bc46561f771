// The scripted scenario the demo (and the e2e tests) drive over loopback HTTP: a brute-force run, MFA enrolment and
// login, role changes, API keys, a PII export, an admin bulk delete, a config change, then logout.
import type { Store } from './store.ts';
import { base32Decode, totp } from './totp.ts';

/** Secrets and personal data the scenario sends or causes to be logged; none may appear in the archive. */
export interface PlantedSecrets {
  passwords: string[];
  apiKeySecrets: string[];
  sessionIds: string[];
  totpSecrets: string[];
  emails: string[];
  phones: string[];
  cards: string[];
}

export const DEMO_USERS = {
  alice: { username: 'alice', email: 'alice@corp.example.net', password: 'correct-horse-battery-staple-42' },
  bob: { username: 'bob', email: 'bob@corp.example.net', password: 'Tr0ub4dor&3-bob!' },
  carol: { username: 'carol', email: 'carol@corp.example.net', password: 'carol-s3cret-passphrase' },
} as const;

/** Seeds the store with the three demo users and some customers. */
export function seedStore(store: Store): { aliceId: string; bobId: string; carolId: string } {
  const alice = store.addUser(DEMO_USERS.alice.username, DEMO_USERS.alice.email, DEMO_USERS.alice.password, ['admin']);
  const bob = store.addUser(DEMO_USERS.bob.username, DEMO_USERS.bob.email, DEMO_USERS.bob.password);
  const carol = store.addUser(DEMO_USERS.carol.username, DEMO_USERS.carol.email, DEMO_USERS.carol.password, [
    'support',
  ]);
  store.seedCustomers(25);
  return { aliceId: alice.id, bobId: bob.id, carolId: carol.id };
}

interface Client {
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  cookie?: string;
}

function client(base: string, userAgent: string): Client {
  const c: Client = {
    async call(method, path, body, headers = {}) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          'user-agent': userAgent,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(c.cookie ? { cookie: c.cookie } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const setCookie = res.headers.get('set-cookie');
      if (setCookie) c.cookie = setCookie.split(';')[0];
      await res.arrayBuffer();
      return res;
    },
  };
  return c;
}

async function json(res: Response): Promise<unknown> {
  return res.json();
}

/** Runs the scenario against `base` and returns what was planted. */
export async function runScenario(
  base: string,
  store: Store,
  ids: { bobId: string; carolId: string },
): Promise<PlantedSecrets> {
  const planted: PlantedSecrets = {
    passwords: Object.values(DEMO_USERS).map((u) => u.password),
    apiKeySecrets: [],
    sessionIds: [],
    totpSecrets: [],
    emails: [...Object.values(DEMO_USERS).map((u) => u.email), ...[...store.customers.values()].map((c) => c.email)],
    phones: [...store.customers.values()].map((c) => c.phone),
    cards: ['4111111111111111'],
  };

  const plantSession = (c: Client) => {
    const sid = c.cookie?.split('=')[1];
    if (sid) planted.sessionIds.push(sid);
  };

  // 1. Brute force against bob from a script, then a spray over unknown accounts.
  const attacker = client(base, 'python-requests/2.32');
  for (const guess of ['123456bob!', 'P@ssw0rd-2026', 'qwerty123!x', 'letmein-now!', 'bob2026-guess', 'Summer2026!x']) {
    planted.passwords.push(guess);
    await attacker.call('POST', '/login', { username: 'bob', password: guess });
  }
  for (const name of ['admin', 'root', 'mallory']) {
    await attacker.call('POST', '/login', { username: name, password: 'hunter2-spray' });
  }
  planted.passwords.push('hunter2-spray');

  // 2. alice logs in, enrols TOTP, logs out, then logs in with MFA (one wrong code first).
  const alice = client(base, 'Mozilla/5.0 (X11; Linux x86_64) Firefox/135.0');
  await alice.call('POST', '/login', { username: 'alice', password: DEMO_USERS.alice.password });
  plantSession(alice);
  const enrol = await fetch(`${base}/mfa/enroll`, { method: 'POST', headers: { cookie: alice.cookie ?? '' } });
  const { secret } = (await json(enrol)) as { secret: string };
  planted.totpSecrets.push(secret);
  const key = base32Decode(secret);
  await alice.call('POST', '/mfa/enroll/confirm', { code: totp(key) });
  await alice.call('POST', '/logout');
  alice.cookie = undefined;
  await alice.call('POST', '/login', { username: 'alice', password: DEMO_USERS.alice.password });
  await alice.call('POST', '/login', { username: 'alice', password: DEMO_USERS.alice.password, totp: '000000' });
  await alice.call('POST', '/login', { username: 'alice', password: DEMO_USERS.alice.password, totp: totp(key) });
  plantSession(alice);

  // 3. Role changes on carol, then carol (not an admin) tries an admin action.
  await alice.call('POST', `/admin/users/${ids.carolId}/roles`, { role: 'billing-admin', justification: 'JIRA-311' });
  await alice.call('DELETE', `/admin/users/${ids.carolId}/roles/support`);
  const carol = client(base, 'Mozilla/5.0 (Macintosh) Safari/17.4');
  await carol.call('POST', '/login', { username: 'carol', password: DEMO_USERS.carol.password });
  plantSession(carol);
  await carol.call('POST', '/admin/customers/bulk-delete', { ids: ['c_1000'] });

  // 4. API key: create, use it for a CSV export of customers (with an Authorization header), revoke it.
  const created = await fetch(`${base}/api-keys`, {
    method: 'POST',
    headers: { cookie: alice.cookie ?? '', 'content-type': 'application/json' },
    body: JSON.stringify({ scopes: ['customers:export'] }),
  });
  const { id: keyId, token } = (await json(created)) as { id: string; token: string };
  planted.apiKeySecrets.push(token.split('.')[1] ?? token);
  const integration = client(base, 'curl/8.11.1');
  await integration.call('GET', '/customers/export.csv?since=2026-01-01&owner=alice@corp.example.net', undefined, {
    authorization: `Bearer ${token}`,
  });

  // 5. Admin bulk delete, a config change, key revocation, MFA disable, logout.
  await alice.call('POST', '/admin/customers/bulk-delete', {
    ids: ['c_1001', 'c_1002', 'c_1003'],
    justification: 'GDPR-77',
  });
  await alice.call('PUT', '/admin/config/session.idle_timeout_minutes', { value: '15' });
  await alice.call('DELETE', `/api-keys/${keyId}`);
  await alice.call('POST', '/mfa/disable', { code: totp(key) });
  await alice.call('POST', '/logout');
  void ids.bobId;
  return planted;
}
