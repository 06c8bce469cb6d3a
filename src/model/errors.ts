/**
 * Typed errors. Every message says where: model, variable (or other field), expression and column,
 * so a person can fix a model file without reading a stack trace.
 */

/** Where in a model an error was found. */
export interface ErrorLocation {
  model?: string;
  /** the variable, parameter, expression, input or event field the error belongs to */
  field?: string;
  /** the expression source as written */
  expression?: string;
  /** 1-based column in `expression` */
  column?: number;
  /** nearest known name, for typos */
  suggestion?: string;
}

function describe(loc: ErrorLocation): string {
  const parts: string[] = [];
  if (loc.model) parts.push(`model '${loc.model}'`);
  if (loc.field) parts.push(loc.field);
  let where = parts.join(', ');
  if (loc.expression !== undefined) {
    where += `${where ? ': ' : ''}"${excerpt(loc.expression, loc.column)}"`;
    if (loc.column !== undefined) where += ` at column ${loc.column}`;
  }
  return where;
}

/** Longest expression echoed whole in a message; longer ones are cut around the column. */
export const MAX_ECHO = 160;

/**
 * An expression as a message shows it: on one line, and at most MAX_ECHO characters — a window
 * around `column` (1-based) with ellipses where it was cut, so a 200 KB expression is not repeated.
 */
export function excerpt(expression: string, column?: number): string {
  const flat = expression.replace(/\r?\n|\r/g, ' ');
  if (flat.length <= MAX_ECHO) return flat;
  const half = Math.floor(MAX_ECHO / 2);
  const at = column === undefined ? 0 : Math.min(Math.max(column - 1, 0), flat.length);
  const from = Math.max(0, Math.min(at - half, flat.length - MAX_ECHO));
  const to = Math.min(flat.length, from + MAX_ECHO);
  return `${from > 0 ? '…' : ''}${flat.slice(from, to)}${to < flat.length ? '…' : ''}`;
}

/** Longest message an error keeps (the CLI prints one line; a megabyte is not a line). */
const MAX_MESSAGE = 2000;

/** Base class of all isocline errors. Messages are one line (newlines become spaces) and bounded. */
export class IsoclineError extends Error {
  constructor(message: string) {
    const line = String(message).replace(/\s*(\r?\n|\r)\s*/g, ' ');
    super(line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE)}…` : line);
    this.name = new.target.name;
  }
}

/** A model that cannot be parsed or validated. */
export class ModelError extends IsoclineError {
  readonly location: ErrorLocation;
  readonly reason: string;
  constructor(reason: string, location: ErrorLocation = {}) {
    const where = describe(location);
    const hint = location.suggestion ? ` (did you mean '${location.suggestion}'?)` : '';
    super(`${where ? where + ': ' : ''}${reason}${hint}`);
    this.reason = reason;
    this.location = location;
  }
}

/** A model file that does not match the schema or cannot be read. */
export class ModelFileError extends IsoclineError {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(file ? `${file}: ${message}` : message);
  }
}

/** A run that cannot go on: divergence, a non-finite value, a solver failure. */
export class SimulationError extends IsoclineError {
  constructor(
    message: string,
    readonly details: { model?: string; variable?: string; time?: number; value?: number } = {},
  ) {
    super(message);
  }
}

/**
 * A run refused, or stopped, because it would do or keep more than its stated limit: steps,
 * output points, events, or a time budget. `limit` names the option that raises it.
 */
export class WorkLimitError extends SimulationError {
  /** what the run had computed when it stopped (set by simulate() for limits reached while running) */
  partial?: unknown;
  constructor(
    message: string,
    readonly limit: string,
    details: { model?: string; variable?: string; time?: number; value?: number } = {},
  ) {
    super(message, details);
  }
}

/** An analysis stopped by its caller's AbortSignal or time limit; names the analysis. */
export class AbortError extends SimulationError {
  constructor(
    readonly analysis: string,
    reason?: unknown,
  ) {
    // an AbortError's own message would only repeat "aborted"; any other Error or a string says why
    const why =
      reason instanceof Error && reason.message && reason.name !== 'AbortError'
        ? ` (${reason.message})`
        : typeof reason === 'string'
          ? ` (${reason})`
          : '';
    super(`${analysis}: aborted${why}`);
  }
}

/** Bad options passed to an engine or the CLI. */
export class OptionError extends IsoclineError {}

/** Nearest name by edit distance, if it is close enough to be a plausible typo. */
export function nearestName(name: string, known: Iterable<string>): string | undefined {
  // Hand-written: a 15-line Levenshtein is smaller than a dependency for one call site.
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  const limit = Math.max(1, Math.floor(name.length / 3));
  return bestD <= limit + 1 && bestD < name.length ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}
