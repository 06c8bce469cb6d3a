"""Phase-plane references with exact answers (closed form, checked with numpy).

1. Linear saddle  x' = x + 2y - 3,  y' = 3x - y + 1.
   Nullclines (exact lines): x' = 0  <=>  y = (3 - x)/2;   y' = 0  <=>  y = 3x + 1.
   Fixed point: numpy.linalg.solve([[1, 2], [3, -1]], [3, -1]) = (1/7, 10/7).
   Jacobian [[1, 2], [3, -1]]: trace 0, det -7, eigenvalues -+sqrt(7) (numpy.linalg.eig);
   eigenvectors from numpy, normalised to unit length with the largest component positive.
   Being linear, its stable/unstable manifolds are the straight lines through the fixed point
   along those eigenvectors.
2. Hyperbola  x' = x*y - 1,  y' = x - y.
   x-nullcline x*y = 1 has two branches (x > 0 and x < 0), which must be separate polylines.
   Fixed points: x = y, x^2 = 1 -> (1, 1) and (-1, -1); Jacobian [[y, x], [1, -1]]:
   at (1,1) [[1,1],[1,-1]] eigenvalues -+sqrt(2) (saddle); at (-1,-1) [[-1,-1],[1,-1]]
   eigenvalues -1 -+ i (stable focus) (numpy.linalg.eigvals).
3. Pole  x' = 1/x - y,  y' = x - y: the x-nullcline y = 1/x has two branches separated by a
   pole at x = 0 where x' changes sign without vanishing; the contour must not join them.
Reproduce: /usr/bin/python3 test/references/phase_linear.py > test/references/phase_linear.json
"""
import json
import numpy as np


def unit(v):
    v = np.real_if_close(v)
    v = v / np.linalg.norm(v)
    k = int(np.argmax(np.abs(v)))
    return (v * np.sign(v[k])).tolist()


J = np.array([[1.0, 2.0], [3.0, -1.0]])
fp = np.linalg.solve(J, np.array([3.0, -1.0]))
w, V = np.linalg.eig(J)
order = np.argsort(w)
lin = {
    "fixed_point": {"x": float(fp[0]), "y": float(fp[1])},
    "fixed_point_exact": ["1/7", "10/7"],
    "eigenvalues": [float(w[i]) for i in order],
    "eigenvectors": [unit(V[:, i]) for i in order],
    "stability": "saddle",
}
hyp = []
for x in (-1.0, 1.0):
    Jh = np.array([[x, x], [1.0, -1.0]])
    ev = np.linalg.eigvals(Jh)
    ev = sorted(ev, key=lambda z: (z.real, z.imag))
    hyp.append({"x": x, "y": x, "eig_re": [float(z.real) for z in ev], "eig_im": [float(z.imag) for z in ev],
                "stability": "saddle" if np.linalg.det(Jh) < 0 else "stable focus"})
print(json.dumps({"linear": lin, "hyperbola": {"fixed_points": hyp}}, indent=1))
