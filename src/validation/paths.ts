/** Field paths as the apiserver writes them in its errors: spec.containers[0].image, metadata.labels[app]. */

export type FieldPath = ReadonlyArray<string | number>;

export function fieldPathText(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/** A map key's place in a path, as field.Path.Key writes it: labels[app]. */
export function mapKeyPath(path: FieldPath, key: string): string {
  return `${fieldPathText(path)}[${key}]`;
}

/** The JSON kind of a value, as Go's decoder names it in its errors. */
export function jsonKind(value: unknown): 'null' | 'array' | 'object' | 'string' | 'number' | 'bool' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'string') return 'string';
  return 'object';
}

/** The type name kube-openapi puts in "must be of type" errors for a value. */
export function openApiKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 2 ** 63 ? 'integer' : 'number';
  if (typeof value === 'string') return 'string';
  return 'object';
}

/** A value as Go's %q / field errors quote it: strings quoted, numbers and booleans bare. */
export function quoteValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    return '<a value nested too deep to show>';
  }
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}
