/**
 * A labelled piece of log text: `spans` are exact character ranges inside `text`.
 * `kind: 'positive'` spans must be removed by the redactor; `kind: 'negative'` spans are hard negatives that must
 * survive (they let the report say which look-alike was hit).
 */
export type SpanKind = 'positive' | 'negative';
export type SpanCategory = 'secret' | 'pii' | 'negative';

export interface LabelledSpan {
  start: number;
  end: number;
  /** Positive: the sensitive type (EMAIL, CREDIT_CARD, GITHUB_TOKEN…); negative: the look-alike kind (UUID…). */
  type: string;
  kind: SpanKind;
  category: SpanCategory;
}

export interface Fragment {
  text: string;
  spans: LabelledSpan[];
}

/** A fragment whose whole text (or a marked middle part) is one span: `pre` + value + `post`. */
export function labelled(
  pre: string,
  value: string,
  post: string,
  type: string,
  kind: SpanKind,
  category: SpanCategory,
): Fragment {
  return {
    text: pre + value + post,
    spans: [{ start: pre.length, end: pre.length + value.length, type, kind, category }],
  };
}

export function plain(text: string): Fragment {
  return { text, spans: [] };
}

/** Concatenates fragments, shifting their spans. */
export function join(fragments: readonly Fragment[], separator = ' '): Fragment {
  let text = '';
  const spans: LabelledSpan[] = [];
  fragments.forEach((f, i) => {
    if (i > 0) text += separator;
    for (const s of f.spans) spans.push({ ...s, start: s.start + text.length, end: s.end + text.length });
    text += f.text;
  });
  return { text, spans };
}
