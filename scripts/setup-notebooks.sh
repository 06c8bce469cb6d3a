#!/usr/bin/env bash
# Set up what `npm run notebooks` needs, on Debian/Ubuntu; idempotent (a warm machine touches
# neither apt nor the kernel registry):
#   - Debian's Jupyter (jupyter-nbconvert, python3-ipykernel, jupyter-client) for /usr/bin/python3
#     (not a pyenv/conda python that may come first on PATH: it cannot see apt's packages);
#   - the tslab TypeScript kernel, registered with that python as kernel "tslab" whose command is
#     `tslab`: `npm run notebooks` finds it in node_modules/.bin (tslab is a devDependency); in
#     Jupyter Lab either start it with `npm exec -- jupyter lab` or `npm install -g tslab` (a
#     global tslab hands a notebook under this checkout to the checkout's own tslab);
#   - node_modules/isocline -> .. so a notebook's `import ... from 'isocline'` type-checks (tslab
#     resolves types the Node10 way, which knows no package self-reference).
# Run it after `npm ci` / `npm install` (they remove node_modules/isocline). Needs root or sudo
# for apt; the kernel goes to /usr/local/share/jupyter/kernels as root, else ~/.local/share/jupyter.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PY=${NOTEBOOK_PYTHON:-/usr/bin/python3}
pkgs=(jupyter-nbconvert python3-ipykernel jupyter-client)

if command -v dpkg >/dev/null 2>&1; then
  missing=()
  for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ "${#missing[@]}" -gt 0 ]; then
    sudo=""
    if [ "$(id -u)" != 0 ]; then
      if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
        echo "setup-notebooks: missing ${missing[*]} and not root; install them with apt-get" >&2
        exit 1
      fi
    fi
    echo "setup-notebooks: installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

if [ ! -x node_modules/.bin/tslab ]; then
  echo "setup-notebooks: node_modules/.bin/tslab is missing; run npm ci (or npm install) first" >&2
  exit 1
fi

# the python's Jupyter, and the kernel spec: registered unless one named tslab already starts
# `tslab kernel`
probe() {
  "$PY" -c '
import nbconvert, nbclient
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
try:
    k = KernelSpecManager().get_kernel_spec("tslab")
    print(nbconvert.__version__, " ".join(k.argv[:2]), k.resource_dir)
except NoSuchKernel:
    print(nbconvert.__version__, "none")' 2>/dev/null
}
if ! found=$(probe); then
  echo "setup-notebooks: $PY cannot import nbconvert/nbclient/jupyter_client (set NOTEBOOK_PYTHON to a python that has Jupyter)" >&2
  exit 1
fi
if [[ "$found" != *" tslab kernel "* ]]; then
  node node_modules/.bin/tslab install --python="$PY" 2>&1 | sed 's/^/setup-notebooks: /'
  found=$(probe)
fi

# `import ... from 'isocline'` inside the checkout
if [ ! -e node_modules/isocline ]; then
  ln -s .. node_modules/isocline
fi
read -r nbc _ _ dir <<<"$found"
echo "setup-notebooks: ok (nbconvert $nbc, tslab $(node -p 'require("./node_modules/tslab/package.json").version'), kernel $dir)"
