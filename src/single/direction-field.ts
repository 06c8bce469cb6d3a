/**
 * Direction field of a phase plane: the vector (dx/dt, dy/dt) on a grid, with arrows of equal
 * length (normalised in axis-scaled units, so they look equal on any aspect ratio) and the speed
 * kept for colouring.
 */
import type { Model } from '../model/model.js';
import type { CompiledModel } from '../compile/scalar.js';
import { OptionError } from '../model/errors.js';
import { resolvePlane, type Plane, type PlaneOptions } from './plane.js';

export interface DirectionField {
  /** grid size (arrows per axis) */
  nx: number;
  ny: number;
  /** arrow centres (nx·ny, row by row from the bottom) */
  x: Float64Array;
  y: Float64Array;
  /** raw derivatives dx/dt, dy/dt */
  dx: Float64Array;
  dy: Float64Array;
  /**
   * arrow components in data units: the unit direction in axis-scaled coordinates times
   * `length` of a grid cell, converted back (0 where the field vanishes or is not finite)
   */
  u: Float64Array;
  v: Float64Array;
  /** speed in axis-scaled units: √((dx/Δx)² + (dy/Δy)²) per time unit, Δ the axis spans */
  speed: Float64Array;
}

export interface DirectionFieldOptions extends PlaneOptions {
  /** arrows per axis (default 21); `[nx, ny]` for different counts */
  arrows?: number | [number, number];
  /** arrow length as a fraction of a grid cell (default 0.7) */
  length?: number;
}

/**
 * The direction field of a plane.
 * @example
 * const f = directionField(loadModel('fitzhugh-nagumo'), { x: 'v:-2.5:2', y: 'w:-1:2', arrows: 20 });
 * // draw a segment from (f.x[i] - f.u[i]/2, f.y[i] - f.v[i]/2) to (f.x[i] + f.u[i]/2, f.y[i] + f.v[i]/2)
 */
export function directionField(model: Model | CompiledModel, options: DirectionFieldOptions): DirectionField {
  return directionFieldOf(resolvePlane(model, options), options.arrows, options.length);
}

export function directionFieldOf(plane: Plane, arrows: number | [number, number] = 21, length = 0.7): DirectionField {
  const [nx, ny] = Array.isArray(arrows) ? arrows : [arrows, arrows];
  for (const k of [nx, ny]) {
    if (!(Number.isInteger(k) && k >= 2 && k <= 500))
      throw new OptionError(`arrows per axis must be an integer from 2 to 500, got ${k}`);
  }
  if (!(length > 0 && length <= 2))
    throw new OptionError(`arrow length must be a fraction of a grid cell in (0, 2], got ${length}`);
  const { c, p, x, y, t } = plane;
  const wx = x.max - x.min,
    wy = y.max - y.min;
  const m = nx * ny;
  const out: DirectionField = {
    nx,
    ny,
    x: new Float64Array(m),
    y: new Float64Array(m),
    dx: new Float64Array(m),
    dy: new Float64Array(m),
    u: new Float64Array(m),
    v: new Float64Array(m),
    speed: new Float64Array(m),
  };
  const s = Float64Array.from(plane.base);
  const d = new Float64Array(c.n);
  // arrow centres at cell centres, so arrows never poke out of the box
  const cell = Math.min(1 / nx, 1 / ny) * length;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const k = j * nx + i;
      const a = x.min + ((i + 0.5) / nx) * wx,
        b = y.min + ((j + 0.5) / ny) * wy;
      s[x.index] = a;
      s[y.index] = b;
      c.rhs(t, s, p, d);
      out.x[k] = a;
      out.y[k] = b;
      out.dx[k] = d[x.index];
      out.dy[k] = d[y.index];
      const sx = d[x.index] / wx,
        sy = d[y.index] / wy;
      const sp = Math.hypot(sx, sy);
      out.speed[k] = Number.isFinite(sp) ? sp : NaN;
      if (sp > 0 && Number.isFinite(sp)) {
        out.u[k] = (sx / sp) * cell * wx;
        out.v[k] = (sy / sp) * cell * wy;
      }
    }
  }
  return out;
}
