/**
 * Run-time checking of network specs and network files against the TypeBox schemas (schema.ts).
 *
 * ajv decides whether a value is valid (compiled once per schema). When it is not, `explain` walks
 * the same schema beside the value to find the one problem a person should fix first and says it
 * with its path (`projections[0].wieght`), the value found and, for a misspelt key or name, the
 * nearest valid one. ajv's own error list is not used for that: with unions (a synapse is one of
 * six kinds, a value spec one of six forms) it reports every branch's complaint, and the useful one
 * is the branch the value was evidently meant to be (the one its `kind`, or most of its keys, name).
 *
 * Duplicate keys in network-file JSON are found by `duplicateKey`, a scan of the text after
 * JSON.parse has accepted it (JSON.parse keeps the last of two equal keys silently).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { Static, TSchema } from '@sinclair/typebox';
import { Model } from '../model/model.js';
import { nearestName } from '../model/errors.js';
import { NetworkError } from '../ir/errors.js';
import { MODEL_INSTANCE_KEYWORD } from './schema.js';

/** Where a checked value came from, for the message. */
export interface SpecWhere {
  /** a network file (its name starts the message) */
  file?: string;
  /** the network's name (used when there is no file) */
  network?: string;
  /** what the checked value is, when it is not a whole network: 'population', 'projection', ... */
  root?: string;
}

/**
 * A network spec or file that does not match its schema: an unknown key, a wrong type, a value out
 * of range, a duplicate key. `path` is the JSON path of the offending value (`projections[0].weight`).
 * @example try { loadNetwork('my.network.json') } catch (e) { if (e instanceof NetworkSpecError) console.log(e.path) }
 */
export class NetworkSpecError extends NetworkError {
  constructor(
    readonly where: SpecWhere,
    /** the JSON path of the offending value ('' for the whole value) */
    readonly path: string,
    /** what is wrong, e.g. "unknown key 'wieght'" */
    readonly reason: string,
    /** the nearest valid key or name, for a typo */
    readonly suggestion?: string,
  ) {
    const head = where.file ? `${where.file}: ` : where.network ? `network '${where.network}': ` : '';
    super(`${head}${path || '(top level)'}: ${reason}${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`);
  }
}

type Schema = Record<string, unknown> & {
  anyOf?: Schema[];
  oneOf?: Schema[];
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  patternProperties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  required?: string[];
  items?: Schema | Schema[];
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  pattern?: string;
  description?: string;
};
type Seg = string | number;
interface Problem {
  path: Seg[];
  reason: string;
  suggestion?: string;
}

let ajv: Ajv | undefined;
const compiled = new Map<TSchema, ValidateFunction>();

/** The compiled validator of a schema (compiled on first use: importing this costs nothing). */
function validatorOf(schema: TSchema): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    // strictNumbers: NaN and ±Infinity are not numbers (the TS API can pass them; JSON cannot)
    ajv ??= new Ajv({ allErrors: false, strict: false, strictNumbers: true }).addKeyword({
      keyword: MODEL_INSTANCE_KEYWORD,
      schemaType: 'boolean',
      validate: (_: boolean, data: unknown) => data instanceof Model,
    });
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

/**
 * Check `value` against `schema`; throws a NetworkSpecError naming the path, the value and the
 * nearest valid key for the first problem.
 * @example checkSpec(NetworkSchema, JSON.parse(text), { file: 'my.network.json' })
 */
export function checkSpec<T extends TSchema>(
  schema: T,
  value: unknown,
  where: SpecWhere = {},
): asserts value is Static<T> {
  const validate = validatorOf(schema);
  if (validate(value)) return;
  const problem = explain(schema as unknown as Schema, value, []) ?? fromAjv(validate);
  throw new NetworkSpecError(where, pathString(where.root, problem.path), problem.reason, problem.suggestion);
}

/** ajv's first error, for a disagreement with `explain` (a keyword it does not know): never silent. */
function fromAjv(validate: ValidateFunction): Problem {
  const e = validate.errors?.[0];
  const path = (e?.instancePath ?? '')
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  return { path, reason: e?.message ?? 'is not valid' };
}

/** `projections[0].synapse.tau`; keys that are not identifiers are quoted: `populations["E 1"]`. */
export function pathString(root: string | undefined, path: Seg[]): string {
  let out = root ?? '';
  for (const s of path) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** A short rendering of a value for a message. */
function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number') return String(v);
  if (v instanceof Model) return `model '${v.name}'`;
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function typeMatches(t: string, v: unknown): boolean {
  switch (t) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'null':
      return v === null;
    case 'array':
      return Array.isArray(v);
    case 'object':
      return isObj(v);
    default:
      // biome-ignore lint/suspicious/useValidTypeof: t is one of the JSON Schema's primitive type names
      return typeof v === t;
  }
}

/** The JSON kind of a value, numbers of every sort alike (which branches of a union it is about). */
function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function aboutKind(s: Schema, v: unknown): boolean {
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return branches.some((b) => aboutKind(b, v));
  if ('const' in s) return kindOf(s.const) === kindOf(v);
  if (s.type === undefined) return true;
  const k = kindOf(v);
  return ([] as string[])
    .concat(s.type)
    .some((t) => t === k || ((t === 'integer' || t === 'number') && k === 'number'));
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'a whole number',
  number: 'a finite number',
  string: 'a string',
  boolean: 'true or false',
  null: 'null',
  array: 'a list',
  object: 'an object',
};

function expected(s: Schema): string {
  if (s.description) return s.description;
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return branches.map(expected).join(' or ');
  if ('const' in s) return JSON.stringify(s.const);
  if (s[MODEL_INSTANCE_KEYWORD]) return 'a Model';
  if (s.type !== undefined)
    return ([] as string[])
      .concat(s.type)
      .map((t) => TYPE_WORDS[t] ?? t)
      .join(' or ');
  return 'a valid value';
}

/** Property names any object branch of a union allows (for suggestions). */
function branchKeys(branches: Schema[]): string[] {
  return [...new Set(branches.flatMap((b) => Object.keys(b.properties ?? {})))];
}

/** The first problem of `v` against `s` at `path`, or null if it is valid. */
function explain(s: Schema, v: unknown, path: Seg[]): Problem | null {
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return explainUnion(s, branches, v, path);
  // a leaf with a description (a seed) says its whole range rather than the one bound it broke
  const at = (reason: string, suggestion?: string): Problem => ({
    path,
    reason: s.description ? `must be ${s.description}, got ${show(v)}` : reason,
    suggestion,
  });
  if (s[MODEL_INSTANCE_KEYWORD] && !(v instanceof Model)) return at(`must be a Model, got ${show(v)}`);
  if ('const' in s && v !== s.const) return at(`must be ${JSON.stringify(s.const)}, got ${show(v)}`);
  if (s.enum && !s.enum.includes(v))
    return at(`must be one of ${s.enum.map((x) => JSON.stringify(x)).join(', ')}, got ${show(v)}`);
  if (s.type !== undefined) {
    const types = ([] as string[]).concat(s.type);
    if (!types.some((t) => typeMatches(t, v)))
      return at(`must be ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}, got ${show(v)}`);
  }
  if (typeof v === 'number') {
    if (s.minimum !== undefined && !(v >= s.minimum)) return at(`must be >= ${s.minimum}, got ${v}`);
    if (s.exclusiveMinimum !== undefined && !(v > s.exclusiveMinimum))
      return at(`must be > ${s.exclusiveMinimum}, got ${v}`);
    if (s.maximum !== undefined && !(v <= s.maximum)) return at(`must be <= ${s.maximum}, got ${v}`);
    if (s.exclusiveMaximum !== undefined && !(v < s.exclusiveMaximum))
      return at(`must be < ${s.exclusiveMaximum}, got ${v}`);
  }
  if (typeof v === 'string') {
    if (s.minLength !== undefined && v.length < s.minLength)
      return at(s.minLength === 1 ? 'must not be empty' : `must have at least ${s.minLength} characters`);
    if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(v))
      return at(`${show(v)} does not match ${s.pattern}`);
  }
  if (Array.isArray(v)) {
    const { minItems: lo, maxItems: hi } = s;
    if (lo !== undefined && lo === hi && v.length !== lo)
      return at(`must be a list of ${lo} items, got ${v.length}: ${show(v)}`);
    if (lo !== undefined && v.length < lo) return at(`must have at least ${lo} items, got ${v.length}`);
    if (hi !== undefined && v.length > hi) return at(`must have at most ${hi} items, got ${v.length}`);
    if (Array.isArray(s.items)) {
      for (let i = 0; i < Math.min(v.length, s.items.length); i++) {
        const p = explain(s.items[i], v[i], [...path, i]);
        if (p) return p;
      }
    } else if (s.items) {
      for (let i = 0; i < v.length; i++) {
        const p = explain(s.items, v[i], [...path, i]);
        if (p) return p;
      }
    }
  }
  if (isObj(v) && !(v instanceof Model)) return explainObject(s, v, path);
  return null;
}

function explainObject(s: Schema, v: Record<string, unknown>, path: Seg[]): Problem | null {
  const keys = Object.keys(v).filter((k) => v[k] !== undefined);
  const props = s.properties ?? {};
  const known = Object.keys(props);
  const patterns = Object.entries(s.patternProperties ?? {}).map(([p, sub]) => [new RegExp(p, 'u'), sub] as const);
  // an unknown key is refused even when its value is undefined (ajv does too): `{ wieght: w }` with
  // w undefined is still a typo
  const extra = Object.keys(v).filter((k) => !Object.hasOwn(props, k) && !patterns.some(([re]) => re.test(k)));
  if (s.additionalProperties === false && extra.length) {
    const k = extra[0];
    const near = nearestName(k, known);
    return {
      path: [...path, k],
      reason: `unknown key '${k}'${near ? '' : ` (allowed: ${known.join(', ')})`}`,
      suggestion: near,
    };
  }
  for (const r of s.required ?? []) if (v[r] === undefined) return { path, reason: `missing required key '${r}'` };
  if (s.minProperties !== undefined && keys.length < s.minProperties)
    return { path, reason: `needs at least ${s.minProperties} entr${s.minProperties === 1 ? 'y' : 'ies'}` };
  for (const k of keys) {
    let p: Problem | null = null;
    if (Object.hasOwn(props, k)) p = explain(props[k], v[k], [...path, k]);
    else {
      const sub = patterns.find(([re]) => re.test(k));
      if (sub) p = explain(sub[1], v[k], [...path, k]);
      else if (isObj(s.additionalProperties)) p = explain(s.additionalProperties as Schema, v[k], [...path, k]);
    }
    if (p) return p;
  }
  return null;
}

/** A union: the branch the value was evidently meant to be, and its first problem. */
function explainUnion(s: Schema, branches: Schema[], v: unknown, path: Seg[]): Problem | null {
  if (branches.some((b) => explain(b, v, path) === null)) return null;
  const about = branches.filter((b) => aboutKind(b, v));
  if (about.length === 0) return { path, reason: `must be ${expected(s)}, got ${show(v)}` };
  if (about.every((b) => 'const' in b)) {
    const names = about.map((b) => String(b.const));
    // one literal among other forms ("all" or a rule object): say every form the value may take
    const forms =
      names.length === 1
        ? (s.description ?? JSON.stringify(names[0]))
        : `one of ${names.map((n) => JSON.stringify(n)).join(', ')}`;
    return {
      path,
      reason: `must be ${forms}, got ${show(v)}`,
      suggestion: typeof v === 'string' ? nearestName(v, names) : undefined,
    };
  }
  let pick = about[0];
  if (isObj(v) && about.length > 1) {
    const chosen = objectBranch(s, about, v, path);
    if ('reason' in chosen) return chosen;
    pick = chosen.branch;
  } else if (Array.isArray(v)) {
    pick =
      about.find(
        (b) =>
          (b.minItems === undefined || v.length >= b.minItems) && (b.maxItems === undefined || v.length <= b.maxItems),
      ) ?? about[0];
  }
  return explain(pick, v, path);
}

/**
 * Which object branch a value means: the one its discriminating key names (`kind`), else the one
 * that knows most of its keys. A value that names no branch is an unknown kind or key.
 */
function objectBranch(
  s: Schema,
  about: Schema[],
  v: Record<string, unknown>,
  path: Seg[],
): { branch: Schema } | Problem {
  const objects = about.filter((b) => b.properties);
  const disc = [
    ...new Set(
      objects.flatMap((b) =>
        Object.entries(b.properties!)
          .filter(([, p]) => 'const' in p)
          .map(([k]) => k),
      ),
    ),
  ].find((k) => objects.every((b) => b.properties![k] && 'const' in b.properties![k]));
  if (disc) {
    const names = objects.map((b) => String(b.properties![disc].const));
    if (v[disc] === undefined) {
      // a misspelt discriminator ("kidn") is an unknown key first, a missing one second
      const all = branchKeys(objects);
      const unknown = Object.keys(v).find((k) => !all.includes(k));
      if (unknown !== undefined)
        return { path: [...path, unknown], reason: `unknown key '${unknown}'`, suggestion: nearestName(unknown, all) };
      return {
        path,
        reason: `missing required key '${disc}' (one of ${names.map((n) => JSON.stringify(n)).join(', ')})`,
      };
    }
    const match = objects.find((b) => b.properties![disc].const === v[disc]);
    if (match) return { branch: match };
    return {
      path: [...path, disc],
      reason: `must be one of ${names.map((n) => JSON.stringify(n)).join(', ')}, got ${show(v[disc])}`,
      suggestion: typeof v[disc] === 'string' ? nearestName(v[disc] as string, names) : undefined,
    };
  }
  const keys = Object.keys(v).filter((k) => v[k] !== undefined);
  let best: Schema | undefined;
  let bestScore = 0;
  let bestMissing = Infinity;
  for (const b of objects) {
    const score = keys.filter((k) => Object.hasOwn(b.properties!, k)).length;
    const missing = (b.required ?? []).filter((r) => v[r] === undefined).length;
    if (score > bestScore || (score === bestScore && score > 0 && missing < bestMissing)) {
      best = b;
      bestScore = score;
      bestMissing = missing;
    }
  }
  if (best) return { branch: best };
  if (keys.length === 0) return { path, reason: `must be ${expected(s)}, got {}` };
  const k = keys[0];
  return {
    path: [...path, k],
    reason: `unknown key '${k}' (expected ${expected(s)})`,
    suggestion: nearestName(k, branchKeys(objects)),
  };
}

/** Nesting deeper than this in a network file is refused (no valid file comes near it). */
const MAX_DEPTH = 100;

/**
 * The first key that occurs twice in one object of JSON text that JSON.parse accepted, with its
 * path and line; null if there is none. Keys are compared after unescaping (`"a"` equals `"\u0061"`).
 */
export function duplicateKey(text: string): { path: string; key: string; line: number } | null {
  let i = 0;
  const stack: Seg[] = [];
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const str = (): string => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return text.slice(start, i);
  };
  const value = (depth: number): { key: string; at: number } | null => {
    if (depth > MAX_DEPTH) throw new Error(`nested more than ${MAX_DEPTH} levels deep`);
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return i++, null;
      const seen = new Set<string>();
      for (;;) {
        ws();
        const at = i;
        const key = JSON.parse(str()) as string;
        if (seen.has(key)) return { key, at };
        seen.add(key);
        ws();
        i++; // ':'
        stack.push(key);
        const d = value(depth + 1);
        if (d) return d;
        stack.pop();
        ws();
        if (text[i++] !== ',') return null;
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return i++, null;
      for (let k = 0; ; k++) {
        stack.push(k);
        const d = value(depth + 1);
        if (d) return d;
        stack.pop();
        ws();
        if (text[i++] !== ',') return null;
      }
    }
    if (c === '"') str();
    else while (i < text.length && !',]} \t\n\r'.includes(text[i])) i++;
    return null;
  };
  const d = value(0);
  if (!d) return null;
  let line = 1;
  for (let k = 0; k < d.at; k++) if (text.charCodeAt(k) === 10) line++;
  return { path: pathString('', [...stack, d.key]), key: d.key, line };
}
