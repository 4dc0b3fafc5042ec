"""AWX / Automation Controller readiness: credential type, job templates, execution environment, ansible-runner."""

import json
import os
import subprocess
import sys
from pathlib import Path

import awx_options
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
    """Render the env injectors the way the controller does: Jinja2 over the credential's inputs (unset inputs are not
    in the namespace) plus ``tower.filename.<name>``, the path of each file injector's file."""
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined)
    files = dict((key.split(".", 1)[1], "/runner/env/tmp-" + key.split(".", 1)[1])
                 for key in credential_type["injectors"].get("file", {}))
    namespace = dict(inputs, tower={"filename": files})
    return dict((key, env.from_string(template).render(**namespace))
                for key, template in credential_type["injectors"]["env"].items())


def render_file_injectors(credential_type, inputs):
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined)
    return dict((key.split(".", 1)[1], env.from_string(template).render(**inputs))
                for key, template in credential_type["injectors"]["file"].items())


def test_credential_type_inputs_and_env_injectors():
    ctype = load("credential_type_palette.yml")
    assert set(ctype) <= awx_options.CREDENTIAL_TYPE  # the options of awx.awx.credential_type
    assert ctype["kind"] == "cloud"
    fields = dict((f["id"], f) for f in ctype["inputs"]["fields"])
    assert sorted(fields) == ["palette_api_key", "palette_ca_bundle", "palette_host", "palette_project",
                              "palette_validate_certs"]
    for field in fields.values():
        assert set(field) <= awx_options.CREDENTIAL_INPUT_FIELD, field["id"]
        assert field["type"] == "string" and field["label"] and field["help_text"]
    assert fields["palette_api_key"]["secret"] is True
    assert [f for f in fields if fields[f].get("secret")] == ["palette_api_key"]
    assert fields["palette_validate_certs"]["choices"] == ["true", "false"]
    assert fields["palette_ca_bundle"]["multiline"] is True
    assert sorted(ctype["inputs"]["required"]) == ["palette_api_key", "palette_host"]
    env = ctype["injectors"]["env"]
    assert sorted(env) == ["PALETTE_API_KEY", "PALETTE_CA_BUNDLE", "PALETTE_HOST", "PALETTE_PROJECT",
                           "PALETTE_VALIDATE_CERTS"]  # what modules and inventory read
    assert not [k for k in env if k.startswith("ANSIBLE_")]  # reserved by the controller
    assert set(ctype["injectors"]) == {"env", "file"}  # nothing in extra_vars: secrets stay out of the job's variables

    rendered = render_injectors(ctype, {"palette_host": "api.example.com", "palette_api_key": "k3y",
                                        "palette_project": "Prod"})
    assert rendered == {"PALETTE_HOST": "api.example.com", "PALETTE_API_KEY": "k3y", "PALETTE_PROJECT": "Prod",
                        "PALETTE_VALIDATE_CERTS": "true", "PALETTE_CA_BUNDLE": ""}
    # unset inputs are left out of the namespace by the controller: project = tenant scope, certificates checked
    minimal = render_injectors(ctype, {"palette_host": "h", "palette_api_key": "k"})
    assert minimal["PALETTE_PROJECT"] == "" and minimal["PALETTE_VALIDATE_CERTS"] == "true"
    assert minimal["PALETTE_CA_BUNDLE"] == ""
    pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
    with_ca = render_injectors(ctype, {"palette_host": "h", "palette_api_key": "k", "palette_validate_certs": "false",
                                       "palette_ca_bundle": pem})
    assert with_ca["PALETTE_VALIDATE_CERTS"] == "false"
    assert with_ca["PALETTE_CA_BUNDLE"] == "/runner/env/tmp-palette_ca_bundle"  # the file the controller writes
    assert render_file_injectors(ctype, {"palette_ca_bundle": pem}) == {"palette_ca_bundle": pem}


def test_modules_and_inventory_plugin_read_every_injected_variable():
    from ansible_collections.palette.aws.plugins.inventory import palette_clusters
    from ansible_collections.palette.aws.plugins.module_utils import palette

    injected = set(load("credential_type_palette.yml")["injectors"]["env"])
    read_by_modules = set(name for names in palette.PALETTE_ENV.values() for name in names)
    assert injected <= read_by_modules
    options = yaml.safe_load(palette_clusters.DOCUMENTATION)["options"]
    read_by_inventory = set(e["name"] for option in options.values() for e in option.get("env", []))
    assert injected <= read_by_inventory, sorted(injected - read_by_inventory)


def objects():
    return load("job_templates.yml")


def test_objects_use_awx_awx_option_names():
    """Each entry of job_templates.yml is written in the options of its awx.awx module (awx_options.py)."""
    data = objects()
    modules = {"inventories": "inventory", "inventory_sources": "inventory_source", "job_templates": "job_template",
               "schedules": "schedule"}
    assert set(data) == set(modules)
    for key, module in modules.items():
        for entry in data[key]:
            assert set(entry) <= awx_options.MODULES[module], (module, entry["name"],
                                                               sorted(set(entry) - awx_options.MODULES[module]))
    for entry in data["inventories"]:
        assert awx_options.INVENTORY_REQUIRED <= set(entry)
    for entry in data["inventory_sources"]:
        assert entry["source"] in awx_options.INVENTORY_SOURCE_CHOICES["source"]
    for entry in data["job_templates"]:
        assert entry["job_type"] in awx_options.JOB_TEMPLATE_CHOICES["job_type"]
        assert isinstance(entry.get("extra_vars", {}), dict)  # awx.awx.job_template: extra_vars is a dict
        if "survey_spec" in entry:
            assert entry["survey_enabled"] is True
            assert set(entry["survey_spec"]) == {"name", "description", "spec"}
            for question in entry["survey_spec"]["spec"]:
                assert awx_options.SURVEY_QUESTION_REQUIRED <= set(question)
                assert question["type"] in awx_options.SURVEY_TYPES


def test_templates_run_shipped_playbooks_and_drift_targets_the_declared_fleet():
    data = objects()
    templates = dict((t["name"], t) for t in data["job_templates"])
    inventories = set(i["name"] for i in data["inventories"])
    sources = dict((s["inventory"], s) for s in data["inventory_sources"])
    for template in templates.values():
        assert (REPO / template["playbook"]).is_file(), template["playbook"]
        assert template["inventory"] in inventories and template["inventory"] in sources
        assert template["credentials"] == ["Palette", "AWS"]
    for source in data["inventory_sources"]:
        assert (REPO / source["source_path"]).is_file(), source["source_path"]

    drift = templates["Palette - drift check"]
    assert drift["job_type"] == "check" and drift["diff_mode"] is True
    assert drift["playbook"] == "playbooks/drift_check.yml"
    # the inventory that carries each cluster's desired state, one host per cluster, every group of it
    assert sources[drift["inventory"]]["source_path"] == "playbooks/inventory/fleet.yml"
    fleet = yaml.safe_load((REPO / "playbooks" / "inventory" / "fleet.yml").read_text())
    assert set(drift["extra_vars"]["palette_hosts"].split(":")) == set(fleet["all"]["children"])
    for name, group in (("Palette - deploy EKS fleet", "eks_fleet"), ("Palette - deploy AWS IaaS fleet", "iaas_fleet")):
        assert sources[templates[name]["inventory"]]["source_path"] == "playbooks/inventory/fleet.yml"
        assert templates[name]["extra_vars"]["palette_hosts"] == group
    delete = templates["Palette - delete cluster"]
    assert delete["playbook"] == "playbooks/delete_cluster.yml"
    survey = dict((q["variable"], q) for q in delete["survey_spec"]["spec"])
    assert survey["palette_force_delete"]["default"] == "false"
    assert survey["palette_cluster_name"]["required"] is True
    schedule = data["schedules"][0]
    assert schedule["unified_job_template"] == "Palette - drift check"
    assert "FREQ=HOURLY;INTERVAL=1" in schedule["rrule"]


STUB_MODULE = """#!/usr/bin/python
import json, os
from ansible.module_utils.basic import AnsibleModule
OPTIONS = %r
def main():
    # every recorded option of the real module, any type: AnsibleModule rejects any other option
    module = AnsibleModule(argument_spec=dict((name, dict(type="raw")) for name in OPTIONS))
    params = dict((k, v) for k, v in module.params.items() if v is not None)
    with open(os.environ["AWX_STUB_LOG"], "a") as log:
        log.write(json.dumps({"module": %r, "params": params}) + "\\n")
    module.exit_json(changed=True)
if __name__ == "__main__":
    main()
"""


def test_configure_controller_playbook_creates_every_object(tmp_path):
    """configure_controller.yml against stand-ins of the awx.awx modules that accept exactly the recorded options and
    log their calls: every object of job_templates.yml and the credential type are created, with valid options."""
    modules = tmp_path / "collections" / "ansible_collections" / "awx" / "awx" / "plugins" / "modules"
    modules.mkdir(parents=True)
    (modules.parents[1] / "galaxy.yml").write_text("namespace: awx\nname: awx\nversion: 0.0.0\n")
    for name, options in awx_options.MODULES.items():
        (modules / ("%s.py" % name)).write_text(STUB_MODULE % (sorted(options), name))
    log = tmp_path / "calls.jsonl"
    env = dict(os.environ, AWX_STUB_LOG=str(log), ANSIBLE_HOME=str(tmp_path / "home"),
               ANSIBLE_COLLECTIONS_PATH="%s:%s" % (tmp_path / "collections", REPO / ".collections"),
               ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCALHOST_WARNING="false",
               ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
    proc = subprocess.run([str(BIN / "ansible-playbook"), str(AWX / "configure_controller.yml")], env=env,
                          cwd=str(tmp_path), capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    made = dict((m, [c["params"]["name"] for c in calls if c["module"] == m]) for m in awx_options.MODULES)
    data = objects()
    assert made == {"credential_type": ["Spectro Cloud Palette"],
                    "inventory": [i["name"] for i in data["inventories"]],
                    "inventory_source": [i["name"] for i in data["inventory_sources"]],
                    "job_template": [t["name"] for t in data["job_templates"]],
                    "schedule": [s["name"] for s in data["schedules"]]}
    by_name = dict((c["params"]["name"], c["params"]) for c in calls)
    # values reach the modules as data: the survey and the extra variables as dicts, the injectors untouched
    for template in data["job_templates"]:
        sent = by_name[template["name"]]
        assert dict((k, v) for k, v in sent.items() if k != "state") == template
    injectors = by_name["Spectro Cloud Palette"]["injectors"]
    assert injectors == load("credential_type_palette.yml")["injectors"]


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
