/**
 * The model as the user types it: a model file's YAML (or JSON), or equations one per line
 * (`v' = v - v^3/3 - w + I`, `dw/dt = ...`, `a = 0.7` for a parameter, `init v=-1, w=0`), parsed
 * into a Model with errors placed at their line and column of the text (not of one expression).
 * Browser-safe: the library's model-text reader (modeltext.ts), none of modelfile.ts's file access.
 */
import YAML from 'yaml';
import { Model } from '../model/model.js';
import { ModelError, ModelFileError } from '../model/errors.js';
import { parseModelFile } from '../model/modeltext.js';
import type { ModelSpec } from '../model/spec.js';

/** A text that does not make a model, with its place in the text (1-based). */
export class ModelTextError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${message}`);
    this.name = 'ModelTextError';
  }
}

const EQUATION = /^\s*(d\s*[A-Za-z_]\w*\s*\/\s*dt|[A-Za-z_]\w*\s*')\s*=/m;

/** Whether the text is equations (some line reads `x' = ...` or `dx/dt = ...`) rather than YAML. */
export function isEquations(text: string): boolean {
  return EQUATION.test(text);
}

/**
 * Parse model text: YAML/JSON model file or equations.
 * @example parseModelText("v' = v - v^3/3 - w + I\nw' = (v + a - b*w)/tau\na = 0.7\nb = 0.8\ntau = 12.5\nI = 0.5")
 */
export function parseModelText(text: string, name = 'typed'): Model {
  return isEquations(text) ? parseEquations(text, name) : parseYaml(text, name);
}

function parseYaml(text: string, name: string): Model {
  const doc = YAML.parseDocument(text, { prettyErrors: true });
  const problem = doc.errors[0];
  if (problem) {
    const pos = problem.linePos?.[0] ?? { line: 1, col: 1 };
    throw new ModelTextError(problem.message.split('\n')[0].replace(/:\s*$/, ''), pos.line, pos.col);
  }
  const data = doc.toJS() as ModelSpec | null;
  if (!data || typeof data !== 'object' || Array.isArray(data))
    throw new ModelTextError('a model file is a mapping with name, variables and parameters', 1, 1);
  try {
    // the library's own reading of model-file text: the schema check, with the CLI's messages
    return new Model(parseModelFile(data.name ? text : `name: ${name}\n${text}`));
  } catch (e) {
    throw placed(e, text);
  }
}

function parseEquations(text: string, name: string): Model {
  const equations: string[] = [];
  const params: Record<string, number> = {};
  const init: Record<string, number> = {};
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    const assign = /^(init|par|param)\s+(.*)$/.exec(line);
    if (assign) {
      for (const part of assign[2].split(/[,\s]+(?=[A-Za-z_]\w*\s*=)/)) {
        const m = /^([A-Za-z_]\w*)\s*=\s*(\S+)$/.exec(part.trim());
        const value = m ? Number(m[2]) : NaN;
        if (!m || !Number.isFinite(value))
          throw new ModelTextError(`'${assign[1]}' takes name=number pairs, got '${part.trim()}'`, i + 1, 1);
        (assign[1] === 'init' ? init : params)[m[1]] = value;
      }
      return;
    }
    // `a = 0.7`: a number on the right makes a parameter (a slider), anything else an expression
    const num = /^([A-Za-z_]\w*)\s*=\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)$/i.exec(line);
    if (num) params[num[1]] = Number(num[2]);
    else equations.push(line);
  });
  if (!equations.some((l) => EQUATION.test(l))) throw new ModelTextError("no equation (write v' = ...)", 1, 1);
  try {
    return Model.fromEquations(name, equations, params, { init });
  } catch (e) {
    throw placed(e, text);
  }
}

/** A ModelError placed in the text: the line holding its expression, the column within that line. */
function placed(e: unknown, text: string): Error {
  if (!(e instanceof ModelError || e instanceof ModelFileError)) return e instanceof Error ? e : new Error(String(e));
  const { expression, column } = e instanceof ModelError ? e.location : { expression: undefined, column: undefined };
  const lines = text.split(/\r?\n/);
  if (expression !== undefined && expression !== '') {
    for (let i = 0; i < lines.length; i++) {
      const at = lines[i].indexOf(expression);
      if (at >= 0) return new ModelTextError(e.message, i + 1, at + (column ?? 1));
    }
  }
  // a schema error's path (`variables.w: ...`): each key's line, looked for after its parent's
  const path = e instanceof ModelFileError ? /^([\w.]+): /.exec(e.message)?.[1].split('.') : undefined;
  if (path) {
    let at = -1;
    for (const key of path) {
      const i = lines.findIndex((l, k) => k > at && new RegExp(`^\\s*["']?${key}["']?\\s*:`).test(l));
      if (i < 0) break;
      at = i;
    }
    if (at >= 0) return new ModelTextError(e.message, at + 1, 1);
  }
  // no expression: the line naming the field (a variable or parameter), else the first line
  const field = /'([A-Za-z_]\w*)'/.exec(e.message)?.[1];
  const i = field ? lines.findIndex((l) => new RegExp(`\\b${field}\\b`).test(l)) : -1;
  return new ModelTextError(e.message, i >= 0 ? i + 1 : 1, 1);
}
