import { UsageError } from '../errors.js';
import type { ExplainedSchema, ExplainTarget } from '../openapi/explain.js';
import { renderExplainDocument } from './explain-json.js';
import { renderExplainMarkdown } from './explain-markdown.js';
import { renderExplainV2 } from './explain-v2.js';
import { renderExplainV3 } from './explain-v3.js';
import { toJson, toYaml } from './formats.js';

export const explainOutputs = ['plaintext', 'plaintext-openapiv2', 'json', 'yaml', 'markdown'] as const;
export type ExplainOutput = (typeof explainOutputs)[number];

export interface ExplainRenderOptions {
  output: ExplainOutput;
  recursive: boolean;
  maxDepth?: number;
  /** kapi's extra lines after kubectl's (left out with --kubectl-compat). */
  extras: boolean;
}

/** Chooses explain's printer by -o and by the OpenAPI version the schema came from. */
export function renderExplain(explained: ExplainedSchema, target: ExplainTarget, options: ExplainRenderOptions): string {
  const { output, recursive, maxDepth } = options;
  if (explained.source === 'openapi/v2' && (output === 'plaintext' || output === 'plaintext-openapiv2')) {
    return renderExplainV2(explained.document, explained.gvk, explained.fieldName, explained.leaf, { recursive });
  }
  if (output === 'json' || output === 'yaml') {
    const document = renderExplainDocument(explained, target, { maxRefDepth: maxDepth ?? 3 });
    return output === 'json' ? toJson(document) : toYaml(document);
  }
  if (output === 'markdown') return renderExplainMarkdown(explained, target, { recursive, maxDepth });
  if (explained.source === 'openapi/v3') {
    return renderExplainV3(explained.document, explained.gvk, explained.lookup, { recursive, maxDepth, extras: options.extras });
  }
  throw new UsageError(`unexpected output ${output}`);
}
