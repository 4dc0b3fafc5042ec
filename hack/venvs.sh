#!/usr/bin/env bash
# Build, when missing, the venvs of the supported ansible-core range that `make smoke` runs on:
#   build/venvs/core-2.16    the lowest ansible-core meta/runtime.yml claims (requires_ansible), on Python 3.11
#   build/venvs/core-newest  the newest ansible-core on PyPI (it needs Python >= 3.12)
# Each holds only ansible-core and the collection's runtime requirements (requirements.txt: boto3, botocore).
#   hack/venvs.sh [core-2.16] [core-newest]     (default: both)
# A venv that exists is kept; core-newest is upgraded in place when PyPI has a newer ansible-core (a few seconds;
# SMOKE_OFFLINE=1 skips that check).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/build/venvs"

# The first interpreter of the candidates that runs and is at least 3.<minor>.
find_python() {
  local minor=$1 candidate
  shift
  for candidate in "$@"; do
    if "$candidate" -c "import sys; sys.exit(sys.version_info[:2] < (3, $minor))" >/dev/null 2>&1; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

pyenv_root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
build() {
  local name=$1 core=$2 minor=$3 python
  if [[ -x "$dest/$name/bin/ansible-playbook" ]]; then
    if [[ $name == core-newest && -z ${SMOKE_OFFLINE:-} ]]; then
      "$dest/$name/bin/python" -m pip install -q --disable-pip-version-check -U ansible-core
    fi
    return 0
  fi
  # shellcheck disable=SC2086  # the glob lists pyenv's interpreters, if any
  python=$(find_python "$minor" ${SMOKE_PYTHON:-} "python3.$minor" $pyenv_root/versions/3."$minor".*/bin/python3) || {
    echo "hack/venvs.sh: $name needs Python 3.$minor or later; none found (set SMOKE_PYTHON)" >&2
    exit 1
  }
  echo "creating $dest/$name ($core, $("$python" --version); about a minute)"
  rm -rf "${dest:?}/$name"
  "$python" -m venv "$dest/$name"
  "$dest/$name/bin/python" -m pip install -q --disable-pip-version-check "$core" -r "$root/requirements.txt"
}

names=("$@")
[[ ${#names[@]} -gt 0 ]] || names=(core-2.16 core-newest)
for name in "${names[@]}"; do
  case $name in
    # ansible-core 2.16 supports controller Python 3.10-3.12
    core-2.16) SMOKE_PYTHON=${SMOKE_PYTHON_216:-} build core-2.16 'ansible-core>=2.16,<2.17' 11 ;;
    core-newest) SMOKE_PYTHON=${SMOKE_PYTHON_NEWEST:-} build core-newest ansible-core 12 ;;
    *) echo "hack/venvs.sh: unknown venv $name (core-2.16, core-newest)" >&2; exit 2 ;;
  esac
done
