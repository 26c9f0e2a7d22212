import { type Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';
import { kubectlScalarTags, quickValues } from './kubectl-yaml.js';
import type { FieldPath, ManifestObject, ReadProblem, ReadResult, SourcePosition } from './model.js';

/**
 * One file's text -> its Kubernetes objects, each with a way to find the line and column of a
 * field. YAML is read as kubectl reads it (YAML 1.1: yes/no/on/off are booleans, merge keys
 * work); JSON is YAML too. A multi-document file gives one entry per document; empty documents
 * are skipped, as kubectl skips them; a List (kind List or *List with items) gives its items.
 */

export interface ParseLimits {
  /** Aliases one document may expand (the yaml package's maxAliasCount): a bomb of aliases stops here. */
  maxAliasCount: number;
  /** Nesting of mappings and sequences a document may have. */
  maxDepth: number;
}

export const defaultParseLimits: ParseLimits = { maxAliasCount: 100, maxDepth: 512 };

const documentStart: SourcePosition = { line: 1, column: 1 };

/**
 * Reads one file's objects. Values come from the fast reader when it can be trusted (see
 * quickValues) and from the yaml package otherwise; positions always come from the yaml
 * package, looked up when a finding asks for one. `reader: 'syntax'` forces the yaml package
 * (the tests compare the two).
 */
export function parseManifests(
  file: string,
  text: string,
  limits: ParseLimits = defaultParseLimits,
  reader: 'fast' | 'syntax' = 'fast',
): ReadResult {
  const values = reader === 'fast' ? quickValues(text, limits.maxDepth) : undefined;
  if (!values) return parseWithSyntax(file, text, limits);
  const result: ReadResult = { objects: [], problems: [] };
  values.forEach((value, documentIndex) => {
    if (value === null || value === undefined) return;
    const locate = locator(text, documentIndex, () => documentStart);
    addDocument(
      result,
      file,
      documentIndex,
      value,
      once(() => locate([])),
      locate,
    );
  });
  return result;
}

function parseWithSyntax(file: string, text: string, limits: ParseLimits): ReadResult {
  const lineCounter = new LineCounter();
  const position = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const result: ReadResult = { objects: [], problems: [] };
  // An empty stream answers an EmptyStream, an empty array.
  let documents: Document.Parsed[];
  try {
    documents = parseDocuments(text, lineCounter);
  } catch (error) {
    // The parser recurses into flow collections: one nested past the stack is too deep to read.
    if (!(error instanceof RangeError)) throw error;
    result.problems.push({ reason: 'unparsable', file, position: documentStart, message: tooDeep(limits) });
    return result;
  }
  documents.forEach((document, documentIndex) => {
    const start = document.contents ? position(document.contents.range[0]) : documentStart;
    const problem = (reason: ReadProblem['reason'], message: string, at = start): ReadProblem => ({
      reason,
      file,
      documentIndex,
      position: at,
      message,
    });
    const fatal = document.errors.find((error) => error.code !== 'DUPLICATE_KEY');
    if (fatal) {
      // The parser records a stack overflow on a deeply nested flow collection as an error of its own.
      const message = /call stack/i.test(fatal.message) ? tooDeep(limits) : `not valid YAML: ${fatal.message}`;
      result.problems.push(problem('unparsable', message, position(fatal.pos[0])));
      return;
    }
    const depth = nestingDepth(document.contents, limits.maxDepth);
    if (depth > limits.maxDepth) {
      result.problems.push(problem('unparsable', tooDeep(limits)));
      return;
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: limits.maxAliasCount });
    } catch (error) {
      const message =
        error instanceof ReferenceError && /alias/i.test(error.message)
          ? `its aliases expand past ${limits.maxAliasCount} nodes (a YAML alias bomb): not read`
          : error instanceof RangeError
            ? tooDeep(limits)
            : `not valid YAML: ${(error as Error).message}`;
      result.problems.push(problem('unparsable', message));
      return;
    }
    if (value === null || value === undefined) return;
    if (document.errors.some((error) => error.code === 'DUPLICATE_KEY')) {
      const identity = identify(value);
      for (const duplicate of duplicateKeys(document.contents)) {
        result.problems.push({
          ...problem(
            'duplicate-key',
            `duplicate key ${JSON.stringify(duplicate.path.at(-1))}: the server keeps the last value`,
            position(duplicate.offset),
          ),
          field: duplicate.path,
          ...(identity.ok ? { object: identity.summary } : {}),
        });
      }
    }
    addDocument(
      result,
      file,
      documentIndex,
      value,
      () => start,
      locator(text, documentIndex, () => start),
    );
  });
  return result;
}

/** One document's value as objects (a List's items, each) or a problem at the document's start. */
function addDocument(
  result: ReadResult,
  file: string,
  documentIndex: number,
  value: unknown,
  start: () => SourcePosition,
  locate: (path: FieldPath) => SourcePosition,
): void {
  const identity = identify(value);
  if (!identity.ok) {
    result.problems.push({ reason: 'not-an-object', file, documentIndex, position: start(), message: identity.problem });
    return;
  }
  const { object, summary } = identity;
  const items = object.items;
  if (summary.kind.endsWith('List') && Array.isArray(items)) {
    items.forEach((item: unknown, itemIndex) => {
      const itemStart = once(() => locate(['items', itemIndex]));
      const itemIdentity = identify(item);
      if (!itemIdentity.ok) {
        result.problems.push({
          reason: 'not-an-object',
          file,
          documentIndex,
          position: itemStart(),
          message: `${summary.kind} item ${itemIndex}: ${itemIdentity.problem}`,
        });
        return;
      }
      result.objects.push({
        file,
        documentIndex,
        itemIndex,
        ...itemIdentity.summary,
        object: itemIdentity.object,
        get start() {
          return itemStart();
        },
        positionOf: (path) => locate(['items', itemIndex, ...path]),
      });
    });
    return;
  }
  result.objects.push({
    file,
    documentIndex,
    ...summary,
    object,
    get start() {
      return start();
    },
    positionOf: locate,
  });
}

/** Where a field of one document is, from the text parsed again by the yaml package (see syntaxOf). */
function locator(text: string, documentIndex: number, fallback: () => SourcePosition): (path: FieldPath) => SourcePosition {
  return (path) => {
    const syntax = syntaxOf(text);
    const document = syntax.documents[documentIndex];
    const offset = document ? offsetOf(document, path) : undefined;
    if (offset === undefined) return fallback();
    const { line, col } = syntax.lineCounter.linePos(offset);
    return { line, column: col };
  };
}

function once<T>(compute: () => T): () => T {
  let computed: { value: T } | undefined;
  return () => {
    computed ??= { value: compute() };
    return computed.value;
  };
}

function tooDeep(limits: ParseLimits): string {
  return `nested deeper than ${limits.maxDepth} levels: not read`;
}

type Identity =
  | {
      ok: true;
      object: Record<string, unknown>;
      summary: Pick<ManifestObject, 'apiVersion' | 'kind' | 'name' | 'namespace'>;
    }
  | { ok: false; problem: string };

/** An object with string apiVersion and kind, as the server requires, and its name and namespace when they are strings. */
function identify(value: unknown): Identity {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: `the document is ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}, not an object` };
  }
  const object = value as Record<string, unknown>;
  const missing = ['apiVersion', 'kind'].filter((key) => typeof object[key] !== 'string' || object[key] === '');
  if (missing.length > 0) return { ok: false, problem: `the object has no ${missing.join(' and no ')} (a string)` };
  const metadata = typeof object.metadata === 'object' && object.metadata !== null ? (object.metadata as Record<string, unknown>) : {};
  const text = (key: string) => (typeof metadata[key] === 'string' ? (metadata[key] as string) : undefined);
  const name = text('name') ?? text('generateName');
  const namespace = text('namespace');
  return {
    ok: true,
    object,
    summary: {
      apiVersion: object.apiVersion as string,
      kind: object.kind as string,
      ...(name !== undefined ? { name } : {}),
      ...(namespace !== undefined ? { namespace } : {}),
    },
  };
}

/** The deepest nesting of mappings and sequences, walked without recursion; stops counting past `limit`. */
function nestingDepth(root: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (isMap(node) || isSeq(node)) {
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
      for (const item of node.items) {
        if (isPair(item)) {
          stack.push([item.key, depth + 1], [item.value, depth + 1]);
        } else stack.push([item, depth + 1]);
      }
    }
  }
  return deepest;
}

/** Every key that repeats in its mapping (each repeat after the first), with its path; walked without recursion. */
function duplicateKeys(root: unknown): Array<{ path: FieldPath; offset: number }> {
  const found: Array<{ path: FieldPath; offset: number }> = [];
  const stack: Array<[unknown, FieldPath]> = [[root, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop() as [unknown, FieldPath];
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = keyText(pair.key);
        if (key === undefined) continue;
        if (seen.has(key)) found.push({ path: [...path, key], offset: (pair.key as Node).range?.[0] ?? 0 });
        seen.add(key);
        stack.push([pair.value, [...path, key]]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        stack.push([item, [...path, index]]);
      });
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}

function parseDocuments(text: string, lineCounter: LineCounter): Document.Parsed[] {
  return Array.from(
    parseAllDocuments(text, { lineCounter, version: '1.1', customTags: kubectlScalarTags, uniqueKeys: true, prettyErrors: false }),
  );
}

/**
 * A field's position is looked up in the text again, parsed once more, when a finding asks for
 * it: keeping the syntax tree of every document of thousands of files costs more (memory, and
 * the collector's time) than parsing the few files with findings twice. The last file parsed is
 * kept, since its objects' findings are asked for together.
 */
let lastSyntax: { text: string; documents: Document.Parsed[]; lineCounter: LineCounter } | undefined;
function syntaxOf(text: string): { documents: Document.Parsed[]; lineCounter: LineCounter } {
  if (lastSyntax?.text !== text) {
    const lineCounter = new LineCounter();
    lastSyntax = { text, documents: parseDocuments(text, lineCounter), lineCounter };
  }
  return lastSyntax;
}

/**
 * The offset of a field: of its key for a mapping entry (the last one when the key repeats, as
 * the server keeps the last), of the item for a list entry. A path that leaves the document
 * stops at the deepest node it reached.
 */
function offsetOf(document: Document, path: FieldPath): number | undefined {
  let node: unknown = document.contents;
  let offset = (node as Node | null)?.range?.[0];
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(document);
    if (isMap(node)) {
      const pair = node.items.findLast((item) => keyText(item.key) === String(segment));
      if (!pair) return offset;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) return offset;
      offset = (item as Node | null)?.range?.[0] ?? offset;
      node = item;
    } else return offset;
  }
  return offset;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}
