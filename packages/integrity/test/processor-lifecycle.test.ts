import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = new URL('../dist/index.js', import.meta.url).href;
const sdk = import.meta.resolve('@opentelemetry/sdk-logs');

describe('IntegrityProcessor timers', () => {
  it('do not keep the process alive (unref): a process that logs and never shuts down still exits', () => {
    const script = `
      import { generateKeyPairSync } from 'node:crypto';
      import { LoggerProvider, InMemoryLogRecordExporter } from ${JSON.stringify(sdk)};
      import { IntegrityProcessor, ed25519Signer } from ${JSON.stringify(dist)};
      const signer = ed25519Signer(generateKeyPairSync('ed25519').privateKey, { keyName: 'k' });
      const exporter = new InMemoryLogRecordExporter();
      const provider = new LoggerProvider({ processors: [new IntegrityProcessor({ exporter, signer,
        checkpoint: { maxIntervalMs: 60000, heartbeatMs: 600000 } })] });
      provider.getLogger('x').emit({ body: 'one record, then the program ends without shutdown()' });
      console.log('emitted');
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      timeout: 20_000,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('emitted');
    expect(r.signal).toBeNull(); // killed by the timeout would mean a referenced timer kept it alive
    expect(r.status).toBe(0);
  });
});
