/** Whether stdout may be coloured: only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colorStdout(): boolean {
  return process.stdout.isTTY === true && !process.env.NO_COLOR;
}
