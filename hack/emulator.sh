#!/usr/bin/env bash
# make emulator: moto + the Palette emulator in the foreground, printing every variable another shell needs to run the
# collection's playbooks against them (connection, AWS, PATH of .venv, the collection path), then a command to try.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
port=${PALETTE_EMULATOR_PORT:-8765}
cd "$root/tests"
# The emulator prints its own exports (Palette and AWS); the lines after them complete the set.
"$root/.venv/bin/python" -u -m palette_emulator --with-moto --port "$port" "$@" | while IFS= read -r line; do
  printf '%s\n' "$line"
  if [[ $line == export\ AWS_ACCESS_KEY_ID=* ]]; then
    printf 'export AWS_REGION=us-east-1\n'
    printf 'export PATH=%s/.venv/bin:$PATH ANSIBLE_COLLECTIONS_PATH=%s/.collections\n' "$root" "$root"
    printf '\n# then, from %s:\n' "$root"
    printf '#   ansible-playbook palette.aws.deploy_eks -e @playbooks/vars/emulator.yml\n'
    printf '#   ansible-playbook palette.aws.delete_cluster -e @playbooks/vars/emulator.yml\n'
    printf '# Ctrl-C stops the emulator and moto.\n'
  fi
done
