// Our own declaration for odex 2.0.4, whose package ships a raw .ts file that strict TypeScript
// rejects. Only the members isocline uses are declared.
export type Derivative = (x: number, y: number[]) => ArrayLike<number>;
export type OutputFunction = (
  nr: number,
  xold: number,
  x: number,
  y: number[],
  dense?: (c: number, x: number) => number,
) => boolean | void;
export declare enum Outcome {
  Converged = 0,
  MaxStepsExceeded = 1,
  EarlyReturn = 2,
}
export declare class Solver {
  constructor(n: number);
  n: number;
  maxSteps: number;
  initialStepSize: number;
  maxStepSize: number;
  denseOutput: boolean;
  denseComponents?: number[];
  relativeTolerance: number | number[];
  absoluteTolerance: number | number[];
  solve(
    f: Derivative,
    x: number,
    y0: number[],
    xEnd: number,
    solOut?: OutputFunction,
  ): { y: number[]; outcome: Outcome; nStep: number; xEnd: number; nAccept: number; nReject: number; nEval: number };
}
/** odex is CommonJS; Node's ESM loader exposes its exports object as the default export. */
declare const odex: { Solver: typeof Solver; Outcome: typeof Outcome };
export default odex;
