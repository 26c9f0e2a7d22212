import type { WalkBudget } from '../limits/walk-budget.js';
import type { ExplainedSchema, ExplainTarget } from '../openapi/explain.js';
import { renderExplainDocument } from './explain-json.js';
import { renderExplainMarkdown } from './explain-markdown.js';
import { renderExplainV2 } from './explain-v2.js';
import { renderExplainV3 } from './explain-v3.js';
import { byOutput, documentPrinters } from './formats.js';

export const explainOutputs = ['plaintext', 'plaintext-openapiv2', 'json', 'yaml', 'markdown'] as const;
export type ExplainOutput = (typeof explainOutputs)[number];

export interface ExplainRenderOptions {
  output: ExplainOutput;
  recursive: boolean;
  maxDepth?: number;
  /** kapi's extra lines after kubectl's (left out with --kubectl-compat). */
  extras: boolean;
  /** The walk's budget: the caller warns when it ran out. */
  budget?: WalkBudget;
}

/** Chooses explain's printer by -o and by the OpenAPI version the schema came from. */
export function renderExplain(explained: ExplainedSchema, target: ExplainTarget, options: ExplainRenderOptions): string {
  const { recursive, maxDepth, budget } = options;
  // kubectl's plaintext printers: the v3 one, or the v2 one for a schema that came from /openapi/v2.
  const plaintext = () =>
    explained.source === 'openapi/v2'
      ? renderExplainV2(explained.document, explained.gvk, explained.fieldName, explained.leaf, { recursive, budget })
      : renderExplainV3(explained.document, explained.gvk, explained.lookup, { recursive, maxDepth, extras: options.extras, budget });
  return byOutput(options.output, {
    ...documentPrinters(() => renderExplainDocument(explained, target, { maxRefDepth: maxDepth ?? 3, budget })),
    markdown: () => renderExplainMarkdown(explained, target, { recursive, maxDepth, budget }),
    plaintext,
    'plaintext-openapiv2': plaintext,
  });
}
