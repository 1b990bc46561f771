// An ES-module fastify app logging with pino, imported statically: run with `node --import @seclog/node/register`.
// Usage: node --import @seclog/node/register fastify-pino-esm.mjs <archiveDir>   Prints JSON as express-cjs does.
import { clientAddressOf, registerFastifyRequestLog, startSecureLogging } from '@seclog/node';
import Fastify from 'fastify';
import pino from 'pino';

const log = pino({}, { write() {} });
const secure = startSecureLogging({ serviceName: 'fastify-esm', archiveDir: process.argv[2], handleSignals: false });
const app = Fastify();
registerFastifyRequestLog(app, { trustedProxies: ['loopback'] });
app.post('/login', async (request, reply) => {
  log.info({ password: 'hunter2-fastify' }, 'pino: failed login for dana@corp-mail.net');
  secure.security.authenticationLogin({
    outcome: 'failure',
    errorType: 'invalid_credentials',
    actorType: 'anonymous',
    authMethod: 'password',
    userName: String(request.body?.username),
    clientAddress: clientAddressOf(request) ?? 'unknown',
  });
  return reply.code(401).send({ error: 'invalid credentials' });
});
await app.listen({ port: 0, host: '127.0.0.1' });
const response = await fetch(`http://127.0.0.1:${app.server.address().port}/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'dana@corp-mail.net' }),
});
await app.close();
await secure.shutdown();
console.log(
  JSON.stringify({ status: response.status, archivePath: secure.archivePath, publicKeyPath: secure.publicKeyPath }),
);
