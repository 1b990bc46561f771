/**
 * Extracts the TypeScript snippets of the READMEs and type-checks them the way an application would compile them:
 * strict with `exactOptionalPropertyTypes`, ES modules (NodeNext), against the real `@types/express` 5, fastify, NodeSDK and seclog types. A snippet
 * that is a fragment of a larger program gets the names it assumes from {@link SNIPPET_CONTEXT}; a complete one
 * (the setup snippets are meant to be pasted) gets nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SNIPPET_CONTEXT } from './snippet-context.ts';

/** One fenced TypeScript block. */
export interface Snippet {
  /** `packages/node/README.md#2`: the file and the block's 1-based position in it. */
  readonly id: string;
  readonly file: string;
  /** README line of the block's first code line. */
  readonly line: number;
  readonly code: string;
}

/** A type error, located in the README. */
export interface SnippetError {
  readonly id: string;
  /** `README.md:42` (or `README.md#1 (context)` for an error in the declared context). */
  readonly where: string;
  readonly message: string;
}

/** The READMEs whose snippets are checked: the root one, every package's and every example's. */
export function readmeFiles(root: string): string[] {
  const files = ['README.md'];
  for (const group of ['packages', 'examples']) {
    for (const name of readdirSync(join(root, group)).sort()) {
      const file = join(group, name, 'README.md');
      if (existsSync(join(root, file))) files.push(file);
    }
  }
  return files;
}

/** The ```ts / ```typescript blocks of a markdown text. */
export function extractSnippets(file: string, markdown: string): Snippet[] {
  const snippets: Snippet[] = [];
  const lines = markdown.split('\n');
  let open: { line: number; body: string[] } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] as string;
    const fence = /^\s*```(\S*)\s*$/.exec(text);
    if (open === undefined) {
      if (fence && (fence[1] === 'ts' || fence[1] === 'typescript')) open = { line: i + 2, body: [] };
    } else if (fence) {
      const indent = /^\s*/.exec(lines[open.line - 2] as string)?.[0].length ?? 0;
      const code = open.body.map((l) => l.slice(Math.min(indent, /^\s*/.exec(l)?.[0].length ?? 0))).join('\n');
      snippets.push({ id: `${file}#${snippets.length + 1}`, file, line: open.line, code });
      open = undefined;
    } else {
      open.body.push(text);
    }
  }
  return snippets;
}

/**
 * Type-checks snippets in a scratch folder inside `projectDir/node_modules` (so the project's packages resolve and no
 * tool lints or tracks it), one module per snippet, and returns the errors mapped back to README lines.
 */
export function typeCheckSnippets(
  snippets: readonly Snippet[],
  projectDir: string,
  tscPath: string,
  context: Readonly<Record<string, string>> = SNIPPET_CONTEXT,
): SnippetError[] {
  const dir = join(projectDir, 'node_modules', `.readme-snippets-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    const layout = new Map<string, { snippet: Snippet; contextLines: number }>();
    snippets.forEach((snippet, n) => {
      const name = `snippet-${n + 1}.ts`;
      const prelude = context[snippet.id] ?? '';
      const contextLines = prelude === '' ? 0 : prelude.split('\n').length;
      writeFileSync(join(dir, name), `${prelude === '' ? '' : `${prelude}\n`}${snippet.code}\nexport {};\n`);
      layout.set(name, { snippet, contextLines });
    });
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2023',
          lib: ['ES2024'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          types: ['node'],
          strict: true,
          // What `tsc --init` turns on (TypeScript 7). It only adds errors, so a snippet that passes here passes
          // without it too.
          exactOptionalPropertyTypes: true,
          noEmit: true,
          skipLibCheck: true,
          verbatimModuleSyntax: false,
          isolatedModules: true,
        },
        include: ['*.ts'],
      }),
    );
    const run = spawnSync(tscPath, ['-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], {
      encoding: 'utf8',
      timeout: 240_000,
    });
    if (run.error) throw run.error;
    const errors: SnippetError[] = [];
    for (const line of `${run.stdout}\n${run.stderr}`.split('\n')) {
      const m = /(snippet-\d+\.ts)\((\d+),(\d+)\): error (TS\d+: .*)$/.exec(line);
      if (m === null) {
        if (/error TS\d+/.test(line)) errors.push({ id: '(project)', where: '(tsconfig)', message: line });
        continue;
      }
      const placed = layout.get(m[1] as string);
      if (placed === undefined) continue;
      const at = Number(m[2]) - placed.contextLines;
      const where =
        at <= 0 ? `${placed.snippet.id} (context)` : `${placed.snippet.file}:${placed.snippet.line + at - 1}`;
      errors.push({ id: placed.snippet.id, where, message: m[4] as string });
    }
    if (run.status !== 0 && errors.length === 0) {
      errors.push({ id: '(tsc)', where: relative(projectDir, dir), message: `tsc exited ${run.status}` });
    }
    return errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every snippet of every README under `root`. */
export function allSnippets(root: string): Snippet[] {
  return readmeFiles(root).flatMap((file) => extractSnippets(file, readFileSync(join(root, file), 'utf8')));
}
