import { join } from 'node:path';
import { Node, Project, type JSDocableNode, type SourceFile } from 'ts-morph';
import { REPO_ROOT } from '../tracing/source-index.ts';

/** A traced function's source as ts-morph finds it. */
export interface FunctionExcerpt {
  /** Path relative to the repository root. */
  filepath: string;
  /** 1-based line of the declaration, after its JSDoc. */
  startLine: number;
  /** 1-based line of the closing brace (or the statement's end). */
  endLine: number;
  /** The lines startLine..endLine, indentation kept. */
  text: string;
  /** The JSDoc text above the declaration, without its tags; '' if none. */
  description: string;
  /** The `@go` tag's text (`plugin/store.go:58-65`), if present. */
  goTag?: string;
}

/**
 * Finds traced functions with ts-morph. One instance parses each file once,
 * so a whole render pass should share one.
 */
export class ExcerptFinder {
  private readonly project = new Project({
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    compilerOptions: { allowJs: false },
  });
  private readonly cache = new Map<string, FunctionExcerpt | null>();

  constructor(private readonly root: string = REPO_ROOT) {}

  /**
   * Returns the declaration of `name` in `filepath` (relative to the root):
   * a function, a `const` holding one, or a `Class.member` method, property
   * or constructor. Throws, naming both, when ts-morph finds no such
   * declaration.
   */
  find(filepath: string, name: string): FunctionExcerpt {
    const key = `${filepath}#${name}`;
    let excerpt = this.cache.get(key);

    if (excerpt === undefined) {
      excerpt = this.lookUp(filepath, name);
      this.cache.set(key, excerpt);
    }

    if (excerpt === null) {
      throw new Error(`function ${name} is not declared in ${filepath}: ts-morph found no such function, method or const`);
    }

    return excerpt;
  }

  private lookUp(filepath: string, name: string): FunctionExcerpt | null {
    if (filepath.startsWith('/') || filepath.split('/').includes('..')) {
      throw new Error(`span file ${filepath} is not a path inside the repository`);
    }

    const file = this.sourceFile(filepath);
    const node = declarationOf(file, name);

    if (node === undefined) {
      return null;
    }

    const startLine = node.getStartLineNumber(false);
    const endLine = node.getEndLineNumber();
    const lines = file.getFullText().split('\n').slice(startLine - 1, endLine);
    const docs = Node.isJSDocable(node) ? (node as unknown as JSDocableNode).getJsDocs() : [];
    const doc = docs.at(-1);
    const goTag = doc
      ?.getTags()
      .find((tag) => tag.getTagName() === 'go')
      ?.getCommentText()
      ?.trim()
      .split(/\s+/)[0];
    const excerpt: FunctionExcerpt = {
      filepath,
      startLine,
      endLine,
      text: lines.join('\n'),
      description: (doc?.getDescription() ?? '').trim(),
    };

    if (goTag !== undefined && goTag !== '') {
      excerpt.goTag = goTag;
    }

    return excerpt;
  }

  private sourceFile(filepath: string): SourceFile {
    const absolute = join(this.root, filepath);
    const existing = this.project.getSourceFile(absolute);

    if (existing !== undefined) {
      return existing;
    }

    try {
      return this.project.addSourceFileAtPath(absolute);
    } catch (error) {
      throw new Error(`cannot open ${filepath} to extract its functions: ${(error as Error).message}`);
    }
  }
}

function declarationOf(file: SourceFile, name: string): Node | undefined {
  const dot = name.indexOf('.');

  if (dot === -1) {
    return file.getFunction(name) ?? file.getVariableStatement(name);
  }

  const owner = file.getClass(name.slice(0, dot));
  const member = name.slice(dot + 1);

  if (owner === undefined) {
    return undefined;
  }

  if (member === 'constructor') {
    return owner.getConstructors()[0];
  }

  return owner.getMethod(member) ?? owner.getProperty(member) ?? owner.getGetAccessor(member);
}

/** Removes the indentation every non-blank line shares (methods sit inside a class). */
export function dedent(text: string): string {
  const lines = text.split('\n');
  const widths = lines.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)![0].length);
  const common = widths.length === 0 ? 0 : Math.min(...widths);

  return lines.map((line) => line.slice(common)).join('\n');
}
