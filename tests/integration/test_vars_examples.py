"""Every example of playbooks/vars/ deploys, and its converged re-run sends reads only (issue 11, must hold).

The examples name AWS objects of the reader's account (VPC, subnets, key pair, KMS key): the test swaps in the same
kind of objects made in moto, and keeps every other variable as shipped. The cloud account is the emulator's seed
account, used as an existing account (the prerequisites role that creates one has its own tests).
"""

import json
import subprocess
import sys

import pytest
import yaml
from support import SEED_ACCOUNT_NAME
from userpath_support import REPO, fqcn_playbook

FIXTURE = REPO / "extensions" / "molecule" / "shared" / "aws_fixture.py"
VARS = REPO / "playbooks" / "vars"


def fixture(aws_env, name, region):
    out = subprocess.run([sys.executable, str(FIXTURE), "--name", name, "--region", region], env=aws_env, check=True,
                         capture_output=True, text=True, timeout=120).stdout
    return json.loads(out)


def with_moto_objects(example, net):
    """The example with its AWS ids replaced by the fixture's (same zones, same shapes)."""
    data = dict(example, palette_cloud_account=SEED_ACCOUNT_NAME, palette_cloud_account_manage=False,
                palette_poll_interval=1, palette_wait_timeout=300)
    data["palette_ssh_key_name"] = net["ssh_key_name"]
    if "palette_vpc_id" in example:
        data["palette_vpc_id"] = net["vpc_id"]
        data["palette_control_plane_subnets"] = net["private_subnets"]
        for pool in data.get("palette_node_pools") or []:
            if pool.get("subnets"):
                pool["subnets"] = net["private_subnets"][:len(pool["subnets"])]
        for profile in data.get("palette_fargate_profiles") or []:
            profile["subnets"] = [s["subnet_id"] for s in net["private_subnets"]]
    if "palette_kms_key_arn" in example:
        data["palette_kms_key_arn"] = net["kms_key_arn"]
        # the seed account holds access keys moto cannot trace to a principal: the principal checks stay unknown
        data["palette_accept_unverified_key"] = True
    return data


@pytest.mark.parametrize("example, playbook", [("eks_cluster.yml", "deploy_eks"), ("iaas_cluster.yml", "deploy_iaas")])
def test_example_deploys_and_its_converged_rerun_only_reads(example, playbook, clean_env, aws_env, run_playbook,
                                                            tmp_path):
    shipped = yaml.safe_load((VARS / example).read_text())
    net = fixture(aws_env, example.split(".")[0], shipped["palette_region"])
    options = with_moto_objects(shipped, net)
    region = {"AWS_REGION": net["region"], "AWS_DEFAULT_REGION": net["region"]}
    deploy = run_playbook(fqcn_playbook(tmp_path, playbook), extra_vars=options, env=region)
    assert deploy.rc == 0, [e["result"].get("msg") for e in deploy.results if e["status"] == "failed"]
    assert [c["state"] for c in clean_env.clusters(shipped["palette_cluster_name"])] == ["Running"]

    clean_env.clear_requests()
    again = run_playbook(fqcn_playbook(tmp_path, playbook), extra_vars=options, env=region)
    assert again.rc == 0, [e["result"].get("msg") for e in again.results if e["status"] == "failed"]
    assert clean_env.writes() == [], clean_env.writes()
    assert [e["task"] for e in again.results if e["status"] == "changed"] == []
