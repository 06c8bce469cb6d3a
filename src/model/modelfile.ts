/**
 * Model files: load and save YAML or JSON, validated against the schema, and the bundled models
 * in models/ by name.
 */
import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { extname, join, basename } from 'node:path';
import { Ajv } from 'ajv';
import YAML from 'yaml';
import { Model } from './model.js';
import { ModelError, ModelFileError, nearestName } from './errors.js';
import { MODEL_SCHEMA } from './schema.js';
import type { ModelSpec } from './spec.js';
import { modelsDir } from './paths.js';

const ajv = new Ajv({ allErrors: false, strict: false });
const validateSchema = ajv.compile(MODEL_SCHEMA);

/** Parse model-file text (YAML is a superset of JSON) and check it against the schema. */
export function parseModelFile(text: string, file?: string): ModelSpec {
  let data: unknown;
  try {
    data = YAML.parse(text);
  } catch (e) {
    throw new ModelFileError(`not valid YAML/JSON: ${(e as Error).message.split('\n')[0]}`, file);
  }
  if (!validateSchema(data)) {
    const err = validateSchema.errors![0];
    const at = err.instancePath ? err.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
    const extra = err.params && 'additionalProperty' in err.params ? ` '${err.params.additionalProperty}'` : '';
    throw new ModelFileError(`${at}: ${err.message}${extra}`, file);
  }
  return data as ModelSpec;
}

/** Names of the bundled models (files in models/). */
export function bundledModels(): { name: string; description: string; file: string }[] {
  const dir = modelsDir();
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('.network.json'))
    .sort()
    .map((f) => {
      const spec = parseModelFile(readFileSync(join(dir, f), 'utf8'), f);
      return { name: spec.name, description: spec.description ?? '', file: join(dir, f) };
    });
}

/**
 * Load a model from a file path, or a bundled model by name.
 * @example const izh = loadModel('izhikevich').preset('RS')
 */
export function loadModel(nameOrPath: string): Model {
  const path = resolveModelPath(nameOrPath);
  const spec = parseModelFile(readFileSync(path, 'utf8'), path);
  try {
    return new Model(spec);
  } catch (e) {
    if (e instanceof ModelError) throw new ModelError(e.reason, { ...e.location, model: `${e.location.model ?? spec.name} (${basename(path)})` });
    throw e;
  }
}

function resolveModelPath(nameOrPath: string): string {
  if (existsSync(nameOrPath) && /\.(ya?ml|json)$/i.test(nameOrPath)) return nameOrPath;
  const dir = modelsDir();
  for (const ext of ['.yaml', '.yml', '.json']) {
    const p = join(dir, nameOrPath + ext);
    if (existsSync(p)) return p;
  }
  const names = bundledModels().map((m) => m.name);
  const hit = names.find((n) => n === nameOrPath);
  if (hit) return bundledModels().find((m) => m.name === hit)!.file;
  throw new ModelFileError(
    `no model file or bundled model '${nameOrPath}'${
      nearestName(nameOrPath, names) ? ` (did you mean '${nearestName(nameOrPath, names)}'?)` : ''
    }; bundled: ${names.join(', ')}`,
  );
}

/** Save a model as YAML (.yaml/.yml) or JSON (.json). */
export function saveModel(model: Model, path: string): void {
  const spec = model.toJSON();
  const ext = extname(path).toLowerCase();
  const text = ext === '.json' ? JSON.stringify(spec, null, 2) + '\n' : YAML.stringify(spec);
  writeFileSync(path, text);
}

/** A model as model-file text. */
export function modelToText(model: Model, format: 'yaml' | 'json' = 'yaml'): string {
  return format === 'json' ? JSON.stringify(model.toJSON(), null, 2) + '\n' : YAML.stringify(model.toJSON());
}
