/** What the validator reports: one problem at one field path. See index.ts for the contract. */

export type SchemaRule =
  | 'unknown-field'
  | 'type'
  | 'required'
  | 'enum'
  | 'format'
  | 'bounds'
  | 'pattern'
  | 'list-set'
  | 'list-map'
  | 'cel'
  | 'null';

export interface SchemaIssue {
  /** Field path from the object root: ['spec', 'template', 'spec', 'containers', 0, 'image']. */
  path: ReadonlyArray<string | number>;
  rule: SchemaRule;
  /** info: "not evaluated: …" (a CEL rule kapi cannot evaluate, a walk cut short), never an error. */
  severity: 'error' | 'info';
  /** Why, as the apiserver says it, without the leading field path (e.g. `Unsupported value: "x": supported values: "A", "B"`). */
  message: string;
}
