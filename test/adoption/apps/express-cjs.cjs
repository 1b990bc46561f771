// A CommonJS express app: require() of @seclog/node (an ES module; Node >= 22.12 loads it synchronously).
// Usage: node express-cjs.cjs <archiveDir>   Prints {"archivePath", "publicKeyPath"} as JSON.
const { createServer } = require('node:http');
const express = require('express');
const { clientAddressOf, expressRequestLog, startSecureLogging } = require('@seclog/node');

const secure = startSecureLogging({ serviceName: 'express-cjs', archiveDir: process.argv[2], handleSignals: false });
const app = express();
app.use(express.json());
app.use(expressRequestLog());
app.post('/login', (req, res) => {
  secure.security.authenticationLogin({
    outcome: 'failure',
    errorType: 'invalid_credentials',
    actorType: 'anonymous',
    authMethod: 'password',
    userName: String(req.body?.username),
    clientAddress: clientAddressOf(req) ?? 'unknown',
  });
  res.status(401).json({ error: 'invalid credentials' });
});
const server = createServer(app).listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  const response = await fetch(`http://127.0.0.1:${port}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'dana@corp-mail.net' }),
  });
  server.close();
  await secure.shutdown();
  console.log(
    JSON.stringify({ status: response.status, archivePath: secure.archivePath, publicKeyPath: secure.publicKeyPath }),
  );
});
