import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The declaration of a traced function and the Go function it ports. */
export interface FunctionSource {
  /** Path of the TypeScript file, relative to the repository root. */
  filepath: string;
  /** 1-based line of the declaration (after its JSDoc). */
  lineno: number;
  /** The `@go` tag's path, for example `plugin/backend_linux.go`, if any. */
  goPath?: string;
  /** The `@go` tag's line range, for example `626-725`, if any. */
  goLines?: string;
}

/** Root of this repository: the folder that contains package.json. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

const GO_TAG = /^(\S+\.go):(\d+-\d+)$/;

const fileIndexes = new Map<string, Map<string, FunctionSource>>();

/**
 * Finds a function declared in a module of this repository.
 *
 * `name` is a plain function name (`runCreate`), a `Class.method` pair
 * (`Manager.createFromContext`) or the name of a `const` holding an arrow
 * function. Parsing uses the TypeScript compiler, once per file.
 */
export function findFunctionSource(
  moduleUrl: string,
  name: string,
): FunctionSource | undefined {
  const file = moduleUrl.startsWith('file:') ? fileURLToPath(moduleUrl) : moduleUrl;
  let index = fileIndexes.get(file);

  if (index === undefined) {
    index = indexFile(file);
    fileIndexes.set(file, index);
  }

  return index.get(name);
}

function indexFile(file: string): Map<string, FunctionSource> {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const filepath = relative(REPO_ROOT, file).split('\\').join('/');
  const index = new Map<string, FunctionSource>();

  const add = (name: string, node: ts.Node): void => {
    const start = node.getStart(source, false);
    const lineno = source.getLineAndCharacterOfPosition(start).line + 1;
    const entry: FunctionSource = { filepath, lineno };
    const go = goTagOf(node);

    if (go !== undefined) {
      entry.goPath = go.path;
      entry.goLines = go.lines;
    }

    index.set(name, entry);
  };

  const visit = (node: ts.Node, owner?: string): void => {
    if (ts.isFunctionDeclaration(node) && node.name !== undefined) {
      add(node.name.text, node);
    } else if (ts.isClassDeclaration(node) && node.name !== undefined) {
      const className = node.name.text;

      for (const member of node.members) {
        if (
          (ts.isMethodDeclaration(member) || ts.isPropertyDeclaration(member)) &&
          member.name !== undefined &&
          ts.isIdentifier(member.name)
        ) {
          add(`${className}.${member.name.text}`, member);
        } else if (ts.isConstructorDeclaration(member)) {
          add(`${className}.constructor`, member);
        }
      }
      return;
    } else if (ts.isVariableStatement(node) && owner === undefined) {
      for (const declaration of node.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) {
          add(declaration.name.text, node);
        }
      }
    }

    if (ts.isSourceFile(node)) {
      node.forEachChild((child) => visit(child));
    }
  };

  visit(source);
  return index;
}

function goTagOf(node: ts.Node): { path: string; lines: string } | undefined {
  for (const tag of ts.getJSDocTags(node)) {
    if (tag.tagName.text !== 'go') {
      continue;
    }

    const comment = ts.getTextOfJSDocComment(tag.comment)?.trim().split(/\s+/)[0] ?? '';
    const match = GO_TAG.exec(comment);

    if (match === null) {
      throw new Error(`invalid @go tag "${comment}": expected PATH.go:START-END`);
    }

    return { path: match[1]!, lines: match[2]! };
  }

  return undefined;
}
