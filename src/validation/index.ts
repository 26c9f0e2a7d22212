/**
 * Validate an object against its kind's published OpenAPI schema, as the
 * apiserver's strict field validation (`kubectl create --validate=strict`)
 * would judge it. A pure library: no I/O, no printing; issues carry a field
 * path, and mapping a path to a file position is the caller's job.
 *
 * The contract (`kapi check` codes against it):
 *
 *   interface SchemaIssue {
 *     path: ReadonlyArray<string | number>;  // from the object root: ['spec','template','spec','containers',0,'image']
 *     rule: 'unknown-field' | 'type' | 'required' | 'enum' | 'format' | 'bounds' | 'pattern'
 *         | 'list-set' | 'list-map' | 'cel' | 'null';
 *     severity: 'error' | 'info';            // info: "not evaluated: …", never an error
 *     message: string;                       // why, as the apiserver says it, without the leading field path
 *   }
 *   interface CompiledSchema { validate(object: unknown): SchemaIssue[] }
 *   function compileSchema(input: { document; schema; source: 'openapi/v3' | 'openapi/v2';
 *                                   servedBy?: 'crd' | 'native'; statusSubresource?: boolean }): CompiledSchema
 *
 * The input is what src/openapi/resource-schemas.ts loadResourceSchemas()
 * returns per resource (ResourceSchema). Pass `servedBy` from the surface
 * (`crd` when the group-version is served by CRDs, `native` for built-in and
 * aggregated APIs); without it, a kind whose component name starts with
 * io.k8s. is taken as native and any other as a CRD. `statusSubresource`
 * defaults to whether the document has a /status path for the kind.
 *
 * What is an error, per source (the apiserver is the oracle):
 * - native kinds: what the Go decoder rejects (unknown fields, JSON types,
 *   int32 range, Quantity/Time/base64 syntax; null is always accepted), a
 *   required field without a zero-value default, and a string outside an enum
 *   ("" excepted: defaulting fills it). Formats, bounds, patterns and list
 *   types in built-in schemas are left to Go validation (not reported).
 *   status is reset on create, so only its decoding is checked.
 * - CRDs: the whole structural schema, after structural defaulting (nulls in
 *   non-nullable fields pruned or defaulted): required, enum, formats,
 *   bounds, patterns, list-type set/map, anyOf/oneOf/not, and CEL rules
 *   (src/validation/cel.ts; a rule kapi cannot evaluate is info "not
 *   evaluated: …"; rules are skipped, as by the apiserver, when a type,
 *   format, required or too-long/too-many error blocks them).
 *   Metadata is ObjectMeta, checked as a native Go type.
 *
 * Compile once per group-version-kind; compiled sub-schemas are cached per
 * document by reference, so kinds of one group-version share them.
 */

import { celRuleEvaluator } from './cel.js';
import { SchemaCompiler } from './compile.js';
import type { SchemaIssue } from './issue.js';
import { Walker } from './walk.js';

export type { SchemaIssue, SchemaRule } from './issue.js';

export interface CompiledSchema {
  validate(object: unknown): SchemaIssue[];
}

export interface CompileInput {
  document: unknown;
  schema: unknown;
  source: 'openapi/v3' | 'openapi/v2';
  /** crd: the apiserver enforces the whole structural schema; native: built-in or aggregated (Go decoding and validation). */
  servedBy?: 'crd' | 'native';
  /** Whether the kind has a status subresource (on create, the apiserver then drops status before validating). */
  statusSubresource?: boolean;
}

const compilers = new WeakMap<object, Map<string, SchemaCompiler>>();

function compilerFor(document: unknown, source: CompileInput['source']): SchemaCompiler {
  if (typeof document !== 'object' || document === null) return new SchemaCompiler(document, source);
  let bySource = compilers.get(document);
  if (!bySource) {
    bySource = new Map();
    compilers.set(document, bySource);
  }
  let compiler = bySource.get(source);
  if (!compiler) {
    compiler = new SchemaCompiler(document, source);
    bySource.set(source, compiler);
  }
  return compiler;
}

export function compileSchema(input: CompileInput): CompiledSchema {
  const compiler = compilerFor(input.document, input.source);
  const names = schemaNames(input.document, input.source, input.schema);
  const crd = input.servedBy === undefined ? !names.some((name) => name.startsWith('io.k8s.')) : input.servedBy === 'crd';
  const statusSubresource = input.statusSubresource ?? hasStatusPath(input.document, input.schema);
  const evaluateRules = celRuleEvaluator(compiler);
  let root: ReturnType<SchemaCompiler['compile']> | undefined;
  return {
    validate(object: unknown): SchemaIssue[] {
      root ??= compiler.compile(input.schema);
      const walker = new Walker(compiler, { crd, statusSubresource, evaluateRules });
      try {
        return walker.run(object, root);
      } catch (error) {
        // A safety net for what the walk's bounds did not foresee: what was found stands, the rest is not evaluated.
        const why = error instanceof Error ? error.message : String(error);
        return [...walker.issues, { path: [], rule: 'type', severity: 'info', message: `not evaluated: ${why}` }];
      }
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function components(document: unknown, source: CompileInput['source']): Record<string, unknown> {
  if (!isRecord(document)) return {};
  if (source === 'openapi/v2') return isRecord(document.definitions) ? document.definitions : {};
  const holder = isRecord(document.components) ? document.components : {};
  return isRecord(holder.schemas) ? holder.schemas : {};
}

/** The component names the schema is published under (found by identity, as loadResourceSchemas hands it over). */
function schemaNames(document: unknown, source: CompileInput['source'], schema: unknown): string[] {
  return Object.entries(components(document, source))
    .filter(([, value]) => value === schema)
    .map(([name]) => name);
}

/** Whether the document serves a /status path for the schema's kind. */
function hasStatusPath(document: unknown, schema: unknown): boolean {
  if (!isRecord(document) || !isRecord(document.paths) || !isRecord(schema)) return false;
  const gvks = Array.isArray(schema['x-kubernetes-group-version-kind']) ? schema['x-kubernetes-group-version-kind'] : [];
  const kinds = new Set(gvks.filter(isRecord).map((gvk) => gvk.kind));
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.endsWith('/status') || !isRecord(item)) continue;
    for (const operation of Object.values(item)) {
      if (isRecord(operation) && isRecord(operation['x-kubernetes-group-version-kind'])) {
        if (kinds.has(operation['x-kubernetes-group-version-kind'].kind)) return true;
      }
    }
  }
  return false;
}
