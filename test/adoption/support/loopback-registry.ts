/**
 * A registry on 127.0.0.1 serving the packed @seclog/* tarballs, as the npm registry would once they are published:
 * package documents (`GET /@seclog%2fnode`) and tarballs. Clients point only the @seclog scope at it
 * (`@seclog:registry=…`); everything else still comes from the npm registry.
 */

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PackedPackages } from './packed-packages.ts';

export interface LoopbackRegistry {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the registry; `close()` stops it. */
export async function startLoopbackRegistry(packed: PackedPackages): Promise<LoopbackRegistry> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const documents = new Map<string, object>();
  const files = new Map<string, Buffer>();
  for (const [name, path] of packed.tarballs) {
    const bytes = readFileSync(path);
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', path, 'package/package.json'], { encoding: 'utf8' })) as {
      version: string;
    };
    const file = `${name}/-/${name.split('/')[1]}-${manifest.version}.tgz`;
    files.set(`/${file}`, bytes);
    // Published a while ago, as far as release-age policies are concerned: these are the packages under test.
    const published = '2026-01-01T00:00:00.000Z';
    documents.set(name, {
      name,
      'dist-tags': { latest: manifest.version },
      time: { created: published, modified: published, [manifest.version]: published },
      versions: {
        [manifest.version]: {
          ...manifest,
          _id: `${name}@${manifest.version}`,
          dist: {
            tarball: `${url}${file}`,
            shasum: createHash('sha1').update(bytes).digest('hex'),
            integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
          },
        },
      },
    });
  }
  server.on('request', (req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    const doc = documents.get(path.slice(1));
    if (doc !== undefined) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
      return;
    }
    const bytes = files.get(path);
    if (bytes !== undefined) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
  });
  return {
    url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
