/**
 * The API both entries share (src/index.ts for node, src/browser.ts for browsers): everything that
 * runs on either. What differs (model files, figure rendering, notebook display) each entry adds
 * from its own modules, so the two export the same names (test/browser/bundle.test.ts checks it).
 */
export { Model, Variable, type ModelOptions } from './model/model.js';
export type { ModelSpec, VariableSpec, ParameterSpec, EventSpec } from './model/spec.js';
export type { ModelIR } from './model/ir.js';
export type { FunctionSpec, DefaultsSpec } from './model/spec.js';
export { readOde, writeOde, XppSyntaxError } from './model/xpp/index.js';
export { NodeOnlyError } from './model/node-only.js';
export {
  IsoclineError,
  ModelError,
  ModelFileError,
  SimulationError,
  OptionError,
  WorkLimitError,
  AbortError,
} from './model/errors.js';
export { UnitError, parseUnit, formatUnit, checkUnits, type Dimension } from './model/units.js';
export { compile, type CompiledModel } from './compile/scalar.js';
export { simulate, type SimulateOptions, type SimulationResult, type Method } from './single/simulate.js';
export { observe } from './single/observe.js';
export { timeSeriesChart, type TimeSeriesOptions, type TimeSeriesInput } from './plot/time-series.js';
export { csvTable, simulationCSV, eventsCSV, spikesCSV, tracesCSV, fiCurveCSV, bifurcationCSV } from './plot/csv.js';
export * as theme from './plot/theme.js';
export { phasePortrait, type PhasePortrait, type PhasePortraitOptions, type PortraitSystem } from './single/phase.js';
export type { WorkOptions } from './single/work.js';
export {
  resolvePlane,
  parseAxis,
  reducedModel,
  type AxisSpec,
  type Axis,
  type PlaneOptions,
  type Plane,
} from './single/plane.js';
export { directionField, type DirectionField, type DirectionFieldOptions } from './single/direction-field.js';
export {
  nullclines,
  type Nullclines,
  type NullclineOptions,
  type Polyline,
  type EventLines,
} from './single/nullclines.js';
export {
  fixedPoints,
  analyseFixedPoint,
  classify,
  isSaddle,
  type FixedPoint,
  type FixedPointOptions,
  type FixedPointList,
  type FixedPointSearch,
  type Stability,
} from './single/fixed-points.js';
export { eigen, type EigenResult, type Complex, type ComplexVector } from './single/eigen.js';
export {
  trajectories,
  separatrices,
  type Trajectory,
  type TrajectoryOptions,
  type Segment,
  type Separatrix,
} from './single/trajectories.js';
export {
  limitCycle,
  type LimitCycle,
  type LimitCycleOptions,
  type LimitCycleFound,
  type LimitCycleNotFound,
} from './single/limit-cycle.js';
export { fiCurve, type FICurve, type FICurveOptions } from './single/fi-curve.js';
export {
  bifurcation,
  type Bifurcation,
  type BifurcationOptions,
  type Branch,
  type SpecialPoint,
  type CycleBranch,
} from './single/bifurcation.js';
export {
  continuation,
  continueEquilibria,
  continueCyclesFromHopf,
  continueCyclesFromOrbit,
  CycleContinuationError,
  type ContinuationOptions,
  type EquilibriumOptions,
  type CycleContinuationOptions,
  type CycleContinuationResult,
} from './continuation/index.js';
export type {
  ContinuationResult,
  ContinuationBranch,
  ContinuationSpecialPoint,
  BranchPoint,
  BranchKind,
  SpecialType,
} from './continuation/types.js';
export { phaseChart, PHASE_SIZE, type PhaseChartOptions } from './plot/phase.js';
export { fiChart, type FIChartOptions, type FIReference } from './plot/fi-curve.js';
export { bifurcationChart, type BifurcationChartOptions } from './plot/bifurcation.js';
export {
  continuationChart,
  twoParameterChart,
  periodChart,
  type ContinuationChartOptions,
} from './plot/continuation.js';
export { matrixChart, viridis, type MatrixChartOptions } from './plot/heatmap.js';
// network charts (views of a NetworkResult; the network engine itself is 'isocline/network')
export { rasterChart, type RasterOptions } from './plot/raster.js';
export { rateChart, type RateOptions } from './plot/rate.js';
export { tracesChart, type TracesOptions } from './plot/traces.js';
export { heatmapChart, type HeatmapOptions } from './plot/heatmap.js';
