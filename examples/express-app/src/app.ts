// The demo app: password login with TOTP MFA, logout, MFA enrol/disable, role grant/revoke, API keys, a PII CSV
// export, an admin bulk delete and a config change. Every security-relevant step emits a catalog event through the
// typed builders; a few log lines are deliberately careless (a password field, a header dump) — seclog cleans them.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { clientAddressOf } from '@seclog/node';
import type { SecurityEvents } from '@seclog/semconv';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger as PinoLogger } from 'pino';
import type { Store, User } from './store.ts';
import { base32Encode, newTotpSecret, otpauthUri, verifyTotp } from './totp.ts';

/** What the app needs from its host: the security-event builders, a pino logger and the request-log middleware. */
export interface AppDeps {
  security: SecurityEvents;
  log: PinoLogger;
  store: Store;
  requestLog: (req: IncomingMessage, res: import('node:http').ServerResponse, next: (err?: unknown) => void) => void;
  /** Consecutive failed logins before the account locks (default 5). */
  maxFailedLogins?: number;
}

/** Who is calling: a session user or an API key. */
interface Actor {
  user: User;
  sessionId?: string;
  apiKeyId?: string;
}

type Req = Request & { actor?: Actor };

/** Session ids are never logged raw: the events carry a short SHA-256 reference (OTel `session.id` guidance). */
const sessionRef = (sid: string) => createHash('sha256').update(sid).digest('base64url').slice(0, 22);

export function createApp(deps: AppDeps): express.Express {
  const { security, log, store } = deps;
  const maxFailed = deps.maxFailedLogins ?? 5;
  const app = express();
  app.use(deps.requestLog);
  app.use(express.json({ limit: '64kb' }));

  // Careless line #1: dumps every request header (Authorization, Cookie) at debug level.
  app.use((req, _res, next) => {
    log.debug({ headers: req.headers }, 'incoming request headers');
    next();
  });

  const client = (req: Request) => ({
    // The address the request log resolved (trusted proxies applied): the events and the request log share a pseudonym.
    clientAddress: clientAddressOf(req) ?? 'unknown',
    userAgentOriginal: req.get('user-agent') ?? 'unknown',
  });

  const actorOf = (req: Request): Actor | undefined => {
    const sid = /(?:^|;\s*)sid=([A-Za-z0-9_-]{10,64})/.exec(req.get('cookie') ?? '')?.[1];
    if (sid !== undefined) {
      const session = store.sessions.get(sid);
      const user = session && store.users.get(session.userId);
      if (user) return { user, sessionId: sid };
    }
    const bearer = /^Bearer (key_[0-9a-f]{12})\.(sk_live_[0-9a-f]{48})$/.exec(req.get('authorization') ?? '');
    if (bearer?.[1] !== undefined && bearer[2] !== undefined) {
      const key = store.apiKeys.get(bearer[1]);
      const user = key && store.users.get(key.ownerId);
      if (user && store.checkApiKey(key, bearer[2])) return { user, apiKeyId: key.id };
    }
    return undefined;
  };

  const actorAttrs = (actor: Actor) =>
    actor.apiKeyId !== undefined
      ? { actorType: 'api_key' as const, actorCredentialId: actor.apiKeyId, userId: actor.user.id }
      : {
          actorType: 'user' as const,
          userId: actor.user.id,
          ...(actor.sessionId ? { sessionId: sessionRef(actor.sessionId) } : {}),
        };

  const authenticated = (req: Req, res: Response, next: NextFunction) => {
    const actor = actorOf(req);
    if (!actor) {
      res.status(401).json({ error: 'unauthenticated' });
      return;
    }
    req.actor = actor;
    next();
  };

  const requireRole = (role: string, permission: string) => (req: Req, res: Response, next: NextFunction) => {
    const actor = req.actor as Actor;
    if (actor.user.roles.has(role)) return next();
    security.authorizationCheck({
      outcome: 'failure',
      errorType: 'insufficient_permissions',
      authzPermission: permission,
      targetResourceType: 'setting',
      httpRoute: req.route?.path ?? 'unmatched',
      ...actorAttrs(actor),
      ...client(req),
    });
    res.status(403).json({ error: 'forbidden' });
  };

  app.post('/login', (req: Req, res) => {
    const { username, password, totp } = (req.body ?? {}) as { username?: string; password?: string; totp?: string };
    // Careless line #2: the whole credential object, password included.
    log.info({ username, password }, 'login attempt');
    const base = { authMethod: 'password' as const, userName: String(username ?? ''), ...client(req) };
    const user = typeof username === 'string' ? store.findByUsername(username) : undefined;
    if (!user) {
      security.authenticationLogin({
        outcome: 'failure',
        errorType: 'unknown_user',
        actorType: 'anonymous',
        authUserExists: false,
        ...base,
      });
      res.status(401).json({ error: 'invalid credentials' });
      return;
    }
    if (user.locked) {
      security.authenticationLogin({
        outcome: 'failure',
        errorType: 'account_locked',
        actorType: 'anonymous',
        ...base,
      });
      res.status(423).json({ error: 'account locked' });
      return;
    }
    if (typeof password !== 'string' || !store.checkPassword(user, password)) {
      user.failedLogins++;
      security.authenticationLogin({
        outcome: 'failure',
        errorType: 'invalid_credentials',
        actorType: 'anonymous',
        authUserExists: true,
        authFailureCount: user.failedLogins,
        ...base,
      });
      if (user.failedLogins >= maxFailed) {
        user.locked = true;
        security.accountLock({
          outcome: 'success',
          actorType: 'system',
          targetUserId: user.id,
          lockReason: 'max_retries',
          authFailureCount: user.failedLogins,
          ...client(req),
        });
      }
      res.status(401).json({ error: 'invalid credentials' });
      return;
    }
    if (user.totpSecret) {
      if (typeof totp !== 'string') {
        security.authenticationLogin({
          outcome: 'failure',
          errorType: 'mfa_required',
          actorType: 'anonymous',
          ...base,
        });
        res.status(401).json({ error: 'mfa required' });
        return;
      }
      const valid = verifyTotp(user.totpSecret, totp);
      security.authenticationMfaVerify(
        valid
          ? { outcome: 'success', actorType: 'user', userId: user.id, mfaFactorType: 'totp', ...client(req) }
          : {
              outcome: 'failure',
              errorType: 'invalid_code',
              actorType: 'user',
              userId: user.id,
              mfaFactorType: 'totp',
              ...client(req),
            },
      );
      if (!valid) {
        security.authenticationLogin({ outcome: 'failure', errorType: 'mfa_failed', actorType: 'anonymous', ...base });
        res.status(401).json({ error: 'invalid code' });
        return;
      }
    }
    user.failedLogins = 0;
    const session = store.openSession(user.id, user.totpSecret !== undefined);
    const sid = sessionRef(session.id);
    security.authenticationLogin({
      outcome: 'success',
      actorType: 'user',
      userId: user.id,
      sessionId: sid,
      authMfaUsed: session.mfa,
      authFactors: session.mfa ? ['password', 'totp'] : ['password'],
      ...base,
    });
    security.sessionStart({
      outcome: 'success',
      actorType: 'user',
      userId: user.id,
      sessionId: sid,
      authMfaUsed: session.mfa,
      authMethod: 'password',
      ...client(req),
    });
    res.cookie('sid', session.id, { httpOnly: true, sameSite: 'strict' }).json({ ok: true, userId: user.id });
  });

  app.post('/logout', authenticated, (req: Req, res) => {
    const actor = req.actor as Actor;
    if (actor.sessionId === undefined) {
      res.status(400).json({ error: 'not a session' });
      return;
    }
    store.sessions.delete(actor.sessionId);
    security.sessionEnd({
      outcome: 'success',
      sessionEndReason: 'logout',
      ...actorAttrs(actor),
      sessionId: sessionRef(actor.sessionId),
      ...client(req),
    });
    res.clearCookie('sid').json({ ok: true });
  });

  app.post('/mfa/enroll', authenticated, (req: Req, res) => {
    const actor = req.actor as Actor;
    const secret = newTotpSecret();
    actor.user.pendingTotpSecret = secret;
    res.json({ secret: base32Encode(secret), uri: otpauthUri(secret, actor.user.username, 'seclog-demo') });
  });

  app.post('/mfa/enroll/confirm', authenticated, (req: Req, res) => {
    const actor = req.actor as Actor;
    const code = String((req.body as { code?: unknown })?.code ?? '');
    const pending = actor.user.pendingTotpSecret;
    const ok = pending !== undefined && verifyTotp(pending, code);
    const common = {
      targetUserId: actor.user.id,
      mfaFactorType: 'totp' as const,
      ...actorAttrs(actor),
      ...client(req),
    };
    if (!ok) {
      security.mfaFactorEnroll({ outcome: 'failure', errorType: 'verification_failed', ...common });
      res.status(400).json({ error: 'invalid code' });
      return;
    }
    actor.user.totpSecret = pending;
    actor.user.pendingTotpSecret = undefined;
    security.mfaFactorEnroll({ outcome: 'success', ...common });
    res.json({ ok: true });
  });

  app.post('/mfa/disable', authenticated, (req: Req, res) => {
    const actor = req.actor as Actor;
    const code = String((req.body as { code?: unknown })?.code ?? '');
    const common = {
      targetUserId: actor.user.id,
      mfaFactorType: 'totp' as const,
      ...actorAttrs(actor),
      ...client(req),
    };
    if (!actor.user.totpSecret || !verifyTotp(actor.user.totpSecret, code)) {
      security.mfaFactorRemove({ outcome: 'failure', errorType: 'not_permitted', ...common });
      res.status(400).json({ error: 'invalid code' });
      return;
    }
    actor.user.totpSecret = undefined;
    security.mfaFactorRemove({ outcome: 'success', mfaRemainingFactors: 0, ...common });
    res.json({ ok: true });
  });

  const admin = express.Router();
  admin.use(authenticated, requireRole('admin', 'admin:write'));

  admin.post('/users/:userId/roles', (req: Req, res) => {
    const actor = req.actor as Actor;
    const target = store.users.get(String(req.params.userId));
    const role = String((req.body as { role?: unknown })?.role ?? '');
    if (!target || role === '') {
      res.status(404).json({ error: 'no such user' });
      return;
    }
    target.roles.add(role);
    security.accessRoleGrant({
      outcome: 'success',
      targetUserId: target.id,
      accessRoleName: role,
      accessRolePrivileged: role === 'admin',
      justification: String((req.body as { justification?: unknown })?.justification ?? 'n/a'),
      ...actorAttrs(actor),
      ...client(req),
    });
    res.json({ ok: true, roles: [...target.roles] });
  });

  admin.delete('/users/:userId/roles/:role', (req: Req, res) => {
    const actor = req.actor as Actor;
    const target = store.users.get(String(req.params.userId));
    const role = String(req.params.role);
    if (!target) {
      res.status(404).json({ error: 'no such user' });
      return;
    }
    target.roles.delete(role);
    security.accessRoleRevoke({
      outcome: 'success',
      targetUserId: target.id,
      accessRoleName: role,
      ...actorAttrs(actor),
      ...client(req),
    });
    res.json({ ok: true, roles: [...target.roles] });
  });

  admin.post('/customers/bulk-delete', (req: Req, res) => {
    const actor = req.actor as Actor;
    const ids = ((req.body as { ids?: unknown })?.ids ?? []) as unknown[];
    let deleted = 0;
    for (const id of ids) if (store.customers.delete(String(id))) deleted++;
    security.dataBulkChange({
      outcome: 'success',
      dataOperation: 'delete',
      targetResourceType: 'customer',
      dataRecordCount: deleted,
      dataClassification: ['pii'],
      justification: String((req.body as { justification?: unknown })?.justification ?? 'n/a'),
      ...actorAttrs(actor),
      ...client(req),
    });
    res.json({ ok: true, deleted });
  });

  admin.put('/config/:key', (req: Req, res) => {
    const actor = req.actor as Actor;
    const key = String(req.params.key);
    const value = String((req.body as { value?: unknown })?.value ?? '');
    const previous = store.config.get(key);
    store.config.set(key, value);
    security.configUpdate({
      outcome: 'success',
      configKey: key,
      ...(previous !== undefined ? { configPreviousValue: previous } : {}),
      configNewValue: value,
      justification: 'CHG-1042',
      ...actorAttrs(actor),
      ...client(req),
    });
    res.json({ ok: true });
  });
  app.use('/admin', admin);

  app.post('/api-keys', authenticated, (req: Req, res) => {
    const actor = req.actor as Actor;
    const scopes = ((req.body as { scopes?: unknown })?.scopes ?? ['customers:read']) as string[];
    const { key, secret } = store.createApiKey(actor.user.id, scopes.map(String));
    security.credentialApiKeyCreate({
      outcome: 'success',
      credentialId: key.id,
      credentialType: 'api_key',
      credentialScopes: key.scopes,
      targetUserId: actor.user.id,
      ...actorAttrs(actor),
      ...client(req),
    });
    // Careless line #3: the freshly minted secret, "just for debugging".
    log.info({ keyId: key.id, apiKey: `${key.id}.${secret}` }, `created API key ${key.id}.${secret}`);
    res.status(201).json({ id: key.id, token: `${key.id}.${secret}` });
  });

  app.delete('/api-keys/:keyId', authenticated, (req: Req, res) => {
    const actor = req.actor as Actor;
    const id = String(req.params.keyId);
    const existed = store.apiKeys.delete(id);
    security.credentialApiKeyRevoke(
      existed
        ? { outcome: 'success', credentialId: id, ...actorAttrs(actor), ...client(req) }
        : { outcome: 'failure', errorType: 'not_found', credentialId: id, ...actorAttrs(actor), ...client(req) },
    );
    res.status(existed ? 200 : 404).json({ ok: existed });
  });

  app.get('/customers/export.csv', authenticated, (req: Req, res) => {
    const actor = req.actor as Actor;
    const rows = [...store.customers.values()];
    const csv = ['id,name,email,phone', ...rows.map((c) => `${c.id},${c.name},${c.email},${c.phone}`)].join('\n');
    // Careless line #4: a "sample row" with email, phone and card number.
    log.info({ sample: rows[0] }, 'customer export sample');
    security.dataExport({
      outcome: 'success',
      targetResourceType: 'customer',
      dataClassification: ['pii'],
      dataRecordCount: rows.length,
      dataFormat: 'csv',
      dataDestination: 'download',
      fileName: 'customers.csv',
      fileSize: Buffer.byteLength(csv),
      ...actorAttrs(actor),
      ...client(req),
    });
    res.type('text/csv').send(csv);
  });

  return app;
}
