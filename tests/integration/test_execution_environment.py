"""extensions/ee/: `ansible-builder create` (offline) writes a build context holding every file its Containerfile
uses, the collection tarball included, on a current Python and ansible-core; the galaxy stage's install works from it."""

import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# a proxy nobody listens on: any download attempt fails instead of silently reaching the network
OFFLINE = {"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9",
           "HTTPS_PROXY": "http://127.0.0.1:9", "no_proxy": "", "NO_PROXY": "", "PIP_NO_INDEX": "1"}


def galaxy_version():
    return yaml.safe_load((REPO / "galaxy.yml").read_text())["version"]


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    """A checkout-shaped tree (extensions/ee + build/dist with the tarball, as `make ee-context` leaves them) and the
    build context ansible-builder creates from it."""
    tree = tmp_path_factory.mktemp("tree")
    shutil.copytree(str(REPO / "extensions" / "ee"), str(tree / "extensions" / "ee"))
    subprocess.run([str(BIN / "ansible-galaxy"), "collection", "build", "--output-path", str(tree / "build" / "dist"),
                    str(REPO)], check=True, capture_output=True, text=True, timeout=300)
    out = tree / "context"
    proc = subprocess.run([str(BIN / "ansible-builder"), "create", "-f",
                           str(tree / "extensions" / "ee" / "execution-environment.yml"), "-c", str(out),
                           "--output-filename", "Containerfile"], env=dict(os.environ, **OFFLINE),
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def containerfile_sources(text):
    """The context paths of every COPY/ADD that reads from the build context (not --from another stage)."""
    sources = []
    for line in text.splitlines():
        words = line.split()
        if words[:1] in (["COPY"], ["ADD"]) and not any(w.startswith("--from") for w in words[1:]):
            sources += [w for w in words[1:-1] if not w.startswith("--")]
    return sources


def test_every_file_the_containerfile_uses_is_in_the_context(context):
    text = (context / "Containerfile").read_text()
    sources = containerfile_sources(text)
    assert "_build" in sources or any(s.startswith("_build/") for s in sources)
    for source in sources:
        assert (context / source).exists(), "Containerfile copies %s, missing from the build context" % source
    # the galaxy stage copies _build to /build and installs from there: every file requirement must be in _build
    assert "COPY _build /build" in text and "WORKDIR /build" in text
    requirements = yaml.safe_load((context / "_build" / "requirements.yml").read_text())
    files = [c["name"] for c in requirements["collections"] if c.get("type") == "file"]
    assert files == ["collections/palette-aws-%s.tar.gz" % galaxy_version()]
    tarball = context / "_build" / files[0]
    assert tarball.is_file()
    with tarfile.open(str(tarball)) as tar:
        manifest = yaml.safe_load(tar.extractfile("MANIFEST.json").read())
    assert (manifest["collection_info"]["namespace"], manifest["collection_info"]["name"]) == ("palette", "aws")


def test_current_python_and_ansible_core(context):
    text = (context / "Containerfile").read_text()
    pycmd = re.search(r'ARG PYCMD="/usr/bin/python3\.(\d+)"', text)
    assert pycmd and int(pycmd.group(1)) >= 12, "ansible-core 2.20 and later need Python 3.12"
    refs = re.search(r'ARG ANSIBLE_INSTALL_REFS="([^"]*)"', text).group(1).split()
    core = [r for r in refs if r.startswith("ansible-core")]
    requires = yaml.safe_load((REPO / "meta" / "runtime.yml").read_text())["requires_ansible"]
    # no upper bound below the newest release: pip picks the newest ansible-core the collection supports
    assert core == ["ansible-core" + requires]
    assert any(r.startswith("ansible-runner") for r in refs)


def test_galaxy_stage_installs_the_collection_offline_with_its_python_needs(context, tmp_path):
    """What the galaxy and builder stages run, here: install from _build/requirements.yml, then introspect."""
    env = dict(os.environ, **OFFLINE)
    target = tmp_path / "collections"
    # only the target: the checkout's palette.aws (.collections) must not count as "already installed"
    env.update(ANSIBLE_HOME=str(tmp_path / "home"), ANSIBLE_COLLECTIONS_PATH=str(target))
    proc = subprocess.run([str(BIN / "ansible-galaxy"), "collection", "install", "-r", "requirements.yml",
                           "--collections-path", str(target)], cwd=str(context / "_build"), env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (target / "ansible_collections" / "palette" / "aws" / "playbooks" / "deploy_eks.yml").is_file()
    intro = subprocess.run([str(BIN / "ansible-builder"), "introspect", "--sanitize", str(target)], env=env,
                           capture_output=True, text=True, timeout=120, check=False)
    assert intro.returncode == 0, intro.stdout + intro.stderr
    python = "\n".join(yaml.safe_load(intro.stdout)["python"])
    assert "boto3>=1.34.0" in python and "botocore>=1.34.0" in python
