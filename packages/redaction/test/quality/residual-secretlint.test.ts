import { lintSource } from '@secretlint/core';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/index.js';
import { buildQualityCorpus } from './corpus/log-corpus.ts';

type LintResult = Awaited<ReturnType<typeof lintSource>>;

/**
 * seclog replacement tokens (`[REDACTED:URL_PASSWORD]`, `<username:kid:tok>`) contain a colon, which secretlint's
 * connection-string rule reads as a `user:password` separator. Before the residual scan every token becomes the
 * Collector redaction processor's mask `****`, which secretlint recognises as masked; only token text is replaced,
 * so any surviving secret character is still scanned.
 */
const TOKEN =
  /\[REDACTED:[A-Za-z0-9_.-]{1,64}\]|\[TRUNCATED:[^\]]{0,64}\]|\[REDACTION_ERROR\]|<[A-Za-z0-9_.-]{1,64}:[A-Za-z0-9_.-]{1,32}:[A-Za-z0-9_-]{1,64}>/g;
const normalizeTokens = (text: string): string => text.replace(TOKEN, '****');

async function secretlint(content: string): Promise<LintResult> {
  return lintSource({
    source: { content, filePath: '/virtual/redacted.log', contentType: 'text' },
    options: {
      config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedPreset }] },
      // Messages never carry the matched value.
      maskSecrets: true,
    },
  });
}

// An independent detector (secretlint's recommended preset) must find nothing in what we emit.
describe('residual scan of the redacted synthetic corpus with secretlint', () => {
  // GitHub-shaped strings with a wrong CRC32 are hard negatives for us (kept) but secretlint does not check the CRC.
  const corpus = buildQualityCorpus({
    seed: 4242,
    perType: 20,
    negativesPerKind: 5,
    excludeNegatives: ['GITHUB_BAD_CHECKSUM'],
  });
  const raw = corpus.map((f) => f.text).join('\n');
  let before: LintResult;

  beforeAll(async () => {
    before = await secretlint(raw);
  });

  it('finds secrets of many kinds in the unredacted corpus (so the check can fail)', () => {
    const rules = new Set(before.messages.map((m) => m.ruleId));
    expect(before.messages.length).toBeGreaterThan(100);
    expect(rules.size).toBeGreaterThanOrEqual(10);
  });

  it('finds nothing in the corpus redacted with the default policy', async () => {
    const redactor = createRedactor();
    const redacted = corpus.map((f) => redactor.redactText(f.text)).join('\n');
    const after = await secretlint(normalizeTokens(redacted));
    expect(after.messages.map((m) => `${m.ruleId}: ${m.message}`)).toEqual([]);
  });

  it('finds nothing in the corpus redacted value by value as structured attributes', async () => {
    const redactor = createRedactor();
    const attrs = Object.fromEntries(corpus.map((f, i) => [`line_${i}`, f.text]));
    const redacted = Object.values(redactor.redactAttributes(attrs)).join('\n');
    const after = await secretlint(normalizeTokens(redacted));
    expect(after.messages.map((m) => `${m.ruleId}: ${m.message}`)).toEqual([]);
  });
});
