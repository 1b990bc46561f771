// In-memory store of the demo app: users with scrypt password hashes and TOTP secrets, sessions, API keys,
// customers (PII) and security-relevant settings.
import { randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';

export interface User {
  id: string;
  username: string;
  email: string;
  passwordHash: Buffer;
  salt: Buffer;
  roles: Set<string>;
  totpSecret?: Buffer;
  pendingTotpSecret?: Buffer;
  failedLogins: number;
  locked: boolean;
}

export interface Session {
  id: string;
  userId: string;
  mfa: boolean;
}

export interface ApiKey {
  id: string;
  ownerId: string;
  /** Only a hash of the secret is stored; the secret is shown once at creation. */
  secretHash: Buffer;
  scopes: string[];
}

export interface Customer {
  id: string;
  name: string;
  email: string;
  phone: string;
  card: string;
}

const hashPassword = (password: string, salt: Buffer) => scryptSync(password, salt, 32);

/** The demo's data; everything lives in this object and dies with the process. */
export class Store {
  readonly users = new Map<string, User>();
  readonly sessions = new Map<string, Session>();
  readonly apiKeys = new Map<string, ApiKey>();
  readonly customers = new Map<string, Customer>();
  readonly config = new Map<string, string>([
    ['session.idle_timeout_minutes', '30'],
    ['password.min_length', '12'],
  ]);

  addUser(username: string, email: string, password: string, roles: string[] = []): User {
    const salt = randomBytes(16);
    const user: User = {
      id: `u_${randomUUID().slice(0, 8)}`,
      username,
      email,
      salt,
      passwordHash: hashPassword(password, salt),
      roles: new Set(roles),
      failedLogins: 0,
      locked: false,
    };
    this.users.set(user.id, user);
    return user;
  }

  findByUsername(username: string): User | undefined {
    for (const user of this.users.values()) if (user.username === username) return user;
    return undefined;
  }

  checkPassword(user: User, password: string): boolean {
    return timingSafeEqual(user.passwordHash, hashPassword(password, user.salt));
  }

  openSession(userId: string, mfa: boolean): Session {
    const session = { id: randomBytes(24).toString('base64url'), userId, mfa };
    this.sessions.set(session.id, session);
    return session;
  }

  createApiKey(ownerId: string, scopes: string[]): { key: ApiKey; secret: string } {
    const id = `key_${randomBytes(6).toString('hex')}`;
    const secret = `sk_live_${randomBytes(24).toString('hex')}`;
    const key = { id, ownerId, scopes, secretHash: hashPassword(secret, Buffer.from(id)) };
    this.apiKeys.set(id, key);
    return { key, secret };
  }

  checkApiKey(key: ApiKey, secret: string): boolean {
    return timingSafeEqual(key.secretHash, hashPassword(secret, Buffer.from(key.id)));
  }

  seedCustomers(count: number): void {
    for (let i = 0; i < count; i++) {
      const id = `c_${1000 + i}`;
      this.customers.set(id, {
        id,
        name: `Customer ${i}`,
        email: `customer${i}@shop.example.org`,
        phone: `+1 415 555 ${(1000 + i).toString().slice(-4)}`,
        card: '4111111111111111',
      });
    }
  }
}
