#!/usr/bin/env bash
# make smoke: the smoke set on each end of the supported ansible-core range (hack/venvs.sh builds the venvs):
# ansible-test sanity without the linters (`make sanity` runs those on .venv), then, against one Palette emulator +
# moto started here, palette.aws.deploy_eks, the palette.aws.palette_clusters inventory plugin and
# palette.aws.delete_cluster, with playbooks/vars/emulator.yml as a user would run them.
#   hack/smoke.sh                      both venvs: core-2.16 (requires_ansible's lowest) and core-newest
#   hack/smoke.sh core-newest          one
# Output per venv goes to build/smoke/<venv>-*.log; a failing step prints its log. Fails if any step fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work="$root/build/smoke"
started=$(date +%s)
venvs=("$@")
[[ ${#venvs[@]} -gt 0 ]] || venvs=(core-2.16 core-newest)

hack/venvs.sh "${venvs[@]}"
[[ -e .collections/ansible_collections/palette/aws ]] || make --no-print-directory collection
rm -rf "$work" && mkdir -p "$work"

export ANSIBLE_COLLECTIONS_PATH="$root/.collections" ANSIBLE_HOME="$work/ansible-home"
export ANSIBLE_LOCAL_TEMP="$work/ansible-home/tmp" ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=false
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
export PYTHONWARNINGS="ignore:DSA is deprecated"   # cryptography's warning, printed by some ansible-core versions


# shellcheck source=hack/lib/services.sh
source "$root/hack/lib/services.sh"
py="$root/.venv/bin/python"   # the emulator and moto run in the development venv
start_services "$py" smoke-api-key "$work/emulator.log" 0.5 2 1 1 0.5
printf 'plugin: palette.aws.palette_clusters\nkeyed_groups:\n  - {key: palette_cloud_type, prefix: palette}\n' >"$work/smoke.palette_clusters.yml"

# step <venv> <name> <command...>: run one step, its output to a log; print the log when it fails
failed=()
step() {
  local venv=$1 name=$2 begin=$SECONDS rc=0
  shift 2
  "$@" >"$work/$venv-$name.log" 2>&1 || rc=$?
  if [[ $rc -eq 0 ]]; then
    printf 'PASSED  %-12s %-10s %4ss\n' "$venv" "$name" "$((SECONDS - begin))"
  else
    failed+=("$venv $name")
    printf 'FAILED  %-12s %-10s %4ss  exit %s, log %s\n' "$venv" "$name" "$((SECONDS - begin))" "$rc" \
      "$work/$venv-$name.log"
    tail -n 60 "$work/$venv-$name.log"
  fi
}

# The cluster of playbooks/vars/emulator.yml is listed by the inventory plugin, in group palette_eks. Host names must be
# plain strings in ansible-inventory's JSON (AWX imports it); values may carry ansible-core 2.19+'s trust marker
# {"__ansible_unsafe": value}, which AWX hands back to ansible-core as it got it.
inventory_lists_cluster() {
  "$1/ansible-inventory" -i "$work/smoke.palette_clusters.yml" --list >"$work/inventory.json"
  "$py" - "$work/inventory.json" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
plain = lambda v: v["__ansible_unsafe"] if isinstance(v, dict) and "__ansible_unsafe" in v else v
host = data["_meta"]["hostvars"]["eks-emulator"]
members = data.get("palette_eks", {}).get("hosts", [])
print("eks-emulator:", plain(host["palette_state"]), "- group palette_eks:", members)
if plain(host["palette_cloud_type"]) != "eks":
    sys.exit("palette_cloud_type is %r, not eks" % host["palette_cloud_type"])
if "eks-emulator" not in members:
    sys.exit("group palette_eks does not list the host name eks-emulator as a string: %r" % members)
PY
}

for venv in "${venvs[@]}"; do
  bin="$root/build/venvs/$venv/bin"
  echo "$venv: ansible-core $("$bin/python" -c 'from ansible.release import __version__; print(__version__)')"
  step "$venv" sanity env SANITY_VENV="build/venvs/$venv" SANITY_BUILD_DIR="build/smoke/sanity-$venv" hack/sanity.sh \
    --skip-test pylint --skip-test pep8 --skip-test pslint --skip-test shellcheck
  step "$venv" deploy "$bin/ansible-playbook" palette.aws.deploy_eks -e @playbooks/vars/emulator.yml \
    -e palette_poll_interval=1
  step "$venv" inventory inventory_lists_cluster "$bin"
  step "$venv" delete "$bin/ansible-playbook" palette.aws.delete_cluster -e @playbooks/vars/emulator.yml \
    -e palette_poll_interval=1
done
echo "smoke: ${venvs[*]}: ${#failed[@]} step(s) failed, $(($(date +%s) - started)) s"
[[ ${#failed[@]} -eq 0 ]]
