/** `isocline convert IN OUT`: a model file from one format to another (.yaml, .yml, .json, .ode), by extension. */
import type { Command } from 'commander';
import { OptionError } from '../../model/errors.js';
import { checkOutputs, guard, out } from '../io.js';

const FORMATS = /\.(ya?ml|json|ode)$/i;

export function register(program: Command): void {
  program
    .command('convert')
    .description('convert a model file between isocline YAML/JSON and XPPAUT .ode (format from each extension)')
    .argument('<in>', 'a model file (.yaml, .yml, .json or .ode) or a bundled model name')
    .argument('<out>', 'the file to write (.yaml, .yml, .json or .ode)')
    .addHelpText('after', '\nExample: isocline convert ml1.ode ml1.yaml')
    .action((input: string, output: string) =>
      guard(async () => {
        if (!FORMATS.test(output))
          throw new OptionError(
            `convert: cannot tell the output format of '${output}': end it in .yaml, .yml, .json or .ode`,
          );
        checkOutputs({ out: output });
        // the model layer (mathjs) loads only when the command runs: `isocline --version` stays fast
        const { loadModel, saveModel } = await import('../../model/modelfile.js');
        const model = loadModel(input);
        saveModel(model, output);
        const counts = `${model.variableNames.length} variables, ${model.parameterNames.length} parameters`;
        out(`wrote ${output} (model '${model.name}': ${counts})\n`);
      }, `convert ${input}`),
    );
}
