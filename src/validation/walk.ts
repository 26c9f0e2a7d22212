import { acceptAll, type SchemaCompiler, type SchemaNode } from './compile.js';
import { isBase64, isQuantity, isRfc3339, quantityMessage, satisfiesCrdFormat } from './formats.js';
import type { SchemaIssue, SchemaRule } from './issue.js';
import { type FieldPath, fieldPathText, jsonKind, openApiKind, quoteValue } from './paths.js';
import { compileRegex } from './regex.js';

/**
 * One walk of an object against a compiled schema, in the apiserver's passes
 * folded into one descent: decode (unknown fields, types), structural
 * defaulting (CRDs), value validation (required, enum, formats, bounds,
 * patterns, list types) and, after the walk, the CEL rules on the defaulted
 * values. Pure: the object is never changed (defaults are applied to copies).
 *
 * Two modes, chosen per subtree:
 * - native (built-in and aggregated kinds, and any published io.k8s.* Go type
 *   such as ObjectMeta inside a CRD): what Go's strict decoder rejects
 *   (unknown fields, wrong JSON types, int32/int64 overflow, Quantity, Time and
 *   base64 syntax) plus what Go validation certainly rejects and the schema
 *   says (a required field without a zero-value default, a value outside an
 *   enum other than ""). null is accepted anywhere: the decoder reads it as
 *   the zero value.
 * - structural (CRDs): the whole schema, as apiextensions-apiserver enforces
 *   it; a null in a non-nullable field is pruned (or defaulted) first.
 */

export interface WalkOptions {
  crd: boolean;
  /** The kind has a status subresource: on create the apiserver drops status before validating it. */
  statusSubresource: boolean;
  evaluateRules?: RuleEvaluator;
}

/** Evaluates a node's x-kubernetes-validations against its (defaulted) value. */
export type RuleEvaluator = (node: SchemaNode, value: unknown, path: FieldPath, report: (issue: SchemaIssue) => void) => void;

/** Bounds against hostile objects and schemas. */
export const walkLimits = { maxDepth: 200, maxNodes: 2_000_000, maxIssues: 1000 };

interface Place {
  /** The path is kept as a chain and turned into an array only for an issue. */
  parent: Place | undefined;
  key: string | number | undefined;
  native: boolean;
  /** false inside a status the apiserver drops (CRD with status subresource): only unknown fields count. */
  types: boolean;
  /** false inside an ignored status: required, enum, bounds... are not checked. */
  values: boolean;
  /** Probing an anyOf/oneOf/not branch: value checks only, nothing else reported. */
  probe: boolean;
  depth: number;
  /**
   * The schema name of the object whose property this value is ("" when unnamed); undefined
   * for a list item or a map value. Go's decoder names the innermost struct and the
   * property path in its type errors.
   */
  owner: string | undefined;
}

interface PendingRules {
  node: SchemaNode;
  value: unknown;
  path: FieldPath;
}

const int32 = { min: -2147483648, max: 2147483647 };
/** 2^63: JSON numbers at or past it are floats to the apiserver, not int64. */
const int64Bound = 2 ** 63;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Required fields of built-in types that Go validation does not require
 * (measured on a v1.36 apiserver): an empty LimitRange or CSINode spec, a
 * header or sysctl with an empty value.
 */
const notRequiredByGo = new Set([
  'io.k8s.api.core.v1.LimitRangeSpec.limits',
  'io.k8s.api.storage.v1.CSINodeSpec.drivers',
  'io.k8s.api.core.v1.HTTPHeader.value',
  'io.k8s.api.core.v1.Sysctl.value',
]);

/**
 * Whether Go validation certainly rejects a built-in object that lacks a
 * required field: one without a default (a pointer, slice or string the
 * decoder leaves empty) or a string defaulting to "" (Go validation requires
 * names, paths, keys...). A number or bool reads as 0 or false, which Go
 * validation may accept or reject with its own message: not reported.
 */
function nativeRequired(node: SchemaNode, key: string, child: SchemaNode | undefined): boolean {
  if (node.name !== undefined && notRequiredByGo.has(`${node.name}.${key}`)) return false;
  if (child === undefined || !child.hasDefault) return true;
  return child.default === '';
}

const blockingRules = new Set<SchemaRule>(['type', 'null', 'format', 'required']);

const zeroStructCache = new WeakMap<SchemaNode, string[]>();

export class Walker {
  readonly issues: SchemaIssue[] = [];
  private nodes = 0;
  private typeErrors = 0;
  private limited = false;
  private readonly pending: PendingRules[] = [];

  constructor(
    private readonly compiler: SchemaCompiler,
    private readonly options: WalkOptions,
  ) {}

  run(object: unknown, root: SchemaNode): SchemaIssue[] {
    const place: Place = {
      parent: undefined,
      key: undefined,
      native: !this.options.crd,
      types: true,
      values: true,
      probe: false,
      depth: 0,
      owner: undefined,
    };
    this.visit(object, root, place);
    const evaluate = this.options.evaluateRules;
    // As the apiserver: CEL rules run only when no error blocks them (wrong types, missing required fields, too long...).
    if (evaluate && this.typeErrors === 0) {
      for (const { node, value, path } of this.pending) evaluate(node, value, path, (issue) => this.push(issue));
    }
    return this.issues;
  }

  private push(issue: SchemaIssue): void {
    if (this.issues.length < walkLimits.maxIssues) this.issues.push(issue);
  }

  private report(place: Place, rule: SchemaRule, message: string, path: FieldPath = pathOf(place)): void {
    // The errors after which the apiserver does not run CEL rules (hasBlockingErr).
    if (blockingRules.has(rule) || message.startsWith('Too long') || message.startsWith('Too many')) this.typeErrors++;
    if (place.probe) {
      this.probeFailures++;
      return;
    }
    this.push({ path, rule, severity: 'error', message });
  }

  private probeFailures = 0;

  private limit(place: Place): void {
    if (this.limited) return;
    this.limited = true;
    this.push({
      path: pathOf(place),
      rule: 'type',
      severity: 'info',
      message: `not evaluated: the object is deeper than ${walkLimits.maxDepth} levels or larger than ${walkLimits.maxNodes} values`,
    });
  }

  /** Visits a value; returns it with defaults applied (the same reference when nothing changed). */
  private visit(value: unknown, node: SchemaNode, outer: Place): unknown {
    if (++this.nodes > walkLimits.maxNodes || outer.depth > walkLimits.maxDepth) {
      this.limit(outer);
      return value;
    }
    const place = node.native && !outer.native ? { ...outer, native: true } : outer;
    if (value === null) {
      if (place.native || node.nullable || node === acceptAll() || !place.types) return value;
      const expected = node.type ?? (node.intOrString ? 'integer-or-string' : undefined);
      if (expected !== undefined) {
        const where = fieldPathText(pathOf(place));
        this.report(place, 'null', `Invalid value: "null": ${where} in body must be of type ${expected}: "null"`);
      }
      return value;
    }
    if (node.goType !== undefined) {
      this.visitGoType(value, node, place);
      return value;
    }
    if (!this.checkType(value, node, place)) return value;
    let out = value;
    if (Array.isArray(value)) this.visitArray(value, node, place);
    else if (isRecord(value)) out = this.visitObject(value, node, place);
    else this.checkScalar(value, node, place);
    if (place.values) this.checkEnum(out, node, place);
    if (!place.native && place.values) this.checkCombinators(out, node, place);
    if (node.validations.length > 0 && !place.probe && place.values && !place.native) {
      this.pending.push({ node, value: out, path: pathOf(place) });
    }
    return out;
  }

  /** Types the Go decoder reads by hand: Quantity, IntOrString, Time, and free-form JSON. */
  private visitGoType(value: unknown, node: SchemaNode, place: Place): void {
    if (!place.types) return;
    const kind = jsonKind(value);
    switch (node.goType) {
      case 'quantity':
        // Quantity's UnmarshalJSON parses any JSON text that is not a string as a quantity.
        if (kind === 'number') return;
        if (kind !== 'string' || !isQuantity((value as string).trim())) this.report(place, 'type', quantityMessage);
        return;
      case 'int-or-string':
        if (kind === 'string') return;
        if (kind !== 'number') this.report(place, 'type', this.decodeError(place, kind, 'int32'));
        else if (!Number.isInteger(value) || (value as number) < int32.min || (value as number) > int32.max) {
          this.report(place, 'type', this.decodeError(place, `number ${quoteValue(value)}`, 'int32'));
        }
        return;
      case 'time':
      case 'micro-time':
        if (kind !== 'string') this.report(place, 'type', this.decodeError(place, kind, 'string'));
        else if (!isRfc3339(value as string)) {
          this.report(place, 'type', `parsing time ${quoteValue(value)}: not an RFC 3339 time such as "2006-01-02T15:04:05Z"`);
        }
        return;
      default:
        return;
    }
  }

  /** false when the value has the wrong JSON type for the node (reported); nothing more is checked below it. */
  private checkType(value: unknown, node: SchemaNode, place: Place): boolean {
    if (!place.types) return true;
    if (node.intOrString && !place.native) {
      if (typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value))) return true;
      const where = fieldPathText(pathOf(place));
      this.report(
        place,
        'type',
        `Invalid value: "${openApiKind(value)}": ${where} in body must be of type integer,string: "${openApiKind(value)}"`,
      );
      return false;
    }
    const type = node.type;
    if (type === undefined) return true;
    let ok: boolean;
    switch (type) {
      case 'object':
        ok = isRecord(value);
        break;
      case 'array':
        ok = Array.isArray(value);
        break;
      case 'string':
        ok = typeof value === 'string';
        break;
      case 'boolean':
        ok = typeof value === 'boolean';
        break;
      case 'number':
        ok = typeof value === 'number';
        break;
      case 'integer':
        ok = typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < int64Bound;
        break;
    }
    if (ok && place.native && type === 'integer' && node.format === 'int32') {
      const n = value as number;
      if (n < int32.min || n > int32.max) {
        this.report(place, 'type', this.decodeError(place, `number ${n}`, 'int32'));
        return false;
      }
    }
    if (ok && !place.native && type === 'integer' && node.format === 'int32' && place.values) {
      const n = value as number;
      if (n < int32.min || n > int32.max) {
        const message = `Invalid value: "": Checked value must be of type integer with format int32 in ${fieldPathText(pathOf(place))}`;
        this.report(place, 'format', message);
      }
    }
    if (ok && place.native && type === 'string' && node.format === 'byte' && !isBase64(value as string)) {
      this.report(place, 'type', `illegal base64 data in ${quoteValue(value)}`);
      return false;
    }
    if (ok) return true;
    if (place.native) {
      const goType = this.goTypeName(node) ?? (type === 'object' ? 'struct or map' : 'slice');
      const kind = jsonKind(value);
      // Go shows the number itself only when it was reading a number (a fraction or an overflow).
      const numeric = kind === 'number' && (type === 'integer' || type === 'number');
      this.report(place, 'type', this.decodeError(place, numeric ? `number ${quoteValue(value)}` : kind, goType));
    } else {
      const kind = openApiKind(value);
      this.report(place, 'type', `Invalid value: "${kind}": ${fieldPathText(pathOf(place))} in body must be of type ${type}: "${kind}"`);
    }
    return false;
  }

  /**
   * The Go decoder's type error: "into Go struct field DeploymentSpec.spec.replicas of type
   * int32" names the innermost struct and the property path from where Go's decoding starts
   * (the object's root; a CRD's metadata, as ObjectMeta), without list indexes or map keys.
   * Without a named struct around the value, "into Go value of type".
   */
  private decodeError(place: Place, shown: string, goType: string): string {
    const fields: string[] = [];
    let owner: string | undefined;
    for (let at: Place | undefined = place; at?.parent?.native; at = at.parent) {
      if (at.owner === undefined) continue;
      fields.push(String(at.key));
      owner ??= at.owner;
    }
    if (owner === undefined || owner === '') return `json: cannot unmarshal ${shown} into Go value of type ${goType}`;
    const struct = owner.slice(owner.lastIndexOf('.') + 1);
    return `json: cannot unmarshal ${shown} into Go struct field ${struct}.${fields.reverse().join('.')} of type ${goType}`;
  }

  /**
   * Go's name for the type a node decodes into, as reflect prints it: int32, bool, []string,
   * v1.PodSpec, []v1.Container, map[string]string. A named string, list or map type
   * (v1.PullPolicy, v1.ResourceList) is not in the OpenAPI document: its underlying type is given.
   */
  private goTypeName(node: SchemaNode, depth = 0): string | undefined {
    if (depth > 4) return undefined;
    if (node.name !== undefined && (node.type === 'object' || node.goType !== undefined)) return node.name.split('.').slice(-2).join('.');
    switch (node.type) {
      case 'integer':
        return node.format === 'int32' ? 'int32' : 'int64';
      case 'number':
        return 'float64';
      case 'boolean':
        return 'bool';
      case 'string':
        return 'string';
      case 'array': {
        const item = node.items === undefined ? undefined : this.goTypeName(this.compiler.compile(node.items), depth + 1);
        return item === undefined ? undefined : `[]${item}`;
      }
      case 'object': {
        const additional = node.additionalProperties;
        if (additional === undefined || node.properties !== undefined) return undefined;
        const value = additional === true ? 'interface {}' : this.goTypeName(this.compiler.compile(additional), depth + 1);
        return value === undefined ? undefined : `map[string]${value}`;
      }
      default:
        return undefined;
    }
  }

  private child(place: Place, key: string | number, owner?: string): Place {
    let { types, values } = place;
    // On create the apiserver resets status before validating: built-in
    // strategies always, CRDs when they have a status subresource. The decoder
    // still reads it, so unknown fields (and, for Go types, JSON types) count.
    if (place.depth === 0 && key === 'status') {
      if (place.native) values = false;
      else if (this.options.statusSubresource) {
        types = false;
        values = false;
      }
    }
    return { parent: place, key, native: place.native, types, values, probe: place.probe, depth: place.depth + 1, owner };
  }

  private visitObject(value: Record<string, unknown>, node: SchemaNode, place: Place): Record<string, unknown> {
    const properties = node.properties;
    const additional = node.additionalProperties;
    const freeForm = node.preserveUnknownFields || (place.native && properties === undefined && additional === undefined) || place.probe;
    let out = value;
    const children = properties === undefined ? undefined : this.compiler.children(node);
    for (const key of Object.keys(value)) {
      const entry = value[key];
      if (entry === undefined) continue;
      const childNode = children === undefined ? undefined : this.compiler.property(node, children, key);
      if (childNode !== undefined) {
        const childPlace = this.child(place, key, node.name ?? '');
        if (entry === null && !place.native && !childPlace.native && !childNode.native && !childNode.nullable) {
          // Structural defaulting prunes a non-nullable null, then defaults it.
          if (childNode.hasDefault && !place.probe)
            out = assign(value, out, key, this.visit(structuredClone(childNode.default), childNode, childPlace));
          else out = assign(value, out, key, undefined);
          continue;
        }
        const visited = this.visit(entry, childNode, childPlace);
        if (visited !== entry) out = assign(value, out, key, visited);
        continue;
      }
      if (additional !== undefined) {
        if (additional !== true) {
          const childNode = this.compiler.compile(additional);
          const childPlace = this.child(place, key);
          if (entry === null && !place.native && !childNode.native && !childNode.nullable) {
            // Pruned like a property's null (a map value has no default).
            out = assign(value, out, key, undefined);
            continue;
          }
          const visited = this.visit(entry, childNode, childPlace);
          if (visited !== entry) out = assign(value, out, key, visited);
        }
        continue;
      }
      if (node.embeddedResource && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) {
        this.checkEmbeddedField(key, entry, this.child(place, key));
        continue;
      }
      if (freeForm) continue;
      this.report(place, 'unknown-field', `unknown field ${JSON.stringify(fieldPathText([...pathOf(place), key]))}`, [
        ...pathOf(place),
        key,
      ]);
    }
    if (properties && !place.native && !place.probe) {
      for (const [key, childNode] of this.compiler.defaulted(node)) {
        if (Object.hasOwn(out, key)) continue;
        out = assign(value, out, key, this.visit(structuredClone(childNode.default), childNode, this.child(place, key, node.name ?? '')));
      }
    }
    if (node.embeddedResource && !place.native && place.values) {
      // Published schemas list apiVersion and kind as required already; hand-written ones may not.
      for (const key of ['apiVersion', 'kind']) {
        if (!Object.hasOwn(out, key) && !node.required.includes(key))
          this.report(place, 'required', 'Required value', [...pathOf(place), key]);
      }
    }
    if (place.values) this.checkRequired(out, node, place);
    if (place.values && place.native && !place.probe && properties) this.visitZeroStructs(out, node, place);
    if (place.values && !place.native) {
      const count = Object.keys(out).length;
      const where = fieldPathText(pathOf(place));
      if (node.minProperties !== undefined && count < node.minProperties) {
        this.report(place, 'bounds', `Invalid value: ${count}: ${where} in body should have at least ${node.minProperties} properties`);
      }
      if (node.maxProperties !== undefined && count > node.maxProperties) {
        this.report(place, 'bounds', `Too many: ${count}: must have at most ${node.maxProperties} items`);
      }
    }
    return out;
  }

  private checkEmbeddedField(key: string, entry: unknown, place: Place): void {
    if (!place.types || place.probe) return;
    if (key === 'metadata') {
      if (entry !== null && !isRecord(entry)) this.report(place, 'type', `Invalid value: "${openApiKind(entry)}": must be an object`);
      return;
    }
    if (typeof entry !== 'string') this.report(place, 'type', `Invalid value: ${quoteValue(entry)}: must be a string`);
    else if (entry === '' && place.values) this.report(place, 'required', `Invalid value: "": must not be empty`);
  }

  /**
   * Go reads a missing non-pointer struct (published with `default: {}`) as
   * its zero value, and Go validation still checks what is required inside
   * it: a Deployment without a template lacks spec.template.spec.containers.
   */
  private visitZeroStructs(value: Record<string, unknown>, node: SchemaNode, place: Place): void {
    for (const key of this.zeroStructs(node)) {
      if (value[key] === undefined || value[key] === null) {
        this.visit({}, this.compiler.compile(node.properties?.get(key)), this.child(place, key, node.name ?? ''));
      }
    }
  }

  private zeroStructs(node: SchemaNode): string[] {
    let keys = zeroStructCache.get(node);
    if (keys === undefined) {
      keys = [];
      for (const [key, schema] of node.properties ?? []) {
        const child = this.compiler.compile(schema);
        if (isRecord(child.default) && Object.keys(child.default).length === 0 && !node.required.includes(key)) keys.push(key);
      }
      zeroStructCache.set(node, keys);
    }
    return keys;
  }

  private checkRequired(value: Record<string, unknown>, node: SchemaNode, place: Place): void {
    for (const key of node.required) {
      const present = value[key] !== undefined && !(place.native && value[key] === null);
      if (present) continue;
      const schema = node.properties?.get(key);
      const childNode = schema === undefined ? undefined : this.compiler.compile(schema);
      if (place.native && !nativeRequired(node, key, childNode)) {
        // Go reads a missing struct as its zero value: what is required inside still is.
        if (childNode && isRecord(childNode.default) && Object.keys(childNode.default).length === 0 && !place.probe) {
          this.visit({}, childNode, this.child(place, key, node.name ?? ''));
        }
        continue;
      }
      this.report(place, 'required', 'Required value', [...pathOf(place), key]);
    }
  }

  private visitArray(value: unknown[], node: SchemaNode, place: Place): void {
    const itemNode = node.items === undefined ? acceptAll() : this.compiler.compile(node.items);
    for (let index = 0; index < value.length; index++) this.visit(value[index], itemNode, this.child(place, index));
    if (place.native || !place.values) return;
    const where = fieldPathText(pathOf(place));
    if (node.minItems !== undefined && value.length < node.minItems) {
      this.report(place, 'bounds', `Invalid value: ${value.length}: ${where} in body should have at least ${node.minItems} items`);
    }
    if (node.maxItems !== undefined && value.length > node.maxItems) {
      this.report(place, 'bounds', `Too many: ${value.length}: must have at most ${node.maxItems} items`);
    }
    if (node.listType === 'set') this.checkSet(value, place);
    else if (node.listType === 'map' && node.listMapKeys.length > 0) this.checkMapList(value, node.listMapKeys, place);
  }

  private checkSet(value: unknown[], place: Place): void {
    const seen = new Set<string>();
    for (let index = 0; index < value.length; index++) {
      const key = canonicalJson(value[index]);
      if (seen.has(key)) this.report(place, 'list-set', `Duplicate value: ${quoteValue(value[index])}`, [...pathOf(place), index]);
      seen.add(key);
    }
  }

  private checkMapList(value: unknown[], keys: readonly string[], place: Place): void {
    const seen = new Set<string>();
    for (let index = 0; index < value.length; index++) {
      const item = value[index];
      if (!isRecord(item)) continue;
      const tuple: Record<string, unknown> = {};
      for (const key of keys) if (Object.hasOwn(item, key)) tuple[key] = item[key];
      const id = canonicalJson(tuple);
      if (seen.has(id)) {
        this.report(place, 'list-map', `Duplicate value: ${id}`, [...pathOf(place), index]);
      }
      seen.add(id);
    }
  }

  /** kube-openapi's string and number validators: each stops at its first failure (length, then pattern; maximum, then minimum). */
  private checkScalar(value: unknown, node: SchemaNode, place: Place): void {
    if (place.native || !place.values) return;
    const where = fieldPathText(pathOf(place));
    if (typeof value === 'string') {
      const length = node.maxLength !== undefined || node.minLength !== undefined ? countRunes(value) : 0;
      if (node.maxLength !== undefined && length > node.maxLength) {
        this.report(place, 'bounds', `Too long: may not be more than ${node.maxLength} bytes`);
      } else if (node.minLength !== undefined && length < node.minLength) {
        this.report(
          place,
          'bounds',
          `Invalid value: ${quoteValue(value)}: ${where} in body should be at least ${node.minLength} chars long`,
        );
      } else if (node.pattern !== undefined) {
        const regex = compileRegex(node.pattern);
        if (regex && !regex.test(value)) {
          this.report(place, 'pattern', `Invalid value: ${quoteValue(value)}: ${where} in body should match '${node.pattern}'`);
        }
      }
      if (node.format !== undefined && !satisfiesCrdFormat(node.format, value)) {
        this.report(
          place,
          'format',
          `Invalid value: ${quoteValue(value)}: ${where} in body must be of type ${node.format}: ${quoteValue(value)}`,
        );
      }
      return;
    }
    if (typeof value === 'number') {
      if (node.maximum !== undefined && (node.exclusiveMaximum ? value >= node.maximum : value > node.maximum)) {
        const relation = node.exclusiveMaximum ? 'less than' : 'less than or equal to';
        this.report(place, 'bounds', `Invalid value: ${value}: ${where} in body should be ${relation} ${node.maximum}`);
      } else if (node.minimum !== undefined && (node.exclusiveMinimum ? value <= node.minimum : value < node.minimum)) {
        const relation = node.exclusiveMinimum ? 'greater than' : 'greater than or equal to';
        this.report(place, 'bounds', `Invalid value: ${value}: ${where} in body should be ${relation} ${node.minimum}`);
      }
    }
  }

  private checkEnum(value: unknown, node: SchemaNode, place: Place): void {
    if (node.enum === undefined || node.enum.length === 0) return;
    // Built-in defaulting turns "" into the default before Go validation sees it.
    if (place.native && value === '') return;
    if (place.native && typeof value !== 'string') return;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      if (node.enum.includes(value)) return;
    } else {
      const id = canonicalJson(value);
      if (node.enum.some((allowed) => canonicalJson(allowed) === id)) return;
    }
    const supported = node.enum.map(quoteValue).join(', ');
    this.report(place, 'enum', `Unsupported value: ${quoteValue(value)}: supported values: ${supported}`);
  }

  /** anyOf, oneOf, not and the allOf members beside the reference: value checks only, as structural schemas allow. */
  private checkCombinators(value: unknown, node: SchemaNode, place: Place): void {
    if (node.anyOf.length === 0 && node.oneOf.length === 0 && node.allOfRest.length === 0 && node.not === undefined) return;
    if (place.probe) return;
    const where = fieldPathText(pathOf(place));
    for (const member of node.allOfRest) this.visit(value, this.compiler.compile(member), place);
    if (node.anyOf.length > 0) {
      const passing = node.anyOf.filter((member) => this.probe(value, member, place)).length;
      if (passing === 0)
        this.report(place, 'type', `Invalid value: ${quoteValue(value)}: ${where} in body must validate at least one schema (anyOf)`);
    }
    if (node.oneOf.length > 0) {
      const passing = node.oneOf.filter((member) => this.probe(value, member, place)).length;
      if (passing !== 1) {
        this.report(place, 'type', `Invalid value: ${quoteValue(value)}: ${where} in body must validate one and only one schema (oneOf)`);
      }
    }
    if (node.not !== undefined && this.probe(value, node.not, place)) {
      this.report(place, 'type', `Invalid value: ${quoteValue(value)}: ${where} in body must not validate the schema (not)`);
    }
  }

  private probe(value: unknown, schema: unknown, place: Place): boolean {
    const before = this.probeFailures;
    const typeErrors = this.typeErrors;
    this.visit(value, this.compiler.compile(schema), { ...place, probe: true });
    this.typeErrors = typeErrors;
    return this.probeFailures === before;
  }
}

let deepToken = 0;

/**
 * JSON with sorted keys, so equal values compare equal whatever their key
 * order. A value nested deeper than the walk limit gets a token equal to
 * nothing else (hostile nesting must not overflow the stack).
 */
export function canonicalJson(value: unknown, depth = 0): string {
  if (depth > walkLimits.maxDepth) return `\u0000deep${deepToken++}`;
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item, depth + 1)).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key], depth + 1)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** out with key set to v (deleted when undefined), copying the original object the first time. */
function assign(original: Record<string, unknown>, out: Record<string, unknown>, key: string, v: unknown): Record<string, unknown> {
  const target = out === original ? { ...original } : out;
  if (v === undefined) delete target[key];
  else target[key] = v;
  return target;
}

function pathOf(place: Place): Array<string | number> {
  const path: Array<string | number> = [];
  for (let at: Place | undefined = place; at?.key !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}

function countRunes(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
