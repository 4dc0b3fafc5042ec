#!/usr/bin/env bash
# make molecule: every scenario under extensions/molecule/ (molecule test, idempotence step included) against one
# Palette emulator + moto started here with short durations, then stopped. Fails if any scenario fails.
#
#   hack/molecule.sh              all scenarios, in parallel (MOLECULE_JOBS, default 4)
#   hack/molecule.sh eks drift    only these
#
# Each scenario's output goes to build/molecule/<scenario>.log; failed scenarios' logs are printed in full.
# Trust molecule's exit code, not its closing summary (TOOLCHAIN.md).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bin="$root/.venv/bin"
work="$root/build/molecule"
jobs=${MOLECULE_JOBS:-4}
started=$(date +%s)

if [[ ! -x "$bin/molecule" || ! -e "$root/.collections/ansible_collections/palette/aws" ]]; then
  make --no-print-directory collection
fi
rm -rf "$work" && mkdir -p "$work"

if [[ $# -gt 0 ]]; then
  scenarios=("$@")
else
  scenarios=()
  for file in extensions/molecule/*/molecule.yml; do
    scenarios+=("$(basename "$(dirname "$file")")")
  done
fi

export PATH="$bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$root/.collections"
export ANSIBLE_HOME="$root/build/ansible-home"
export ANSIBLE_LOCAL_TEMP="$work/tmp"
# molecule keeps each scenario's state (created, prepared) under $ANSIBLE_HOME/tmp/molecule.*; a state left by an
# earlier run would make it skip `prepare` against this run's fresh emulator, so every run starts without one.
rm -rf "$ANSIBLE_HOME"/tmp/molecule.*
export ANSIBLE_REMOTE_TMP="$root/build/ansible-home/remote-tmp"
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false ANSIBLE_NOCOLOR=1
export XDG_CACHE_HOME="$work/cache"   # molecule's state, out of ~
export PY_COLORS=0 ANSIBLE_FORCE_COLOR=0

# shellcheck source=hack/lib/services.sh
source "$root/hack/lib/services.sh"

start_services "$bin/python" molecule-api-key "$work/emulator.log" 0.5 2 1 1 0.5
echo "molecule: ${scenarios[*]} against the Palette emulator $PALETTE_HOST and moto $AWS_ENDPOINT_URL"

run_scenario() {
  local name=$1 begin=$SECONDS rc=0
  (cd extensions && molecule test -s "$name") >"$work/$name.log" 2>&1 || rc=$?
  echo "$rc $((SECONDS - begin))" >"$work/$name.rc"
}

pids=()
for name in "${scenarios[@]}"; do
  # at most $jobs at a time; wait only for scenario runs (the emulator is a child process too)
  while [[ $(jobs -rp | grep -vcx "$emulator_pid") -ge $jobs ]]; do sleep 0.5; done
  run_scenario "$name" &
  pids+=($!)
done
for pid in "${pids[@]}"; do
  wait "$pid" || true
done

failed=()
for name in "${scenarios[@]}"; do
  read -r rc secs <"$work/$name.rc"
  if [[ $rc -eq 0 ]]; then
    printf 'PASSED  %-14s %4ss  (%s)\n' "$name" "$secs" "$(grep -o 'converge\|idempotence\|verify' "$work/$name.log" | sort -u | tr '\n' ' ')"
  else
    failed+=("$name")
    printf 'FAILED  %-14s %4ss  exit %s, log %s\n' "$name" "$secs" "$rc" "$work/$name.log"
  fi
done
for name in "${failed[@]}"; do
  printf '\n----- %s (%s) -----\n' "$name" "$work/$name.log"
  cat "$work/$name.log"
done
echo "molecule: ${#scenarios[@]} scenario(s), ${#failed[@]} failed, $(($(date +%s) - started)) s"
[[ ${#failed[@]} -eq 0 ]]
