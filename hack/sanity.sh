#!/usr/bin/env bash
# Run `ansible-test sanity` offline: it refuses symlinked collection paths, so sync a real copy under build/,
# and give it a cached get-pip stand-in (see hack/get_pip_standin.py) instead of a download.
#   SANITY_VENV=build/venvs/core-2.16 SANITY_BUILD_DIR=build/sanity-2.16 hack/sanity.sh [ansible-test options]
# runs the ansible-test of another venv (make smoke does, for each ansible-core of the supported range).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv_bin="$(cd "${SANITY_VENV:-$root/.venv}" && pwd)/bin"
dest="${SANITY_BUILD_DIR:-$root/build/sanity}/ansible_collections/palette/aws"
pip_version=$("$venv_bin/python" -c 'from ansible_test._internal.python_requirements import get_venv_packages as g; from types import SimpleNamespace as S; import sys; print(g(S(version="%d.%d" % sys.version_info[:2]))["pip"])')
cache="$HOME/.ansible/test/cache/get_pip_${pip_version//./_}.py"
mkdir -p "$(dirname "$cache")"
cmp -s "$root/hack/get_pip_standin.py" "$cache" || cp "$root/hack/get_pip_standin.py" "$cache"
rm -rf "$dest" && mkdir -p "$dest"
# tar rather than rsync: rsync is not on a fresh machine.
tar -C "$root" -cf - --exclude ./.git --exclude ./.venv --exclude ./.collections --exclude ./build \
  --exclude ./tests/output --exclude .pytest_cache --exclude .ruff_cache --exclude __pycache__ . | tar -C "$dest" -xf -
cd "$dest"
# ansible-test lists targets with git; a throwaway index is enough.
git init -q . && git add -A
export PATH="$venv_bin:$PATH"
py=$("$venv_bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
exec ansible-test sanity --venv --python "$py" --color no "$@"
