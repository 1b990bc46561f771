// An ES-module app on NodeSDK: seclog's processors inside it, not a provider of its own.
// Usage: node nodesdk-esm.mjs <archiveDir>   Prints JSON as express-cjs does.
import { logs } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { secureLogRecordProcessors } from '@seclog/node';

const seclog = secureLogRecordProcessors({ serviceName: 'nodesdk-esm', archiveDir: process.argv[2] });
const sdk = new NodeSDK({ serviceName: 'nodesdk-esm', logRecordProcessors: seclog });
sdk.start();
logs.getLogger('app').emit({ body: 'nodesdk: checkout for dana@corp-mail.net' });
seclog.security.authenticationLogin({
  outcome: 'failure',
  errorType: 'invalid_credentials',
  actorType: 'anonymous',
  authMethod: 'password',
  userName: 'dana@corp-mail.net',
  clientAddress: '203.0.113.5',
});
await sdk.shutdown();
console.log(JSON.stringify({ status: 0, archivePath: seclog.archivePath, publicKeyPath: seclog.publicKeyPath }));
