/**
 * Model files in the browser build: the bundled models by name (their text travels in the bundle,
 * see bundled-texts.d.ts) and model text parsed like a file's. There are no files to read or
 * write: a path is refused with a NodeOnlyError, and so is saveModel (modelToText gives the text).
 *
 * @example
 * import { loadModel, parseModelFile, Model } from 'isocline';   // the browser entry
 * const fhn = loadModel('fitzhugh-nagumo');
 * const mine = new Model(parseModelFile(textarea.value));
 */
import type { Model } from './model.js';
import { ModelFileError, nearestName } from './errors.js';
import { modelFromSpec, parseModelFile } from './modeltext.js';
import { BUNDLED_MODEL_TEXTS } from './bundled-texts.js';
import { NodeOnlyError } from './node-only.js';

export { parseModelFile, modelToText } from './modeltext.js';

interface Bundled {
  name: string;
  description: string;
  file: string;
}

let catalogue: Bundled[] | undefined;

/** Names of the bundled models; `file` is the file's name (there is no folder in a browser). */
export function bundledModels(): Bundled[] {
  catalogue ??= Object.keys(BUNDLED_MODEL_TEXTS)
    .sort()
    .map((file) => {
      const spec = parseModelFile(BUNDLED_MODEL_TEXTS[file], file);
      return { name: spec.name, description: spec.description ?? '', file };
    });
  return catalogue.map((m) => ({ ...m }));
}

/**
 * A bundled model by name (or by its file name, `fitzhugh-nagumo.yaml`). To load a model the user
 * typed, parse its text: `new Model(parseModelFile(text))`.
 * @example const fhn = loadModel('fitzhugh-nagumo')
 */
export function loadModel(name: string): Model {
  const file = bundledFile(name);
  return modelFromSpec(parseModelFile(BUNDLED_MODEL_TEXTS[file], file), file);
}

function bundledFile(name: string): string {
  if (name in BUNDLED_MODEL_TEXTS) return name;
  for (const ext of ['.yaml', '.yml', '.json']) if (name + ext in BUNDLED_MODEL_TEXTS) return name + ext;
  const models = bundledModels();
  const hit = models.find((m) => m.name === name);
  if (hit) return hit.file;
  if (/[/\\]|\.(ya?ml|json|ode)$/i.test(name))
    throw new NodeOnlyError(`loading the model file '${name}'`, 'pass its text to parseModelFile(text, name)');
  const names = models.map((m) => m.name);
  const near = nearestName(name, names);
  throw new ModelFileError(
    `no bundled model '${name}'${near ? ` (did you mean '${near}'?)` : ''}; bundled: ${names.join(', ')}`,
  );
}

/** Node only: saving writes a file. In a browser, modelToText(model) gives the text to offer for download. */
export function saveModel(_model: Model, path: string): void {
  throw new NodeOnlyError(`saveModel('${path}')`, 'modelToText(model) gives the file text');
}
