/** A security event of a scenario: what an application would emit, at a chosen time. */
export interface ScenarioEvent {
  readonly name: string;
  /** OTel attribute names, as `emitSecurityEvent` takes them. */
  readonly attributes: Readonly<Record<string, string | number | boolean | string[]>>;
  readonly time: Date;
}

/** The scenario day (UTC); `at('10:05:30')` is a time on it. */
export const DAY = '2026-11-26';

/** A time of the scenario day, `HH:MM[:SS]` UTC. */
export function at(clock: string): Date {
  return new Date(`${DAY}T${clock.length === 5 ? `${clock}:00` : clock}.000Z`);
}

/** `at(clock)` plus seconds. */
export function after(clock: string, seconds: number): Date {
  return new Date(at(clock).getTime() + seconds * 1000);
}

/** The sample users of the scenarios: ids, e-mail log-in names, a home country and address each. */
export interface ScenarioUser {
  readonly id: string;
  readonly email: string;
  readonly country: string;
  readonly address: string;
}

const COUNTRIES = ['DE', 'FR', 'US', 'NL', 'GB'] as const;

/** Forty staff accounts with stable homes (deterministic: the same on every run). */
export const USERS: readonly ScenarioUser[] = Array.from({ length: 40 }, (_, i) => {
  const n = String(i + 1).padStart(3, '0');
  return {
    id: `u_${n}`,
    email: `user${n}@example.com`,
    country: COUNTRIES[i % COUNTRIES.length] as string,
    address: `198.51.100.${i + 10}`,
  };
});

/** Index → user (wraps). */
export function user(i: number): ScenarioUser {
  return USERS[i % USERS.length] as ScenarioUser;
}

/** The administrator of the scenarios. */
export const ADMIN: ScenarioUser = {
  id: 'u_admin',
  email: 'admin@example.com',
  country: 'DE',
  address: '198.51.100.5',
};

const AGENT = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0';

/** A successful password + TOTP login of `u` from home (or another country). */
export function login(u: ScenarioUser, time: Date, country = u.country, address = u.address): ScenarioEvent {
  return {
    name: 'security_event.authentication.login',
    time,
    attributes: {
      'security_event.outcome': 'success',
      'security_event.actor.type': 'user',
      'user.id': u.id,
      'user.name': u.email,
      'security_event.auth.method': 'password',
      'security_event.auth.mfa.used': true,
      'session.id': `s_${u.id}_${time.getTime()}`,
      'client.address': address,
      'geo.country.iso_code': country,
      'user_agent.original': AGENT,
    },
  };
}

/** A failed login for the identifier `name` from `address`. */
export function failedLogin(name: string, address: string, time: Date, userId?: string): ScenarioEvent {
  return {
    name: 'security_event.authentication.login',
    time,
    attributes: {
      'security_event.outcome': 'failure',
      'error.type': 'invalid_credentials',
      'security_event.actor.type': 'anonymous',
      'user.name': name,
      ...(userId ? { 'user.id': userId, 'security_event.auth.user_exists': true } : {}),
      'security_event.auth.method': 'password',
      'client.address': address,
      'user_agent.original': AGENT,
    },
  };
}

/** Attributes of `actor` acting as a user. */
export function actor(u: ScenarioUser): Record<string, string | boolean> {
  return { 'security_event.actor.type': 'user', 'user.id': u.id, 'user.name': u.email, 'client.address': u.address };
}

/** An export of `records` invoice records by `u`. */
export function dataExport(u: ScenarioUser, time: Date, records: number): ScenarioEvent {
  return {
    name: 'security_event.data.export',
    time,
    attributes: {
      ...actor(u),
      'security_event.outcome': 'success',
      'security_event.target.resource.type': 'invoice',
      'security_event.data.classification': ['confidential'],
      'security_event.data.record_count': records,
      'security_event.data.format': 'csv',
      'security_event.data.destination': 'download',
    },
  };
}
