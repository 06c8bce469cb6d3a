/**
 * Generated source → function, behind the check that no user text reached it. A module of its own,
 * free of imports, so a kernel worker thread loads it without mathjs.
 */

/**
 * Defence in depth before source becomes a function: emitted code never contains string or
 * template delimiters, backslashes or comment terminators, whatever the model said.
 */
export function assertGeneratedSource(source: string): void {
  const bad = /["'`\\]/.exec(source);
  if (bad) throw new Error(`internal: generated source contains '${bad[0]}'; refusing to compile`);
  // Only printable ASCII and newlines: no exotic line terminators (U+2028/9) that could end a
  // comment, no control characters, nothing a model name could smuggle in.
  const odd = /[^\x20-\x7e\n]/.exec(source);
  if (odd)
    throw new Error(
      `internal: generated source contains character ` +
        `U+${odd[0].charCodeAt(0).toString(16).padStart(4, '0')}; refusing to compile`,
    );
}

/**
 * Turn generated source into a function. The source is built by emitters from validated ASTs
 * only; user strings never reach here (asserted above).
 */
export function instantiate<T>(params: string[], source: string, ...args: unknown[]): T {
  assertGeneratedSource(source);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function(...params, source)(...args) as T;
}
