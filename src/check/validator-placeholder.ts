// Placeholder for src/validation/ (the schema validator), deleted when it lands.
export interface SchemaIssue {
  path: ReadonlyArray<string | number>;
  rule: 'unknown-field' | 'type' | 'required' | 'enum' | 'format' | 'bounds' | 'pattern' | 'list-set' | 'list-map' | 'cel' | 'null';
  severity: 'error' | 'info';
  message: string;
}
export interface CompiledSchema {
  validate(object: unknown): SchemaIssue[];
}
export function compileSchema(_input: { document: unknown; schema: unknown; source: 'openapi/v3' | 'openapi/v2' }): CompiledSchema {
  return { validate: () => [] };
}
