import { describe, expect, it } from 'vitest';
import { resourceDigestOfText } from '../src/canonical/digest.js';
import { canonicalResourceText } from '../src/canonical/from-record.js';
import {
  formatGenesisBody,
  formatResourceSnapshotBody,
  type GenesisBody,
  parseGenesisBody,
  parseResourceSnapshotBody,
} from '../src/records/stream-bodies.js';

const resourceText = canonicalResourceText({ 'service.name': 'checkout', 'host.name': 'h\n1' });
const genesis: GenesisBody = {
  namespace: 'seclog.integrity',
  streamId: 'AbCdEfGhIjKlMnOpQrStUv',
  olcfVersion: 'olcf1',
  timeUnixNano: 1764000000000000000n,
  policy: { maxRecords: 128, maxIntervalMs: 5000, heartbeatMs: 60000, leafList: true },
  identity: { serviceName: 'checkout', serviceInstanceId: '', hostName: 'h\n1' },
  resourceDigest: resourceDigestOfText(resourceText),
  resourceText,
};

describe('genesis and resource snapshot bodies', () => {
  it('round-trips genesis, including a resource value with a newline', () => {
    const text = formatGenesisBody(genesis);
    expect(text.split('\n')).toHaveLength(9); // 8 lines and the final newline
    const parsed = parseGenesisBody(text);
    expect(parsed).toMatchObject({ ...genesis, droppedAttributesCount: '0' });
    expect(parsed.resourcePairs.map(([k]) => k)).toEqual(['host.name', 'service.name']);
  });

  it('rejects a genesis whose resource no longer matches its digest', () => {
    const text = formatGenesisBody(genesis).replace('checkout"]]', 'checkouT"]]');
    expect(() => parseGenesisBody(text)).toThrow(/digest/);
  });

  it('round-trips a resource snapshot', () => {
    const s = {
      namespace: genesis.namespace,
      streamId: genesis.streamId,
      resourceDigest: genesis.resourceDigest,
      resourceText,
    };
    expect(parseResourceSnapshotBody(formatResourceSnapshotBody(s))).toMatchObject(s);
  });
});
