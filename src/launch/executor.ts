/**
 * Where `execute` comes from: here, src/launch/execute.ts. The build replaces this module so that
 * it loads dist/kapi-<id>.js, the bundle of execute.ts with that one command (scripts/build.mjs).
 */
export const loadExecutor = (_id: string): Promise<typeof import('./execute.js')> => import('./execute.js');
