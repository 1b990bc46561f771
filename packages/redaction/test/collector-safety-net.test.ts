/**
 * The Collector safety net (collector-config/*.yaml, generated from src/collector-safety-net.ts) against the engine it
 * stands in for: every detector is accounted for, every pattern is RE2 that Go accepts, and on the public scanner
 * fixtures (gitleaks, secretlint) the net masks every secret the engine finds with a detector the net claims to cover.
 */
import { describe, expect, it } from 'vitest';
import { createRedactor, createReport, DETECTOR_NAMES } from '../src/index.js';
import {
  COLLECTOR_BLOCKED_KEY_PATTERN,
  COLLECTOR_TEXT_MASKS,
  collectorValuePatterns,
  DETECTORS_NOT_IN_COLLECTOR,
  HAND_WRITTEN_COLLECTOR_PATTERNS,
  renderCollectorSafetyNet,
  SHAPE_DETECTORS_IN_COLLECTOR,
  toRe2Source,
} from '../src/internal/collector-safety-net.js';
import { githubToken, jwt } from './fixtures.js';
import { loadScannerFixtures, SPLITS } from './quality/public/corpora.js';
import { alignRedaction } from './quality/span-alignment.js';

/** An RE2 source as a JavaScript RegExp (global): the leading `(?i)` becomes the `i` flag. */
function asRegExp(re2: string): RegExp {
  return re2.startsWith('(?i)') ? new RegExp(re2.slice(4), 'gi') : new RegExp(re2, 'g');
}

/** A parsed piece of an RE2 pattern: a counted repetition `{m,n}` (its effective count) over sub-pieces. */
interface Piece {
  count: number;
  subs: Piece[];
}

/** Parses the group and `{m,n}` structure of an RE2 pattern (classes and escapes are opaque atoms). */
function parsePieces(src: string): Piece[] {
  let i = 0;
  const sequence = (): Piece[] => {
    const out: Piece[] = [];
    while (i < src.length && src[i] !== ')') {
      let atom: Piece = { count: 0, subs: [] };
      if (src[i] === '|') {
        i++;
        continue;
      } else if (src[i] === '(') {
        i++;
        if (src[i] === '?') {
          while (src[i] !== ':' && src[i] !== ')') i++;
          // A flag group such as `(?i)` holds nothing.
          if (src[i++] === ')') continue;
        }
        atom = { count: 0, subs: sequence() };
        i++;
      } else if (src[i] === '[') {
        i += src[i + 1] === ']' ? 2 : 1;
        while (src[i] !== ']') i += src[i] === '\\' ? 2 : 1;
        i++;
      } else {
        i += src[i] === '\\' ? 2 : 1;
      }
      const q = /^\{(\d+)(?:(,)(\d*))?\}/.exec(src.slice(i));
      if (q !== null) {
        i += q[0].length;
        const min = Number(q[1]);
        const max = q[2] === undefined ? min : q[3] === '' ? -1 : Number(q[3]);
        atom = { count: max < 0 ? min : max, subs: [atom] };
      } else if (/^[*+?]/.test(src.slice(i))) {
        i++;
      }
      out.push(atom);
    }
    return out;
  };
  return sequence();
}

/**
 * Go's `regexp/syntax` rule for counted repetition: the counts of nested `{m,n}` multiply to at most 1000 (an
 * unbounded `{m,}` counts as m). The real Collector enforces it at start-up (the e2e tests start it on every config).
 */
function goAcceptsRepeats(pieces: Piece[], budget = 1000): boolean {
  return pieces.every((p) => {
    if (p.count > budget) return false;
    return goAcceptsRepeats(p.subs, p.count > 0 ? Math.floor(budget / p.count) : budget);
  });
}

const patterns = collectorValuePatterns();
const covered = new Set<string>([
  ...SHAPE_DETECTORS_IN_COLLECTOR,
  ...HAND_WRITTEN_COLLECTOR_PATTERNS.map((p) => p.detector),
]);

/** The spans the net's value patterns would mask in `text`. */
function maskedSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const p of patterns) {
    for (const m of text.matchAll(asRegExp(p.re2))) spans.push([m.index, m.index + m[0].length]);
  }
  return spans;
}

/** True when every character of `[start, end)` of `text` lies in a span the net masks. */
function rangeMasked(text: string, start: number, end: number): boolean {
  const spans = maskedSpans(text);
  for (let i = start; i < end; i++) if (!spans.some(([s, e]) => s <= i && i < e)) return false;
  return true;
}

/** True when every occurrence of `secret` in `text` is masked whole. */
function fullyMasked(text: string, secret: string): boolean {
  for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + 1)) {
    if (!rangeMasked(text, at, at + secret.length)) return false;
  }
  return true;
}

describe('the collector safety net accounts for every detector', () => {
  it('lists each built-in detector exactly once: copied shape, hand-written RE2 (value pattern or text mask), or left out with a reason', () => {
    for (const name of DETECTOR_NAMES) {
      const places = [
        (SHAPE_DETECTORS_IN_COLLECTOR as readonly string[]).includes(name),
        HAND_WRITTEN_COLLECTOR_PATTERNS.some((p) => p.detector === name) ||
          COLLECTOR_TEXT_MASKS.some((m) => m.detector === name),
        Object.hasOwn(DETECTORS_NOT_IN_COLLECTOR, name),
      ].filter(Boolean);
      expect(places, name).toHaveLength(1);
    }
  });
});

const allRe2 = [
  ...patterns.map((p) => [p.note, p.re2]),
  ...COLLECTOR_TEXT_MASKS.map((m) => [`text mask: ${m.note}`, m.re2]),
  ['blocked key names', COLLECTOR_BLOCKED_KEY_PATTERN],
];

describe('every pattern is RE2 the Collector accepts', () => {
  it.each(allRe2)('%s', (_note, re2) => {
    // Go's regexp has no lookaround, backreferences or possessive forms, and caps counted repetition at 1000.
    expect(re2).not.toMatch(/\(\?[=!<]|\\[1-9]|\\k<|[+*}]\+/);
    expect(goAcceptsRepeats(parsePieces(re2))).toBe(true);
    expect(() => asRegExp(re2)).not.toThrow();
  });

  it("applies Go's nested-repetition rule as the Collector does", () => {
    expect(goAcceptsRepeats(parsePieces(String.raw`(?:\.[\w-]{4,1000}){0,2}`))).toBe(false);
    expect(goAcceptsRepeats(parsePieces(String.raw`(?:\.[\w-]{4,500}){0,2}[a-z]{1000}`))).toBe(true);
    expect(goAcceptsRepeats(parsePieces('(?:a{10,}){101}'))).toBe(false);
  });

  it('writes small repeated groups out so that nested counts stay within the rule', () => {
    expect(toRe2Source(/gh_[\w-]{20,1000}(?:\.[\w-]{4,1000}){0,2}/y)).toBe(
      String.raw`gh_[\w-]{20,1000}(?:\.[\w-]{4,1000})?(?:\.[\w-]{4,1000})?`,
    );
    expect(toRe2Source(/(?:ab){2,3}/i)).toBe('(?i)(?:ab)(?:ab)(?:ab)?');
  });

  it('renders one YAML block that quotes every pattern', () => {
    const yaml = renderCollectorSafetyNet();
    for (const p of patterns) expect(yaml).toContain(`- '${p.re2.replaceAll("'", "''")}'`);
    expect(yaml).toMatch(/^ {2}redaction\/safety_net:\n/);
    expect(yaml).toContain('\n  transform/safety_net:\n');
    // The OTTL replacement keeps `$${1}`: a single `$` would be eaten by the Collector's env expansion.
    expect(yaml).toContain('"$${1}****"');
  });
});

/**
 * What the two processors do to one string, in their order: the redaction processor replaces every match of each value
 * pattern with `****`, then each transform text mask replaces its matches (`$${n}` is the Collector's escaped `${n}`,
 * JavaScript's `$n`; a group that took no part expands to nothing in both).
 */
function throughNet(text: string): string {
  let out = text;
  for (const p of patterns) out = out.replace(asRegExp(p.re2), '****');
  for (const m of COLLECTOR_TEXT_MASKS)
    out = out.replace(asRegExp(m.re2), m.replacement.replace(/\$\$\{(\d)\}/g, '$$$1'));
  return out;
}

describe('what the transform masks in text, keeping the name, scheme or user in front', () => {
  it.each([
    ['a password in JSON', '{"user":"bob","password":"hunter2-hunter2"}', '{"user":"bob","password":"****"}'],
    ['a token under a camel-case name', 'twitterToken = "n1nlb9uccrqcljgaaga2"', 'twitterToken = "****"'],
    ['a password under a padded name', 'DB_PASS    : s3cr3t-Pa55', 'DB_PASS    : ****'],
    ['a single-quoted secret', "api_key => 'abcd1234efgh'", "api_key => '****'"],
    [
      'a secret in JSON-escaped JSON',
      String.raw`{"body":"{\"secret\":\"abcd1234efgh\"}"}`,
      String.raw`{"body":"{\"secret\":\"****\"}"}`,
    ],
    ['URL credentials', 'dsn postgres://app:pa55word@db:5432/x', 'dsn postgres://app:****@db:5432/x'],
    ['a curl -u password', 'curl -u elastic:P@ssw0rd$1 https://es:9200', 'curl -u elastic:**** https://es:9200'],
    [
      'an AWS secret key after its name',
      'aws_secret_access_key -> wJalrXUtnFEMIxK7MDENGxbPxRfiCYEXAMPLEKEY',
      'aws_secret_access_key -> ****',
    ],
    ['a sensitive query parameter', 'GET /cb?code=abc123def456&state=xyz', 'GET /cb?code=****&state=xyz'],
    ['a card security code', 'payment cvv: 123 ok', 'payment cvv: **** ok'],
    ['a 12-digit Maestro number after a card word', 'card 676231418184 declined', 'card **** declined'],
  ])('masks %s', (_what, text, expected) => {
    expect(throughNet(text)).toBe(expected);
  });

  it.each([
    ["the shell's working directory", 'sudo: bob : TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/bin/ls'],
    ["MySQL's password flag", "Access denied for user 'root'@'localhost' (using password: YES)"],
    ['a name that only contains pass', 'cache bypass=enabled'],
    ['variable references', 'curl -u "$USER:$TOKEN" https://example.com/api'],
    ['an empty list under a cookie name', '"Cookie":[],"Accept":"*/*"'],
    ['IP addresses', 'Accepted publickey for bob from 203.0.113.7 port 22'],
  ])('leaves %s', (_what, text) => {
    expect(throughNet(text)).toBe(text);
  });
});

describe('what the net masks', () => {
  it('masks a whole PEM private key block, not only its header', () => {
    const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7';
    for (const nl of ['\n', '\\n']) {
      const text = `key=-----BEGIN PRIVATE KEY-----${nl}${body}${nl}${body}${nl}-----END PRIVATE KEY----- done`;
      expect(fullyMasked(text, body), JSON.stringify(nl)).toBe(true);
    }
  });

  it.each([
    ['a classic GitHub token', githubToken()],
    ['a JWT', jwt()],
    ['a bearer credential', 'Bearer Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4OQ'],
    ['a card number', '4111111111111111'],
    ['a Discover card number', '6011111111111117'],
    ['a card number in groups', '4111 1111 1111 1111'],
    ['an SSN', '123-45-6789'],
    ['an IBAN in groups of four', 'GB82 WEST 1234 5698 7654 32'],
    ['an e-mail address', 'alice@example.com'],
  ])('masks %s', (_what, secret) => {
    expect(fullyMasked(`value ${secret} end`, secret)).toBe(true);
  });

  it.each(SPLITS)(
    'masks, on the %s scanner fixtures, every range the engine removes with a covered detector',
    (split) => {
      // Every detector redacts (no pseudonyms, no drops), so each removed range is visible in the output.
      const redactor = createRedactor({
        detectors: Object.fromEntries(DETECTOR_NAMES.map((n) => [n, { action: 'redact' as const }])),
      });
      let checked = 0;
      const missed: string[] = [];
      for (const source of loadScannerFixtures(split)) {
        for (const c of source.cases) {
          if (c.kind !== 'positive') continue;
          const report = createReport();
          const out = redactor.redactValue(c.text, undefined, report) as string;
          const detectors = [...report.findings.keys()].map((k) => k.split(':')[0] as string);
          // Only cases whose findings all come from covered detectors: the net claims nothing for the others.
          if (detectors.length === 0 || !detectors.every((d) => covered.has(d))) continue;
          const { ranges, exact } = alignRedaction(c.text, out);
          expect(exact, c.id).toBe(true);
          for (const r of ranges) {
            checked++;
            if (!rangeMasked(c.text, r.start, r.end)) missed.push(`${source.source}/${c.rule}/${c.id}`);
          }
        }
      }
      expect(checked).toBeGreaterThan(100);
      expect(missed).toEqual([]);
    },
    60_000,
  );
});
