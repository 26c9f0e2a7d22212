/**
 * Manifests as kapi check reads them: each Kubernetes object with where it came from (file,
 * document, line and column), and each problem found while reading, with its place. Objects
 * and problems are plain data; positions of fields are looked up on demand.
 */

/** 1-based line and column, as editors and SARIF count them. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** A field inside an object: map keys and list indices, e.g. ["spec", "containers", 0, "image"]. */
export type FieldPath = ReadonlyArray<string | number>;

export interface ManifestObject {
  /** The file as the caller named it ("stdin" for -, "helm-release/NS/NAME/REVISION" for a Helm release). */
  file: string;
  /** 0-based index of the YAML document in the file. */
  documentIndex: number;
  /** Index inside a List's items, when the object came out of a List. */
  itemIndex?: number;
  apiVersion: string;
  kind: string;
  /** metadata.name (or generateName), when it is a string. */
  name?: string;
  /** metadata.namespace, when it is a string. */
  namespace?: string;
  /** The object as the server would decode it (for a List item: the item). */
  object: Record<string, unknown>;
  /** Where the object starts. */
  start: SourcePosition;
  /**
   * Where a field is: its key (or list item) when present, else the nearest enclosing one
   * that is, else the object's start.
   */
  positionOf(path: FieldPath): SourcePosition;
}

export type ReadProblemReason =
  /** The file cannot be read: missing, a directory loop, too large, binary. */
  | 'unreadable'
  /** Not YAML or JSON, an alias bomb, nested too deep. */
  | 'unparsable'
  /** The same key twice in one mapping: the server keeps the last. */
  | 'duplicate-key'
  /** A document that is not an object, or has no apiVersion or kind. */
  | 'not-an-object'
  /** A Helm release that cannot be read (forbidden) or decoded. */
  | 'helm-release';

export interface ReadProblem {
  reason: ReadProblemReason;
  file: string;
  documentIndex?: number;
  position: SourcePosition;
  message: string;
  /** The field the problem is at (duplicate keys), when there is one. */
  field?: FieldPath;
  /** What the object is, when it got that far (a duplicate key inside a Deployment). */
  object?: { apiVersion?: string; kind?: string; name?: string; namespace?: string };
}

/** What reading a set of files gives: every object, and every problem, in file order. */
export interface ReadResult {
  objects: ManifestObject[];
  problems: ReadProblem[];
}
