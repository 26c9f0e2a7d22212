import { createPrompt, ExitPromptError, useEffect, useKeypress, useRef, useState } from '@inquirer/core';
import { isKapiError } from '../errors.js';
import { renderScreen } from './screen.js';
import {
  type ExploreEvent,
  type ExploreExit,
  type ExploreResource,
  type ExploreState,
  type GroupVersionSchemas,
  highlightedResource,
  reduce,
  wantedSchema,
} from './state.js';

/**
 * The terminal side of the explorer, on @inquirer/core: it owns raw mode, the
 * keypress stream, redrawing only what changed, restoring the terminal on exit
 * or signal, and the SIGINT of Ctrl-C. This module only forwards keys to the
 * pure state machine, starts the schema loads it asks for, and draws
 * renderScreen's lines. It is imported only by `kapi explore`.
 */

export interface TerminalOptions {
  initial: ExploreState;
  load: (resource: ExploreResource) => Promise<GroupVersionSchemas>;
  sourceLabel: string;
  /** Reverse video on the highlighted row (off with NO_COLOR). */
  color: boolean;
}

/** The readline fields inquirer's prompt line math reads; kept equal to the state's query. */
interface MutableLine {
  line: string;
  cursor: number;
}

const explorePrompt = createPrompt<ExploreExit, TerminalOptions>((options, done) => {
  const [state, setState] = useState(options.initial);
  const [size, setSize] = useState(windowSize());
  const current = useRef(state);
  const dispatch = (event: ExploreEvent) => {
    current.current = reduce(current.current, event);
    setState(current.current);
    if (current.current.exit) done(current.current.exit);
  };

  useKeypress((key, rl) => {
    dispatch({ type: 'key', key });
    const list = current.current.mode === 'resources' ? current.current.resourceList : current.current.fieldList;
    const line = rl as unknown as MutableLine;
    line.line = list.query;
    line.cursor = list.query.length;
  });

  const wanted = wantedSchema(state);
  useEffect(() => {
    if (wanted === undefined) return;
    const resource = state.mode === 'fields' ? state.chosen : highlightedResource(state);
    if (!resource) return;
    dispatch({ type: 'schema', key: wanted, state: { status: 'loading' } });
    options.load(resource).then(
      (schemas) => dispatch({ type: 'schema', key: wanted, state: { status: 'ready', schemas } }),
      (error: unknown) => {
        const message = isKapiError(error) || error instanceof Error ? error.message : String(error);
        dispatch({ type: 'schema', key: wanted, state: { status: 'error', message: `failed to load the schema: ${message}` } });
      },
    );
  }, [wanted]);

  useEffect(() => {
    const resized = () => setSize(windowSize());
    process.stdout.on('resize', resized);
    return () => {
      process.stdout.off('resize', resized);
    };
  }, []);

  const screen = renderScreen(state, { ...size, sourceLabel: options.sourceLabel });
  const body = screen.body.map((line, index) => (options.color && index === screen.highlighted ? `\u001b[7m${line}\u001b[27m` : line));
  return [`${screen.title}\n${screen.prompt}`, body.join('\n')];
});

function windowSize(): { columns: number; rows: number } {
  return { columns: process.stdout.columns || 80, rows: process.stdout.rows || 24 };
}

/** Runs the explorer until Enter on a field (its resource and path) or Esc/Ctrl-C (code 130). */
export async function runExplorer(options: TerminalOptions): Promise<ExploreExit> {
  try {
    return await explorePrompt(options, { clearPromptOnDone: true });
  } catch (error) {
    if (error instanceof ExitPromptError) return { code: 130 };
    throw error;
  }
}
