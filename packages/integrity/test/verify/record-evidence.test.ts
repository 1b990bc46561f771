/**
 * Reading one record's status back from a verification report: VALID only when the report vouches for it.
 */
import { describe, expect, it } from 'vitest';
import type { Finding, StreamReport, VerificationReport } from '../../src/index.js';
import { recordEvidenceLookup } from '../../src/index.js';

function finding(status: Finding['status'], subject: Finding['subject'], seqFrom?: string, seqTo?: string): Finding {
  return {
    status,
    subject,
    count: 1,
    detail: status,
    ...(seqFrom !== undefined ? { seqFrom } : {}),
    ...(seqTo !== undefined ? { seqTo } : {}),
  };
}

function stream(streamId: string, findings: Finding[], extra: Partial<StreamReport> = {}): StreamReport {
  return {
    streamId,
    origin: `seclog.integrity/v1/${streamId}`,
    signedTreeSize: '100',
    checkpoints: { total: 1, valid: 1 },
    finalCheckpoint: true,
    records: {},
    findings,
    findingsOmitted: 0,
    verdict: findings.length === 0 ? 'valid' : 'failed',
    ...extra,
  };
}

function reportOf(streams: StreamReport[]): VerificationReport {
  return { streams } as unknown as VerificationReport;
}

describe('recordEvidenceLookup', () => {
  it('is VALID for a record of a reported stream that no finding names', () => {
    const statusOf = recordEvidenceLookup(reportOf([stream('s', [finding('MODIFIED', 'record', '5')])]));
    expect(statusOf('s', 4)).toBe('VALID');
    expect(statusOf('s', 6n)).toBe('VALID');
    expect(statusOf('s', '7')).toBe('VALID');
  });

  it('gives the status of the record finding whose range holds the seq, ends included', () => {
    const statusOf = recordEvidenceLookup(
      reportOf([stream('s', [finding('UNSEALED', 'record', '10', '20'), finding('MODIFIED', 'record', '5')])]),
    );
    expect(statusOf('s', 5)).toBe('MODIFIED');
    expect([statusOf('s', 10), statusOf('s', 15), statusOf('s', 20)]).toEqual(['UNSEALED', 'UNSEALED', 'UNSEALED']);
    expect(statusOf('s', 21)).toBe('VALID');
  });

  it('takes the most serious of overlapping findings, and an identical copy leaves a record VALID', () => {
    const statusOf = recordEvidenceLookup(
      reportOf([
        stream('s', [
          finding('DUPLICATE-IDENTICAL', 'record', '1', '9'),
          finding('UNVERIFIABLE', 'record', '3', '4'),
          finding('CONFLICT', 'record', '4'),
        ]),
      ]),
    );
    expect(statusOf('s', 1)).toBe('VALID');
    expect(statusOf('s', 3)).toBe('UNVERIFIABLE');
    expect(statusOf('s', 4)).toBe('CONFLICT');
  });

  it('leaves no record proven when the stream as a whole failed, but not for a warning about it', () => {
    const failed = recordEvidenceLookup(reportOf([stream('s', [finding('KEY-CHAIN-INVALID', 'stream')])]));
    expect(failed('s', 1)).toBe('KEY-CHAIN-INVALID');
    const unclean = recordEvidenceLookup(
      reportOf([stream('s', [finding('STREAM-UNCLEAN-END', 'stream')], { verdict: 'warnings' })]),
    );
    expect(unclean('s', 1)).toBe('VALID');
  });

  it('says UNKNOWN rather than VALID when the findings were capped on a stream that did not verify', () => {
    const capped = stream('s', [finding('MODIFIED', 'record', '1')], { findingsOmitted: 5, verdict: 'failed' });
    const statusOf = recordEvidenceLookup(reportOf([capped]));
    expect(statusOf('s', 1)).toBe('MODIFIED');
    expect(statusOf('s', 2)).toBe('UNKNOWN');
  });

  it('is FOREIGN for a record without a seal, of a stream the report does not know, or with a seq that is no seq', () => {
    const statusOf = recordEvidenceLookup(reportOf([stream('s', [])]));
    expect(statusOf(null, null)).toBe('FOREIGN');
    expect(statusOf('other', 1)).toBe('FOREIGN');
    expect(statusOf('s', -1)).toBe('FOREIGN');
    expect(statusOf('s', 1.5)).toBe('FOREIGN');
    expect(statusOf('s', 'x1')).toBe('FOREIGN');
  });

  it('does not place a finding without a seq (records refused before sealing) on any record', () => {
    const statusOf = recordEvidenceLookup(reportOf([stream('s', [finding('DROPPED', 'record')])]));
    expect(statusOf('s', 0)).toBe('VALID');
  });
});
