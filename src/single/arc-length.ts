/**
 * Resampling an orbit by arc length. A cycle sampled uniformly in time puts almost every point on
 * its slow stretches: a Morris–Lecar cycle near its SNIC (period ~1 s, spike ~10 ms) gets a handful
 * of points on the spike and is drawn as a polygon. Points equally spaced in the length of the curve
 * in (scaled state, scaled time) space follow the fast parts and still cover the slow ones.
 */
import type { Segment } from './trajectories.js';

/**
 * Resample segments (a curve cut at resets) to about `total` points spread by arc length, each
 * variable scaled by `scale[v]` (its range over the orbit) and time by `duration`, so that a
 * variable in mV and a gating variable in [0, 1] count alike. The input should be finely sampled;
 * points are placed on its polyline (linear interpolation), and every segment keeps its ends.
 * @example resampleByArcLength(segments, ['v', 'w'], { v: 100, w: 0.5 }, period, 1000)
 */
export function resampleByArcLength(
  segments: Segment[],
  variables: string[],
  scale: Record<string, number>,
  duration: number,
  total: number,
): Segment[] {
  const inv = variables.map((v) => (scale[v] > 0 && Number.isFinite(scale[v]) ? 1 / scale[v] : 0));
  const invT = duration > 0 ? 1 / duration : 0;
  const lengths = segments.map((seg) => cumulativeLength(seg, variables, inv, invT));
  const whole = lengths.reduce((a, s) => a + s[s.length - 1], 0);
  if (!(whole > 0)) return segments;
  return segments.map((seg, k) => {
    const s = lengths[k];
    const L = s[s.length - 1];
    const m = Math.max(2, Math.round((total * L) / whole) + 1);
    const t = new Float64Array(m);
    const y = Object.fromEntries(variables.map((v) => [v, new Float64Array(m)]));
    let j = 0;
    for (let i = 0; i < m; i++) {
      const target = i === m - 1 ? L : (L * i) / (m - 1);
      while (j < s.length - 2 && s[j + 1] < target) j++;
      const span = s[j + 1] - s[j];
      const f = span > 0 ? Math.min(1, Math.max(0, (target - s[j]) / span)) : 0;
      t[i] = seg.t[j] + f * (seg.t[j + 1] - seg.t[j]);
      for (const v of variables) y[v][i] = seg.y[v][j] + f * (seg.y[v][j + 1] - seg.y[v][j]);
    }
    return { t, y };
  });
}

function cumulativeLength(seg: Segment, variables: string[], inv: number[], invT: number): Float64Array {
  const n = seg.t.length;
  const s = new Float64Array(n);
  const cols = variables.map((v) => seg.y[v]);
  for (let i = 1; i < n; i++) {
    const dt = (seg.t[i] - seg.t[i - 1]) * invT;
    let d2 = dt * dt;
    for (let k = 0; k < cols.length; k++) {
      const d = (cols[k][i] - cols[k][i - 1]) * inv[k];
      d2 += d * d;
    }
    s[i] = s[i - 1] + Math.sqrt(d2);
  }
  return s;
}
