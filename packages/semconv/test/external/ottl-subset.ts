/**
 * A strict parser and evaluator for the subset of OTTL the collector helpers generate, written from the OTTL grammar
 * (collector-contrib `pkg/ottl/LANGUAGE.md`), the log context paths (`pkg/ottl/contexts/internal/ctxlog/log.go`:
 * `event_name`, `attributes`, …) and the functions used (`set`, `delete_key`, `IsMatch`, `Concat` in `pkg/ottl/ottlfuncs`).
 *
 * Parsing checks the statements are well-formed OTTL for `log_statements` (only `log` and `resource` path prefixes);
 * evaluating them on a record lets a test compare the collector's result with the TypeScript projections.
 */

type Token =
  | { readonly kind: 'ident'; readonly text: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'punct'; readonly text: string };

export class OttlSyntaxError extends Error {
  override readonly name = 'OttlSyntaxError';
}

const PUNCT = ['==', '!=', '<=', '>=', '(', ')', '[', ']', ',', '.', '<', '>'];

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src.charAt(i);
    if (c === ' ') {
      i++;
      continue;
    }
    if (c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new OttlSyntaxError(`unterminated string in: ${src}`);
        const d = src.charAt(i);
        if (d === '\\') {
          const next = src.charAt(i + 1);
          if (next !== '"' && next !== '\\') throw new OttlSyntaxError(`unsupported escape \\${next}`);
          value += next;
          i += 2;
        } else if (d === '"') {
          i++;
          break;
        } else {
          value += d;
          i++;
        }
      }
      tokens.push({ kind: 'string', value });
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]{0,63}/.exec(src.slice(i, i + 64));
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0] });
      i += ident[0].length;
      continue;
    }
    const num = /^-?[0-9]{1,18}(\.[0-9]{1,18})?/.exec(src.slice(i, i + 40));
    if (num) {
      tokens.push({ kind: 'number', value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const p = PUNCT.find((q) => src.startsWith(q, i));
    if (!p) throw new OttlSyntaxError(`unexpected character ${JSON.stringify(c)} at ${i} in: ${src}`);
    tokens.push({ kind: 'punct', text: p });
    i += p.length;
  }
  return tokens;
}

export type Value =
  | { readonly type: 'literal'; readonly value: string | number | boolean | undefined }
  | { readonly type: 'list'; readonly items: readonly Value[] }
  | { readonly type: 'path'; readonly context: 'log' | 'resource'; readonly field: string; readonly key?: string }
  | { readonly type: 'converter'; readonly name: string; readonly args: readonly Value[] };

export type BoolExpr =
  | { readonly op: 'and' | 'or'; readonly left: BoolExpr; readonly right: BoolExpr }
  | { readonly op: 'not'; readonly expr: BoolExpr }
  | { readonly op: 'cmp'; readonly cmp: string; readonly left: Value; readonly right: Value }
  | { readonly op: 'value'; readonly value: Value };

export interface Statement {
  readonly editor: string;
  readonly args: readonly Value[];
  readonly where?: BoolExpr;
}

/** Log context fields (`ctxlog`), resource context fields; `attributes` takes one string key. */
const LOG_FIELDS = new Set([
  'time_unix_nano',
  'observed_time_unix_nano',
  'time',
  'observed_time',
  'severity_number',
  'severity_text',
  'body',
  'attributes',
  'dropped_attributes_count',
  'flags',
  'trace_id',
  'span_id',
  'event_name',
]);
const RESOURCE_FIELDS = new Set(['attributes', 'dropped_attributes_count']);
const EDITORS = new Set(['set', 'delete_key']);
const CONVERTERS = new Set(['IsMatch', 'Concat']);

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly src: string,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  private isPunct(text: string): boolean {
    const t = this.peek();
    return t?.kind === 'punct' && t.text === text;
  }
  private isIdent(text: string): boolean {
    const t = this.peek();
    return t?.kind === 'ident' && t.text === text;
  }
  private expectPunct(text: string): void {
    if (!this.isPunct(text)) throw new OttlSyntaxError(`expected "${text}" at token ${this.pos} in: ${this.src}`);
    this.pos++;
  }
  private ident(): string {
    const t = this.peek();
    if (t?.kind !== 'ident') throw new OttlSyntaxError(`expected an identifier at token ${this.pos} in: ${this.src}`);
    this.pos++;
    return t.text;
  }

  statement(): Statement {
    const editor = this.ident();
    if (!/^[a-z]/.test(editor) || !EDITORS.has(editor)) throw new OttlSyntaxError(`unknown editor ${editor}`);
    const args = this.args();
    let whereExpr: BoolExpr | undefined;
    if (this.isIdent('where')) {
      this.pos++;
      whereExpr = this.boolExpr();
    }
    this.end();
    return { editor, args, ...(whereExpr ? { where: whereExpr } : {}) };
  }

  condition(): BoolExpr {
    const expr = this.boolExpr();
    this.end();
    return expr;
  }

  private end(): void {
    if (this.pos !== this.tokens.length) throw new OttlSyntaxError(`trailing tokens at ${this.pos} in: ${this.src}`);
  }

  private args(): Value[] {
    this.expectPunct('(');
    const args: Value[] = [];
    if (!this.isPunct(')')) {
      args.push(this.value());
      while (this.isPunct(',')) {
        this.pos++;
        args.push(this.value());
      }
    }
    this.expectPunct(')');
    return args;
  }

  private value(): Value {
    const t = this.peek();
    if (!t) throw new OttlSyntaxError(`unexpected end of: ${this.src}`);
    if (t.kind === 'string') {
      this.pos++;
      return { type: 'literal', value: t.value };
    }
    if (t.kind === 'number') {
      this.pos++;
      return { type: 'literal', value: t.value };
    }
    if (t.kind === 'punct' && t.text === '[') {
      this.pos++;
      const items: Value[] = [];
      if (!this.isPunct(']')) {
        items.push(this.value());
        while (this.isPunct(',')) {
          this.pos++;
          items.push(this.value());
        }
      }
      this.expectPunct(']');
      return { type: 'list', items };
    }
    if (t.kind !== 'ident') throw new OttlSyntaxError(`unexpected token at ${this.pos} in: ${this.src}`);
    if (t.text === 'nil' || t.text === 'true' || t.text === 'false') {
      this.pos++;
      return { type: 'literal', value: t.text === 'nil' ? undefined : t.text === 'true' };
    }
    if (/^[A-Z]/.test(t.text)) {
      this.pos++;
      if (!CONVERTERS.has(t.text)) throw new OttlSyntaxError(`unknown converter ${t.text}`);
      return { type: 'converter', name: t.text, args: this.args() };
    }
    return this.path();
  }

  private path(): Value {
    const context = this.ident();
    if (context !== 'log' && context !== 'resource') {
      throw new OttlSyntaxError(`path prefix ${context} is not allowed in log_statements`);
    }
    this.expectPunct('.');
    const field = this.ident();
    if (!(context === 'log' ? LOG_FIELDS : RESOURCE_FIELDS).has(field)) {
      throw new OttlSyntaxError(`${context}.${field} is not a ${context} context path`);
    }
    if (this.isPunct('[')) {
      if (field !== 'attributes') throw new OttlSyntaxError(`${context}.${field} cannot be indexed`);
      this.pos++;
      const key = this.peek();
      if (key?.kind !== 'string') throw new OttlSyntaxError(`attribute keys must be strings in: ${this.src}`);
      this.pos++;
      this.expectPunct(']');
      return { type: 'path', context, field, key: key.value };
    }
    return { type: 'path', context, field };
  }

  private boolExpr(): BoolExpr {
    let left = this.andExpr();
    while (this.isIdent('or')) {
      this.pos++;
      left = { op: 'or', left, right: this.andExpr() };
    }
    return left;
  }
  private andExpr(): BoolExpr {
    let left = this.notExpr();
    while (this.isIdent('and')) {
      this.pos++;
      left = { op: 'and', left, right: this.notExpr() };
    }
    return left;
  }
  private notExpr(): BoolExpr {
    if (this.isIdent('not')) {
      this.pos++;
      return { op: 'not', expr: this.notExpr() };
    }
    if (this.isPunct('(')) {
      this.pos++;
      const inner = this.boolExpr();
      this.expectPunct(')');
      return inner;
    }
    const left = this.value();
    const t = this.peek();
    if (t?.kind === 'punct' && ['==', '!=', '<', '>', '<=', '>='].includes(t.text)) {
      this.pos++;
      return { op: 'cmp', cmp: t.text, left, right: this.value() };
    }
    if (left.type === 'converter' || (left.type === 'literal' && typeof left.value === 'boolean')) {
      return { op: 'value', value: left };
    }
    throw new OttlSyntaxError(`expected a comparison at token ${this.pos} in: ${this.src}`);
  }
}

/** Parses one OTTL statement of the supported subset; throws {@link OttlSyntaxError}. */
export function parseStatement(src: string): Statement {
  return new Parser(tokenize(src), src).statement();
}

/** Parses one OTTL condition (a `conditions:` entry); throws {@link OttlSyntaxError}. */
export function parseCondition(src: string): BoolExpr {
  return new Parser(tokenize(src), src).condition();
}

/** A log record as the evaluator sees it. */
export interface OttlLogRecord {
  eventName: string;
  readonly attributes: Map<string, unknown>;
  readonly resource: Map<string, unknown>;
}

function evalValue(v: Value, rec: OttlLogRecord): unknown {
  switch (v.type) {
    case 'literal':
      return v.value;
    case 'list':
      return v.items.map((i) => evalValue(i, rec));
    case 'path': {
      if (v.context === 'log' && v.field === 'event_name') return rec.eventName;
      const bag = v.context === 'log' ? rec.attributes : rec.resource;
      if (v.field === 'attributes' && v.key !== undefined) return bag.get(v.key);
      throw new OttlSyntaxError(`evaluator does not read ${v.context}.${v.field}`);
    }
    case 'converter': {
      const args = v.args.map((a) => evalValue(a, rec));
      if (v.name === 'Concat') {
        // ottlfuncs Concat: the string form of each value (bools true/false, numbers in decimal), joined.
        const [values, delimiter] = args;
        return (values as unknown[]).map((x) => String(x)).join(String(delimiter));
      }
      const [target, pattern] = args;
      if (target === undefined) return false;
      return new RegExp(String(pattern)).test(String(target));
    }
  }
}

function evalBool(e: BoolExpr, rec: OttlLogRecord): boolean {
  switch (e.op) {
    case 'and':
      return evalBool(e.left, rec) && evalBool(e.right, rec);
    case 'or':
      return evalBool(e.left, rec) || evalBool(e.right, rec);
    case 'not':
      return !evalBool(e.expr, rec);
    case 'value':
      return evalValue(e.value, rec) === true;
    case 'cmp': {
      const l = evalValue(e.left, rec);
      const r = evalValue(e.right, rec);
      if (e.cmp === '==') return l === r;
      if (e.cmp === '!=') return l !== r;
      throw new OttlSyntaxError(`evaluator does not order-compare (${e.cmp})`);
    }
  }
}

/** Runs one parsed statement on the record (`set` with a nil value leaves the target unchanged). */
export function execute(statement: Statement, rec: OttlLogRecord): void {
  if (statement.where && !evalBool(statement.where, rec)) return;
  const [target, arg] = statement.args;
  if (statement.editor === 'delete_key') {
    if (
      target?.type !== 'path' ||
      target.field !== 'attributes' ||
      target.key !== undefined ||
      arg?.type !== 'literal'
    ) {
      throw new OttlSyntaxError('delete_key(log.attributes, "key") expected');
    }
    (target.context === 'log' ? rec.attributes : rec.resource).delete(String(arg.value));
    return;
  }
  if (target?.type !== 'path' || arg === undefined) throw new OttlSyntaxError('set(path, value) expected');
  const value = evalValue(arg, rec);
  if (value === undefined) return;
  if (target.field === 'event_name') rec.eventName = String(value);
  else if (target.key !== undefined) (target.context === 'log' ? rec.attributes : rec.resource).set(target.key, value);
  else throw new OttlSyntaxError('set target must be log.event_name or an attribute');
}

/** Runs statement groups like the transform processor: a group runs when it has no conditions or one holds. */
export function runGroups(
  groups: ReadonlyArray<{ readonly conditions: readonly string[]; readonly statements: readonly string[] }>,
  rec: OttlLogRecord,
): void {
  for (const group of groups) {
    const conditions = group.conditions.map(parseCondition);
    if (conditions.length > 0 && !conditions.some((c) => evalBool(c, rec))) continue;
    for (const s of group.statements) execute(parseStatement(s), rec);
  }
}
