import type { AdmissionStep, PipelineDocument, Stage } from '../pipeline/model.js';
import { byOutput, documentPrinters } from './formats.js';
import { terminalText } from './terminal-text.js';

/** What -o takes; without -o, the stages as text. */
export const pipelineOutputs = ['json', 'yaml'] as const;
export type PipelineFormat = 'text' | (typeof pipelineOutputs)[number];

export type { PipelineDocument } from '../pipeline/model.js';

const stageTitles: Record<Stage['stage'], string> = {
  authentication: 'Authentication',
  authorization: 'Authorization',
  'mutating-admission': 'Mutating admission',
  schema: 'Schema validation',
  'validating-admission': 'Validating admission',
  storage: 'Storage',
};

export function renderPipeline(document: PipelineDocument, format: PipelineFormat): string {
  return byOutput(format, { ...documentPrinters(() => document), text: () => pipelineText(document) });
}

const line = (text: string) => terminalText(text, 'line');

function pipelineText(document: PipelineDocument): string {
  const { request } = document;
  const target = `${request.resource}${request.subresource ? `/${request.subresource}` : ''}${request.name ? ` ${request.name}` : ''}`;
  const where = request.namespace ? ` in namespace ${request.namespace}` : '';
  const lines = [
    line(
      `${request.verb} ${target}${where}: ${request.group || 'core'}/${request.version} ${request.kind}, ${request.operation ?? 'no admission (read)'}, served by ${request.servedBy}`,
    ),
    '',
  ];
  document.stages.forEach((stage, index) => {
    lines.push(line(`${index + 1}. ${stageTitles[stage.stage]}: ${stage.status}`));
    lines.push(`   ${line(stage.summary)}`);
    for (const step of stage.steps ?? []) for (const text of stepLines(step)) lines.push(text);
    if (stage.storage?.crd) {
      const { crd } = stage.storage;
      lines.push(
        line(
          `   served ${crd.served.join(', ') || 'none'}; storage ${crd.storage}; status.storedVersions ${crd.storedVersions.join(', ') || 'none'}; conversion ${crd.conversion}`,
        ),
      );
    }
    const health = stage.storage?.health;
    if (health)
      for (const check of health.checks) if (check.status !== 'ok') lines.push(line(`   ${check.status} ${check.id}: ${check.message}`));
    if (stage.storage?.apiService) for (const check of stage.storage.apiService.checks) lines.push(line(`   ${check}`));
    for (const note of stage.notes) lines.push(line(`   note: ${note}`));
    lines.push('');
  });
  lines.push(
    line(
      document.stoppedBy
        ? `Stopped at ${stageTitles[document.stoppedBy.stage].toLowerCase()}: ${document.stoppedBy.reason}`
        : 'Reaches storage, as far as kapi can tell.',
    ),
  );
  return `${lines.join('\n')}\n`;
}

function stepLines(step: AdmissionStep): string[] {
  const out: string[] = [];
  const mark = step.rejects ? 'REJECTS' : step.matches === 'yes' ? 'matches' : 'may match';
  out.push(line(`   - ${step.type} ${step.name} (${mark})`));
  const settings = [
    `failurePolicy ${step.failurePolicy}`,
    `matchPolicy ${step.matchPolicy}`,
    ...(step.timeoutSeconds !== undefined ? [`timeout ${step.timeoutSeconds}s`] : []),
    ...(step.sideEffects ? [`sideEffects ${step.sideEffects}`] : []),
    ...(step.reinvocationPolicy ? [`reinvocationPolicy ${step.reinvocationPolicy}`] : []),
  ];
  out.push(line(`       ${settings.join(', ')}`));
  if (step.via) out.push(line(`       matched as ${step.via} (matchPolicy Equivalent: the request is converted)`));
  for (const [label, selector] of [
    ['namespaceSelector', step.namespaceSelector],
    ['objectSelector', step.objectSelector],
  ] as const) {
    if (selector.selector)
      out.push(
        line(
          `       ${label} ${selector.selector}: ${selector.matches === 'yes' ? 'matches' : selector.matches === 'no' ? 'does not match' : 'unknown'}`,
        ),
      );
  }
  for (const condition of step.matchConditions) out.push(line(`       matchCondition ${condition.name}: ${condition.expression}`));
  if (step.calls) {
    const health = step.health;
    const bad = health?.checks.filter((check) => check.status !== 'ok') ?? [];
    out.push(line(`       calls ${step.calls}: ${health?.status ?? 'unchecked'}`));
    for (const check of bad) out.push(line(`         ${check.status} ${check.id}: ${check.message}`));
  }
  if (step.paramKind) out.push(line(`       paramKind ${step.paramKind}`));
  for (const binding of step.bindings ?? []) {
    const actions = binding.validationActions.length > 0 ? ` [${binding.validationActions.join(', ')}]` : '';
    const params = binding.paramRef ? `, params ${binding.paramRef}` : '';
    out.push(line(`       binding ${binding.name}${actions}${params}${binding.matches === 'yes' ? '' : ' (may match)'}`));
  }
  for (const validation of step.validations ?? []) {
    out.push(line(`       validate: ${validation.expression}${validation.message ? ` -> "${validation.message}"` : ''}`));
  }
  for (const mutation of step.mutations ?? []) out.push(line(`       mutate (${mutation.patchType}): ${mutation.expression.trim()}`));
  if (step.rejects) out.push('       would reject the request: failurePolicy Fail and its backend is down');
  return out;
}
