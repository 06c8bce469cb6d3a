/**
 * Model-file text: parse YAML, JSON or XPPAUT `.ode` text into a checked spec, and write a model
 * back as text. No files here: this module runs in a browser as well as in node (modelfile.ts
 * adds reading and writing files; modelfile.browser.ts the bundled models by name).
 */
import { Ajv } from 'ajv';
import YAML from 'yaml';
import { Model } from './model.js';
import { ModelError, ModelFileError, nearestName } from './errors.js';
import { MODEL_SCHEMA } from './schema.js';
import type { ModelSpec } from './spec.js';
import { readOde } from './xpp/index.js';

// allErrors: with `oneOf` (a variable is a string or an object) the first error alone is often
// the uninformative branch ("must be string" for an object with a misspelt key).
const ajv = new Ajv({ allErrors: true, strict: false });
const validateSchema = ajv.compile(MODEL_SCHEMA);

interface SchemaError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
  schemaPath: string;
}

/** The one schema error that best explains what is wrong, as `field.path: message`. */
function describeSchemaErrors(errors: SchemaError[]): string {
  const real = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf');
  const depth = (e: SchemaError): number => (e.instancePath ? e.instancePath.split('/').length : 0);
  const deepest = Math.max(...real.map(depth));
  const here = real.filter((e) => depth(e) === deepest);
  // a wrong key or a missing one says more than "must be string" from the other oneOf branch
  const best = here.find((e) => e.keyword !== 'type') ?? here[0];
  const at = best.instancePath ? best.instancePath.slice(1).split('/').map(unescapePointer).join('.') : '(top level)';
  if (best.keyword === 'type') {
    const types = [...new Set(here.filter((e) => e.keyword === 'type').map((e) => String(e.params.type)))];
    return `${at}: must be ${types.join(' or ')}`;
  }
  if (best.keyword === 'additionalProperties') {
    const key = String(best.params.additionalProperty);
    const allowed = allowedKeys(best.schemaPath);
    const hint = allowed.length ? ` (allowed: ${allowed.join(', ')})` : '';
    const near = nearestName(key, allowed);
    return `${at}: unknown key '${key}'${near ? ` (did you mean '${near}'?)` : hint}`;
  }
  return `${at}: ${best.message}`;
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Property names allowed by the schema object at `schemaPath` (ending in /additionalProperties). */
function allowedKeys(schemaPath: string): string[] {
  let node: unknown = MODEL_SCHEMA;
  for (const part of schemaPath.replace(/^#\//, '').split('/').slice(0, -1)) {
    if (node && typeof node === 'object') node = (node as Record<string, unknown>)[unescapePointer(part)];
  }
  const props = node && typeof node === 'object' ? (node as { properties?: object }).properties : undefined;
  return props ? Object.keys(props) : [];
}

/**
 * Parse model-file text (YAML is a superset of JSON; a `.ode` file is XPPAUT's format) and check it against the
 * schema.
 */
export function parseModelFile(text: string, file?: string): ModelSpec {
  if (file && /\.ode$/i.test(file)) return readOde(text, file);
  // yaml's own duplicate-key check scans the map for every key (quadratic: 100 000 parameters
  // took 141 s); keys are checked below with a Set per map instead
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: false, lineCounter });
  // warnings too: an unresolved tag (`!!js/function`) or a map used as a key is never meant
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const first = problem.message.split('\n')[0].replace(/:\s*$/, '');
    throw new ModelFileError(`not valid YAML/JSON: ${first}`, file);
  }
  const duplicate = firstDuplicateKey(doc);
  if (duplicate) {
    const { line, col } = lineCounter.linePos(duplicate.offset);
    throw new ModelFileError(
      `not valid YAML/JSON: Map keys must be unique at line ${line}, column ${col} (key '${duplicate.key}')`,
      file,
    );
  }
  const data: unknown = doc.toJS();
  if (!validateSchema(data))
    throw new ModelFileError(describeSchemaErrors(validateSchema.errors as SchemaError[]), file);
  return data as ModelSpec;
}

/** The first key that repeats within one mapping, and where (linear: one Set per mapping). */
function firstDuplicateKey(doc: YAML.Document): { key: string; offset: number } | undefined {
  let found: { key: string; offset: number } | undefined;
  YAML.visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const k = YAML.isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(k)) {
          found = { key: String(k), offset: (YAML.isNode(pair.key) && pair.key.range?.[0]) || 0 };
          return YAML.visit.BREAK;
        }
        seen.add(k);
      }
      return undefined;
    },
  });
  return found;
}

/**
 * A model from a parsed spec; a model error names the file (`label`) beside the model.
 * @example modelFromSpec(parseModelFile(text, 'fhn.yaml'), 'fhn.yaml')
 */
export function modelFromSpec(spec: ModelSpec, label: string): Model {
  try {
    return new Model(spec);
  } catch (e) {
    // the same class (UnitError stays a UnitError), with the file named beside the model
    if (e instanceof ModelError)
      throw new (e.constructor as typeof ModelError)(e.reason, {
        ...e.location,
        model: `${e.location.model ?? spec.name} (${label})`,
      });
    throw e;
  }
}

/** A model as model-file text. */
export function modelToText(model: Model, format: 'yaml' | 'json' = 'yaml'): string {
  return format === 'json' ? JSON.stringify(model.toJSON(), null, 2) + '\n' : YAML.stringify(model.toJSON());
}
