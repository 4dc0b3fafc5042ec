"""AWX / Automation Controller readiness: credential type, job templates, execution environment, ansible-runner."""

import json
import os
import subprocess
import sys
from pathlib import Path

import jinja2.sandbox
import yaml

REPO = Path(__file__).resolve().parents[2]
AWX = REPO / "extensions" / "awx"
EE = REPO / "extensions" / "ee" / "execution-environment.yml"
BIN = Path(sys.executable).parent
# a proxy nobody listens on: any download attempt fails instead of silently reaching the network
OFFLINE = {"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9",
           "HTTPS_PROXY": "http://127.0.0.1:9", "no_proxy": "", "NO_PROXY": "", "PIP_NO_INDEX": "1"}


def load(name):
    return yaml.safe_load((AWX / name).read_text())


def render_injectors(credential_type, inputs):
    """Render the env injectors the way the controller does (Jinja2 over the credential's inputs)."""
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined)
    return dict((key, env.from_string(template).render(**inputs))
                for key, template in credential_type["injectors"]["env"].items())


def test_credential_type_inputs_and_env_injectors():
    ctype = load("credential_type_palette.yml")
    assert ctype["kind"] == "cloud"
    fields = dict((f["id"], f) for f in ctype["inputs"]["fields"])
    assert sorted(fields) == ["palette_api_key", "palette_host", "palette_project"]
    assert fields["palette_api_key"]["secret"] is True
    assert not fields["palette_host"].get("secret") and not fields["palette_project"].get("secret")
    assert all(f["type"] == "string" and f["label"] and f["help_text"] for f in fields.values())
    assert sorted(ctype["inputs"]["required"]) == ["palette_api_key", "palette_host"]
    env = ctype["injectors"]["env"]
    assert sorted(env) == ["PALETTE_API_KEY", "PALETTE_HOST", "PALETTE_PROJECT"]  # what modules and inventory read
    assert not [k for k in env if k.startswith("ANSIBLE_")]  # reserved by the controller
    assert set(ctype["injectors"]) == {"env"}  # nothing in extra_vars: secrets stay out of the job's variables

    rendered = render_injectors(ctype, {"palette_host": "api.example.com", "palette_api_key": "k3y", "palette_project": "Prod"})
    assert rendered == {"PALETTE_HOST": "api.example.com", "PALETTE_API_KEY": "k3y", "PALETTE_PROJECT": "Prod"}
    # project left empty: the modules and the inventory plugin treat an empty PALETTE_PROJECT as tenant scope
    assert render_injectors(ctype, {"palette_host": "h", "palette_api_key": "k"})["PALETTE_PROJECT"] == ""


def test_inventory_plugin_reads_the_injected_env():
    from ansible_collections.palette.aws.plugins.inventory import palette_clusters

    options = yaml.safe_load(palette_clusters.DOCUMENTATION)["options"]
    injected = set(load("credential_type_palette.yml")["injectors"]["env"])
    read = set(e["name"] for name in ("palette_host", "palette_api_key", "palette_project")
               for e in options[name]["env"])
    assert injected <= read


def test_job_templates_point_at_shipped_playbooks():
    data = load("job_templates.yml")
    templates = dict((t["name"], t) for t in data["job_templates"])
    for template in templates.values():
        assert (REPO / template["playbook"]).is_file(), template["playbook"]
        assert set(template["credentials"]) <= set(data["credentials"])
        if "extra_vars_file" in template:
            assert (REPO / template["extra_vars_file"]).is_file()
    drift = templates["Palette - drift check"]
    assert drift["job_type"] == "check" and drift["diff_mode"] is True
    assert drift["playbook"] == "playbooks/drift_check.yml"
    assert templates["Palette - deploy EKS cluster"]["playbook"] == "playbooks/deploy_eks.yml"
    assert templates["Palette - delete cluster"]["playbook"] == "playbooks/delete_cluster.yml"
    survey = dict((q["variable"], q) for q in templates["Palette - delete cluster"]["survey"])
    assert survey["palette_force_delete"]["default"] == "false"
    schedule = data["schedules"][0]
    assert schedule["unified_job_template"] == "Palette - drift check"
    assert "FREQ=HOURLY;INTERVAL=1" in schedule["rrule"]
    for source in data["inventory_sources"]:
        assert (REPO / source["source_path"]).is_file()
        assert source["source_path"].endswith("palette_clusters.yml")


def test_ansible_builder_create_works_offline(tmp_path):
    context = tmp_path / "context"
    env = dict(os.environ, **OFFLINE)
    proc = subprocess.run([str(BIN / "ansible-builder"), "create", "-f", str(EE), "-c", str(context),
                           "--output-filename", "Containerfile"], env=env, capture_output=True, text=True, timeout=300,
                          check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    containerfile = (context / "Containerfile").read_text()
    assert "quay.io/centos/centos:stream9" in containerfile
    assert "ansible-galaxy" in containerfile
    build = context / "_build"
    assert "palette-aws-1.0.0.tar.gz" in (build / "requirements.yml").read_text()
    assert "boto3>=1.34.0" in (build / "requirements.txt").read_text()
    assert (build / "bindep.txt").is_file()


def test_collection_declares_its_python_needs_for_ansible_builder():
    meta = yaml.safe_load((REPO / "meta" / "execution-environment.yml").read_text())
    assert meta == {"version": 1, "dependencies": {"python": "requirements.txt"}}
    proc = subprocess.run([str(BIN / "ansible-builder"), "introspect", "--sanitize", str(REPO / ".collections")],
                          env=dict(os.environ, **OFFLINE), capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    deps = yaml.safe_load(proc.stdout)
    python = "\n".join(deps["python"])
    assert "boto3>=1.34.0" in python and "botocore>=1.34.0" in python
    assert "palette.aws" in python  # the requirement says which collection needs it


def test_old_controllers_aws_security_token_reaches_boto3(aws_env):
    """Older AWX injects only AWS_SECURITY_TOKEN; modules leave credentials to boto3, whose chain reads it."""
    env = dict(aws_env, AWS_SECURITY_TOKEN="old-awx-token")
    env.pop("AWS_SESSION_TOKEN", None)
    probe = "import boto3, sys; sys.exit(0 if boto3.Session().get_credentials().token == 'old-awx-token' else 1)"
    assert subprocess.run([sys.executable, "-c", probe], env=env, timeout=60, check=False).returncode == 0


def test_deploy_playbook_through_ansible_runner_with_env_credentials(clean_env, aws_env, tmp_path, monkeypatch):
    """The controller's way: credentials only as environment variables, job variables without any secret."""
    import ansible_runner

    monkeypatch.setenv("PATH", "%s%s%s" % (BIN, os.pathsep, os.environ.get("PATH", "")))  # ansible-playbook of this venv
    private = tmp_path / "job"
    (private / "env").mkdir(parents=True)
    (private / "inventory").mkdir()
    secret_key, token = "awx-injected-secret-key", "awx-injected-session-token"
    envvars = dict(aws_env)
    envvars.update({
        # the "Spectro Cloud Palette" credential (extensions/awx/credential_type_palette.yml)
        "PALETTE_HOST": clean_env.url, "PALETTE_API_KEY": clean_env.api_key, "PALETTE_PROJECT": "Default",
        # the built-in "Amazon Web Services" credential: older AWX sets AWS_SECURITY_TOKEN, newer also AWS_SESSION_TOKEN
        "AWS_SECRET_ACCESS_KEY": secret_key, "AWS_SECURITY_TOKEN": token, "AWS_SESSION_TOKEN": token,
        # what the execution environment provides
        "ANSIBLE_COLLECTIONS_PATH": str(REPO / ".collections"), "ANSIBLE_HOME": str(tmp_path / "ansible_home"),
        "ANSIBLE_LOCALHOST_WARNING": "false", "PATH": "%s%s%s" % (BIN, os.pathsep, os.environ.get("PATH", "")),
    })
    (private / "env" / "envvars").write_text(yaml.safe_dump(envvars))
    extravars = {
        "palette_cluster_name": "awx-eks", "palette_cloud_type": "eks", "palette_cloud_account": "aws-demo",
        "palette_cloud_account_manage": False, "palette_region": "us-east-1",
        "palette_cluster_profiles": [{"name": "eks-infra", "version": "1.0.0"}],
        "palette_node_pools": [{"name": "workers", "instance_type": "t3.large", "count": 2,
                                "azs": ["us-east-1a", "us-east-1b"]}],
        "palette_poll_interval": 1, "palette_wait_timeout": 120,
    }
    (private / "env" / "extravars").write_text(yaml.safe_dump(extravars))
    (private / "inventory" / "hosts").write_text(
        "localhost ansible_connection=local ansible_python_interpreter=%s\n" % sys.executable)

    run = ansible_runner.run(private_data_dir=str(private), project_dir=str(REPO / "playbooks"),
                             playbook="deploy_eks.yml", quiet=True,
                             ident="deploy", timeout=600)
    stdout = run.stdout.read()
    assert run.status == "successful" and run.rc == 0, stdout
    assert [c["state"] for c in clean_env.clusters("awx-eks")] == ["Running"]
    assert "Validate that the cluster is Running and Healthy" in stdout
    assert "awx-eks: Running, health Healthy" in stdout

    # no secret in what the controller keeps: job output, events, the job's variables
    # (artifacts/<ident>/command is ansible-runner's record of the process environment itself)
    artifacts = private / "artifacts" / "deploy"
    kept = stdout + "".join(p.read_text(errors="replace") for p in artifacts.rglob("*") if p.is_file() and p.name != "command")
    kept += (private / "env" / "extravars").read_text()
    for secret in (clean_env.api_key, secret_key, token):
        assert secret not in kept
    events = [json.loads(p.read_text()) for p in (artifacts / "job_events").glob("*.json")]
    assert any(e.get("event") == "playbook_on_stats" for e in events)
