"""module_defaults for group/palette.aws.palette carry both connection sets to every module (INTERFACE.md section 0).

One play sets the Palette and the AWS connection options once, for the whole action group, and calls every module of
the collection in a harmless mode (info modules, check mode, ``state: absent`` on nothing). The PALETTE_* and AWS_*
variables that run_playbook exports are blanked, so a module can only reach the emulator and moto through the group
defaults: a module that refused an option of the other API would fail with "Unsupported parameters".
"""

from pathlib import Path

import yaml
from support import aws, internet_route_table

MISSING = "mdef-missing"             # no cluster, account, role or pool has this name
ACCESS_KEY = "AKIAMDEFAULTS0000001"  # moto takes any key pair
SECRET_KEY = "mdef-aws-secret-value-0123"
BLANKED = {name: "" for name in (
    "PALETTE_HOST", "PALETTE_API_KEY", "PALETTE_PROJECT", "SPECTROCLOUD_HOST", "SPECTROCLOUD_APIKEY",
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
    "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL")}
RUNTIME = Path(__file__).resolve().parents[2] / "meta" / "runtime.yml"


def group_modules():
    return yaml.safe_load(RUNTIME.read_text())["action_groups"]["palette"]


def task(module, args, **extra):
    # ignore_errors: every module runs, so a failure names all the modules that refuse an option
    entry = {"name": module, "palette.aws.%s" % module: args, "ignore_errors": True}
    entry.update(extra)
    return entry


def test_group_defaults_reach_every_module(clean_env, moto_server, run_playbook):
    ec2 = aws(moto_server, "ec2")
    vpc_id = ec2.create_vpc(CidrBlock="10.91.0.0/16")["Vpc"]["VpcId"]
    subnet_id = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.91.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    _igw, table = internet_route_table(ec2, vpc_id)
    ec2.associate_route_table(RouteTableId=table, SubnetId=subnet_id)  # public: subnet_tagging reports it
    kms = aws(moto_server, "kms")
    key_arn = kms.create_key()["KeyMetadata"]["Arn"]

    tasks = [
        # Palette-only modules: the AWS options are accepted and unused
        task("aws_palette_cluster_info", {"name": MISSING}),
        task("cluster_profile_info", {}),
        task("aws_palette_cluster", {"name": MISSING, "state": "absent"}),
        task("node_pool", {"cluster": MISSING, "name": "workers", "state": "absent"}, check_mode=True),
        task("cloud_account", {"name": MISSING, "state": "absent"}),
        # both APIs
        task("fargate_profile", {"cluster": MISSING, "name": "fp", "state": "absent"}),
        task("kms_secret_encryption", {"cluster": MISSING, "kms_key_arn": key_arn, "validate_only": True,
                                       "cloud_account": "aws-demo"}, check_mode=True),
        task("sts_role", {"role_name": "MdefRole", "state": "absent"}),
        task("preflight_info", {"cloud_type": "eks", "cloud_account": "aws-demo", "cluster_name": MISSING}),
        task("orphaned_resources", {"cluster_name": MISSING, "state": "absent"}, check_mode=True),
        # AWS-only modules: the Palette options are accepted and unused
        task("subnet_tagging", {"cluster_name": MISSING, "vpc_id": vpc_id, "state": "absent"}),
        task("orphaned_resources_info", {"cluster_name": MISSING}),
    ]
    playbook = [{
        "hosts": "localhost",
        "gather_facts": False,
        "module_defaults": {"group/palette.aws.palette": {
            "palette_host": clean_env.url,
            "palette_api_key": clean_env.api_key,
            "palette_project": "Default",
            "region": "us-east-1",
            "endpoint_url": moto_server,
            "aws_access_key": ACCESS_KEY,
            "aws_secret_key": SECRET_KEY,
        }},
        "tasks": tasks,
    }]
    result = run_playbook(playbook, env=BLANKED)

    assert sorted(e["action"] for e in result.results) == sorted("palette.aws.%s" % m for m in group_modules())
    unsupported = [(e["task"], e["result"].get("msg")) for e in result.results
                   if "Unsupported parameters" in str(e["result"].get("msg"))]
    assert not unsupported, unsupported
    assert result.rc == 0, [(e["task"], e["status"], e["result"].get("msg")) for e in result.results]
    assert all(e["status"] in ("ok", "changed") for e in result.results), result.statuses()

    def res(name):
        return result.result(name)["result"]

    # the connections really came from the group defaults (the environment had none)
    assert res("aws_palette_cluster_info")["clusters"] == []
    assert res("cluster_profile_info")["profiles"], "no profiles read from the emulator"
    assert res("aws_palette_cluster")["changed"] is False
    assert res("preflight_info")["region"] == "us-east-1"
    assert res("subnet_tagging")["changed"] is False
    assert [s["subnet_id"] for s in res("subnet_tagging")["subnets"]] == [subnet_id]
    assert res("orphaned_resources_info")["count"] == 0
    # unused or not, the AWS secret is never shown
    assert SECRET_KEY not in result.stdout and SECRET_KEY not in yaml.safe_dump(result.results)
    # and nothing was written to Palette
    assert clean_env.writes() == []
