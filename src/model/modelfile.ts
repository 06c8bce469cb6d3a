/**
 * Model files: load and save YAML or JSON, validated against the schema, and the bundled models
 * in models/ by name. Node only (files); the text side is modeltext.ts, and the browser build
 * loads bundled models through modelfile.browser.ts instead.
 */
import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { extname, join, basename } from 'node:path';
import YAML from 'yaml';
import type { Model } from './model.js';
import { ModelFileError, nearestName } from './errors.js';
import { modelsDir } from './paths.js';
import { writeOde } from './xpp/index.js';
import { modelFromSpec, parseModelFile } from './modeltext.js';

export { parseModelFile, modelToText } from './modeltext.js';

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
  return modelFromSpec(parseModelFile(readFileSync(path, 'utf8'), path), basename(path));
}

function resolveModelPath(nameOrPath: string): string {
  if (existsSync(nameOrPath) && /\.(ya?ml|json|ode)$/i.test(nameOrPath)) return nameOrPath;
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

/** Save a model as YAML (.yaml/.yml), JSON (.json) or XPPAUT (.ode). */
export function saveModel(model: Model, path: string): void {
  const spec = model.toJSON();
  const ext = extname(path).toLowerCase();
  if (ext === '.ode') {
    writeFileSync(path, writeOde(model));
    return;
  }
  const text = ext === '.json' ? JSON.stringify(spec, null, 2) + '\n' : YAML.stringify(spec);
  writeFileSync(path, text);
}
