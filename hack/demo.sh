#!/usr/bin/env bash
# make demo: the main palette.aws job end to end, on a local Palette emulator and a moto AWS, in about two minutes.
#
#   preflight (every read-only check, before anything is written) -> prerequisites (STS role + cloud account)
#   -> cost estimate (check mode)
#   -> subnet tagging -> deploy (EKS, 2 pools, Fargate, KMS)
#   -> Running (inventory plugin view) -> day-2 change -> drift check (clean, then after an out-of-band change)
#   -> delete + orphaned-resource report
#
# Everything it starts (the emulator and moto, in one background process) is stopped on exit, also on failure.
# Files go to build/demo/. Durations are shortened: a real EKS cluster takes 15-20 minutes to come up.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bin="$root/.venv/bin"
work="$root/build/demo"
started=$(date +%s)
cluster=eks-demo

if [[ ! -x "$bin/ansible-playbook" || ! -e "$root/.collections/ansible_collections/palette/aws" ]]; then
  make --no-print-directory collection
fi
rm -rf "$work" && mkdir -p "$work"

export PATH="$bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$root/.collections"
export ANSIBLE_HOME="$root/build/ansible-home" ANSIBLE_LOCAL_TEMP="$root/build/ansible-home/tmp"
export ANSIBLE_PYTHON_INTERPRETER="$bin/python"
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
export ANSIBLE_DISPLAY_SKIPPED_HOSTS=false ANSIBLE_RETRY_FILES_ENABLED=false
# cryptography's DSA deprecation warning (printed by ansible-core at every start) is noise in the demo's output
export PYTHONWARNINGS="ignore:DSA is deprecated"

stage_no=0
stage() {
  stage_no=$((stage_no + 1))
  printf '\n\033[1m==============================================================================\n'
  printf ' Stage %d - %s   (%ss since start)\n' "$stage_no" "$1" "$(($(date +%s) - started))"
  printf '==============================================================================\033[0m\n'
}

# shellcheck source=hack/lib/services.sh
source "$root/hack/lib/services.sh"
on_services_stop() {
  echo "Stopped the Palette emulator and moto"
  if [[ $1 -ne 0 ]]; then
    echo "make demo FAILED (exit $1) in stage $stage_no; emulator log: $work/emulator.log" >&2
  fi
}

# A small Palette API / admin helper (stdlib only): palette_api METHOD PATH [JSON]
palette_api() {
  python - "$@" <<'PY'
import json, os, sys, urllib.request
method, path = sys.argv[1], sys.argv[2]
body = sys.argv[3].encode() if len(sys.argv) > 3 else None
headers = {"Content-Type": "application/json", "ApiKey": os.environ["PALETTE_API_KEY"]}
if path.startswith("/v1/"):
    headers["ProjectUid"] = os.environ.get("DEMO_PROJECT_UID", "")
req = urllib.request.Request(os.environ["PALETTE_HOST"] + path, data=body, method=method, headers=headers)
with urllib.request.urlopen(req, timeout=30) as resp:
    raw = resp.read()
print(raw.decode() if raw else "")
PY
}

stage "Set up: start the Palette emulator and moto (AWS) in the background"
start_services "$(command -v python)" demo-api-key "$work/emulator.log" 1 6 4 2 1
export DEMO_PROJECT_UID
DEMO_PROJECT_UID=$(palette_api GET /v1/dashboard/projects/metadata |
  python -c 'import json, sys; print([p["metadata"]["uid"] for p in json.load(sys.stdin)["items"] if p["metadata"]["name"] == "Default"][0])')
echo "Palette emulator: $PALETTE_HOST (project Default)   moto: $AWS_ENDPOINT_URL   logs: $work/emulator.log"

stage "AWS side: a VPC with public and private subnets, a KMS key and an EC2 key pair (in moto)"
python extensions/molecule/shared/aws_fixture.py --name demo --vars-file "$work/aws.yml"
cat >"$work/cluster.yml" <<'EOF'
---
# The demo cluster: EKS in the fixture VPC (static placement), 2 worker pools (one spot, tainted),
# a Fargate profile on the private subnets and KMS secrets encryption.
palette_cluster_name: eks-demo
palette_cloud_type: eks
palette_cluster_description: EKS cluster of make demo
palette_cluster_tags: {env: demo, owner: platform}
palette_cloud_account: demo-sts-account
palette_cloud_account_credential_type: sts
palette_cluster_profiles: [{name: eks-infra, version: 1.0.0}]
palette_control_plane_subnets: "{{ palette_fixture_private_subnets }}"
palette_endpoint_access: private_and_public
palette_public_access_cidrs: [0.0.0.0/0]
palette_private_access_cidrs: [10.0.0.0/16]
palette_node_pools:
  - name: general
    instance_type: t3.large
    count: 2
    subnets: "{{ palette_fixture_private_subnets }}"
    labels: {workload: general}
  - name: batch
    instance_type: m5.large
    capacity_type: spot
    max_price: "0.08"
    count: 1
    subnets: "{{ palette_fixture_private_subnets[:1] }}"
    taints: [{key: workload, value: batch, effect: NoSchedule}]
palette_fargate_profiles:
  - name: fp-web
    subnets: "{{ palette_fixture_private_subnets | map(attribute='subnet_id') | list }}"
    selectors: [{namespace: web, labels: {app: frontend}}]
palette_poll_interval: 2
palette_wait_timeout: 300
EOF
echo "palette_kubeconfig_path: $work/eks-demo.kubeconfig" >>"$work/cluster.yml"
cat >"$work/day2.yml" <<'EOF'
---
# Day-2: scale the general pool from 2 to 3 nodes and add a cost-center tag.
palette_cluster_tags: {env: demo, owner: platform, cost-center: "4711"}
palette_node_pools:
  - name: general
    instance_type: t3.large
    count: 3
    subnets: "{{ palette_fixture_private_subnets }}"
    labels: {workload: general}
  - name: batch
    instance_type: m5.large
    capacity_type: spot
    max_price: "0.08"
    count: 1
    subnets: "{{ palette_fixture_private_subnets[:1] }}"
    taints: [{key: workload, value: batch, effect: NoSchedule}]
EOF
cat >"$work/demo.palette_clusters.yml" <<'EOF'
---
plugin: palette.aws.palette_clusters
keyed_groups:
  - {key: palette_cloud_type, prefix: palette}
  - {key: palette_state, prefix: state}
  - {key: "palette_tags.env | default('none')", prefix: env}
EOF
vars=(-e "@$work/aws.yml" -e "@$work/cluster.yml")
playbook() { ansible-playbook "$@"; }

stage "Preflight: cluster profiles, AWS identity, region, key pair, VPC, quotas, KMS key - before anything is written"
playbook playbooks/deploy_eks.yml "${vars[@]}" --tags preflight

stage "Prerequisites: IAM role SpectroCloudRole + STS cloud account"
playbook playbooks/deploy_eks.yml "${vars[@]}" --tags prerequisites

stage "Subnet tagging: load balancer discovery tags on the VPC's public subnets"
playbook playbooks/deploy_eks.yml "${vars[@]}" --tags subnet_tagging

stage "Cost before you create: check mode asks Palette for its rate estimate (nothing is written)"
playbook playbooks/deploy_eks.yml "${vars[@]}" --tags deploy --check

stage "Deploy: EKS cluster with 2 pools, a Fargate profile and KMS encryption, until Running/Healthy"
playbook playbooks/deploy_eks.yml "${vars[@]}" --tags deploy

stage "It is Running: the cluster as the palette.aws.palette_clusters inventory plugin sees it"
ansible-inventory -i "$work/demo.palette_clusters.yml" --graph
ansible-inventory -i "$work/demo.palette_clusters.yml" --host "$cluster" |
  python -c 'import json, sys; d = json.load(sys.stdin); print("\n".join("  %s: %s" % (k, v) for k, v in sorted(d.items())))'

stage "Day-2 change: scale pool general 2 -> 3 and add a tag (diff shown)"
playbook playbooks/deploy_eks.yml "${vars[@]}" -e "@$work/day2.yml" --tags deploy --diff

stage "Drift check: Palette matches the declared state (expect exit 0)"
playbook playbooks/drift_check.yml "${vars[@]}" -e "@$work/day2.yml"
echo ">>> drift check exit status 0: no drift"

stage "Someone changes the cluster's tags in Palette, out of band; drift check again (expect exit 2)"
uid=$(palette_api GET "/_emulator/clusters?name=$cluster" | python -c 'import json, sys; print([c["uid"] for c in json.load(sys.stdin)["items"] if c["state"] != "Deleted"][0])')
palette_api PATCH "/v1/spectroclusters/$uid/metadata" \
  '{"metadata": {"labels": {"env": "demo", "owner": "someone-else", "cost-center": "4711"}}}' >/dev/null
echo "PATCH /v1/spectroclusters/$uid/metadata: owner=someone-else"
set +e
playbook playbooks/drift_check.yml "${vars[@]}" -e "@$work/day2.yml" --diff
drift_rc=$?
set -e
if [[ $drift_rc -ne 2 ]]; then
  echo "expected the drift check to fail with exit status 2, got $drift_rc" >&2
  exit 1
fi
echo ">>> drift check exit status 2: drift found, as expected. Correcting it with the deploy playbook:"
playbook playbooks/deploy_eks.yml "${vars[@]}" -e "@$work/day2.yml" --tags deploy --diff

stage "Delete: wait for Deleted, report orphaned AWS resources, remove the subnet tags"
playbook playbooks/delete_cluster.yml "${vars[@]}"

stage "Done"
echo "make demo finished in $(($(date +%s) - started)) s: cluster $cluster was deployed, changed, checked for drift and deleted."
