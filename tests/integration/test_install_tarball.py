"""From the sources to a user's machine: build the release tarball, install it into a venv that holds only
ansible-core (the lowest supported, 2.16) and boto3, and run palette.aws.deploy_eks and palette.aws.delete_cluster by
their FQCN against the emulator, from a directory outside the checkout (no ansible.cfg, no .collections link)."""

import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VENV = REPO / "build" / "venvs" / "core-2.16"


@pytest.fixture(scope="module")
def core_216():
    """build/venvs/core-2.16 (ansible-core 2.16, boto3, botocore and nothing else), built by hack/venvs.sh if missing."""
    subprocess.run([str(REPO / "hack" / "venvs.sh"), "core-2.16"], check=True, timeout=900)
    return VENV / "bin"


@pytest.fixture(scope="module")
def tarball(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    galaxy = Path(sys.executable).parent / "ansible-galaxy"
    subprocess.run([str(galaxy), "collection", "build", "--output-path", str(out), str(REPO)], check=True,
                   capture_output=True, text=True, timeout=300)
    return next(out.glob("palette-aws-*.tar.gz"))


def test_tarball_ships_what_runs_and_leaves_out_what_cannot(tarball):
    with tarfile.open(tarball) as tar:
        names = set(tar.getnames())
    for shipped in ("playbooks/deploy_eks.yml", "playbooks/delete_cluster.yml", "playbooks/drift_check.yml",
                    "playbooks/vars/emulator.yml", "roles/deploy/meta/argument_specs.yml", "meta/runtime.yml",
                    "meta/execution-environment.yml", "requirements.txt", "extensions/awx/job_templates.yml",
                    "changelogs/changelog.yaml", "tests/config.yml"):
        assert shipped in names, shipped
    # tests that need the emulator, the emulator itself, and development tooling stay out
    for left_out in ("tests/integration", "tests/unit", "tests/reliability", "tests/palette_emulator", "tests/conftest.py",
                     "conftest.py", "hack", "Makefile", "ansible.cfg", "extensions/molecule", ".venv", "build"):
        assert not [n for n in names if n == left_out or n.startswith(left_out + "/")], left_out


def test_installed_tarball_deploys_and_deletes_by_fqcn(tarball, core_216, clean_env, aws_env, tmp_path):
    collections = tmp_path / "collections"
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": "%s:/usr/bin:/bin" % core_216, "HOME": str(home), "ANSIBLE_COLLECTIONS_PATH": str(collections),
        "PYTHONWARNINGS": "ignore:DSA is deprecated", "ANSIBLE_NOCOLOR": "1",
        "PALETTE_HOST": clean_env.url, "PALETTE_API_KEY": clean_env.api_key, "PALETTE_PROJECT": "Default",
    }
    env.update(aws_env)
    install = subprocess.run([str(core_216 / "ansible-galaxy"), "collection", "install", str(tarball)], env=env,
                             cwd=str(tmp_path), capture_output=True, text=True, timeout=300, check=False)
    assert install.returncode == 0, install.stdout + install.stderr
    installed = collections / "ansible_collections" / "palette" / "aws"
    assert (installed / "MANIFEST.json").is_file() and not installed.is_symlink()
    user_vars = installed / "playbooks" / "vars" / "emulator.yml"

    def playbook(name):
        cmd = [str(core_216 / "ansible-playbook"), "palette.aws.%s" % name, "-e", "@%s" % user_vars,
               "-e", "palette_poll_interval=1"]
        return subprocess.run(cmd, env=env, cwd=str(tmp_path), capture_output=True, text=True, timeout=600, check=False)

    deploy = playbook("deploy_eks")
    assert deploy.returncode == 0, deploy.stdout[-6000:] + deploy.stderr
    assert "core 2.16" in subprocess.run([str(core_216 / "ansible-playbook"), "--version"], env=env, text=True,
                                         capture_output=True, check=True).stdout
    assert [c["state"] for c in clean_env.clusters("eks-emulator")] == ["Running"]
    assert "Cluster eks-emulator (eks, us-east-1): Running, Healthy" in deploy.stdout
    assert str(REPO) not in deploy.stdout + deploy.stderr  # nothing came from the checkout

    delete = playbook("delete_cluster")
    assert delete.returncode == 0, delete.stdout[-6000:] + delete.stderr
    assert [c["state"] for c in clean_env.clusters("eks-emulator")] == ["Deleted"]
    assert clean_env.api_key not in deploy.stdout + delete.stdout
