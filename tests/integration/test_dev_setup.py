"""The developer's and the user's first steps: `make emulator` prints every variable another shell needs, the
ansible.cfg at the root finds the collection, the Makefile explains a too old Python, and the supported ansible-core
range is the one CI tests."""

import os
import queue
import re
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def read_until(proc, marker, timeout=60):
    """stdout lines of ``proc`` up to the one starting with ``marker`` (read by a thread: the emulator keeps running)."""
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line.rstrip("\n")) for line in proc.stdout], daemon=True).start()
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        seen.append(line)
        if line.startswith(marker):
            return seen
    raise AssertionError("no %r in the output of make emulator: %s" % (marker, seen))


def test_make_emulator_prints_every_variable_a_fresh_shell_needs(tmp_path):
    env = dict(os.environ, PALETTE_EMULATOR_PORT=str(free_port()))
    proc = subprocess.Popen([str(REPO / "hack" / "emulator.sh")], env=env, stdout=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        lines = read_until(proc, "# Ctrl-C")
        exports = "\n".join(line for line in lines if line.startswith("export "))
        for name in ("PALETTE_HOST", "PALETTE_API_KEY", "PALETTE_PROJECT", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID",
                     "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION", "AWS_REGION", "PATH", "ANSIBLE_COLLECTIONS_PATH"):
            assert re.search(r"\b%s=" % name, exports), name
        assert "ansible-playbook palette.aws.deploy_eks -e @playbooks/vars/emulator.yml" in "\n".join(lines)
        # a shell with nothing but these exports runs the collection's playbook against the emulator and moto
        script = exports + "\nexport PYTHONWARNINGS='ignore:DSA is deprecated' ANSIBLE_HOME=%s\n" % (tmp_path / "home")
        script += "ansible-playbook palette.aws.deploy_eks -e @playbooks/vars/emulator.yml --tags preflight\n"
        run = subprocess.run(["env", "-i", "HOME=%s" % tmp_path, "PATH=/usr/bin:/bin", "bash", "-c", script],
                             cwd=str(REPO), capture_output=True, text=True, timeout=300, check=False)
        assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
        assert "Preflight for eks-emulator in us-east-1: ready" in run.stdout
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_ansible_cfg_at_the_root_finds_the_collection(tmp_path):
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith("ANSIBLE_"))
    env["ANSIBLE_HOME"] = str(tmp_path)
    out = subprocess.run([str(REPO / ".venv" / "bin" / "ansible-config"), "dump", "--only-changed"], cwd=str(REPO),
                         env=env, capture_output=True, text=True, timeout=120, check=True).stdout
    assert "COLLECTIONS_PATHS(%s) = ['%s']" % (REPO / "ansible.cfg", REPO / ".collections") in out


def test_make_explains_a_python_too_old_for_the_venv(tmp_path):
    old = sorted(Path(os.path.expanduser("~/.pyenv/versions")).glob("3.9*/bin/python3"))
    python = str(old[0]) if old else "python3.9"
    proc = subprocess.run(["make", "-s", "PYTHON=%s" % python, "VENV=%s" % (tmp_path / "venv"), "venv"], cwd=str(REPO),
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode != 0
    assert "the development venv needs Python 3.11 or later: make PYTHON=python3.11" in proc.stderr
    assert not (tmp_path / "venv").exists()


def test_supported_range_is_what_ci_tests():
    requires = yaml.safe_load((REPO / "meta" / "runtime.yml").read_text())["requires_ansible"]
    lowest = re.match(r">=(\d+\.\d+)\.0$", requires).group(1)
    venvs = (REPO / "hack" / "venvs.sh").read_text()
    # the smoke set runs on the lowest claimed ansible-core and on the newest on PyPI
    assert "build core-%s 'ansible-core>=%s,<" % (lowest, lowest) in venvs
    assert "build core-newest ansible-core " in venvs
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"^test: .*\bsmoke\b", makefile, re.M)
    for role in ("deploy", "delete", "prerequisites", "subnet_tagging"):
        meta = yaml.safe_load((REPO / "roles" / role / "meta" / "main.yml").read_text())
        assert meta["galaxy_info"]["min_ansible_version"] == lowest


def test_documented_requirements_equal_requirements_txt():
    pins = [line.strip() for line in (REPO / "requirements.txt").read_text().splitlines()
            if line.strip() and not line.startswith("#")]
    readme = (REPO / "README.md").read_text()
    for pin in pins:
        assert "`%s`" % pin in readme, pin
