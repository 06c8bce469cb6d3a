/**
 * isocline: neuron models and small dynamical systems from equations in strings.
 *
 * @example
 * import { loadModel, simulate } from 'isocline';
 * const r = simulate(loadModel('izhikevich').preset('RS'), { t: 1000, params: { I: 10 } });
 * console.log(r.spikes);
 */
export { Model, Variable, type ModelOptions } from './model/model.js';
export type { ModelSpec, VariableSpec, ParameterSpec, EventSpec } from './model/spec.js';
export type { ModelIR } from './model/ir.js';
export { loadModel, saveModel, bundledModels, parseModelFile, modelToText } from './model/modelfile.js';
export { IsoclineError, ModelError, ModelFileError, SimulationError, OptionError } from './model/errors.js';
export { compile, type CompiledModel } from './compile/scalar.js';
export { simulate, type SimulateOptions, type SimulationResult, type Method } from './single/simulate.js';
