"""Shared pytest fixtures: moto server, Palette emulator, clean state, ansible-playbook runner.

Fixtures (session ones are per xdist worker):
  moto_server            session  URL of an in-process ThreadedMotoServer (127.0.0.1, free port, moto_patches applied)
  palette_emulator       session  EmulatorHandle (.url, .api_key, admin helpers) against that moto
  clean_env              function resets the emulator to seed (config, faults, log, clock) and moto; yields the handle
  aws_env                function dict of AWS env vars pointing at moto (fake creds, us-east-1)
  quotas_file            function writer: quotas_file({"ec2": {"L-1216C47A": 64}}) -> path (sets PALETTE_TEST_QUOTAS_FILE)
  run_playbook           function run_playbook(playbook, extra_vars=None, check=False, diff=False, verbosity=0,
                                   env=None, inventory=None, forks=None) -> PlaybookResult
"""

import json
import logging
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

from palette_emulator import Emulator, EmulatorConfig  # noqa: E402
from palette_emulator.reqlog import is_write  # noqa: E402

TEST_API_KEY = "test-palette-api-key"
# fast lifecycle for tests; individual tests change them with palette_emulator.configure(...)
TEST_DURATIONS = dict(pending_seconds=0.0, provision_seconds=1.0, delete_seconds=1.0,
                      force_delete_after_seconds=900.0, machine_provision_seconds=1.0, machine_delete_seconds=1.0)
FAKE_AWS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
            "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true"}


# ---------------------------------------------------------------------------------------------- moto
@pytest.fixture(scope="session")
def moto_server():
    """URL of a moto server running in this process, with palette_emulator.moto_patches applied."""
    from moto.server import ThreadedMotoServer

    from palette_emulator import moto_patches
    moto_patches.apply()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = "http://%s:%d" % (host, port)
    # moto imports its EC2 backend lazily on the first call (several seconds); pay it here, once per worker
    import moto.ec2.models  # noqa: F401
    import moto.elb.models  # noqa: F401
    yield url
    server.stop()


def reset_moto(url):
    urllib.request.urlopen(urllib.request.Request(url + "/moto-api/reset", method="POST", data=b""), timeout=30).read()


# ---------------------------------------------------------------------------------------------- emulator
class EmulatorHandle:
    """Test-side handle: URL, API key and helpers over the emulator's admin HTTP API (/_emulator/)."""

    def __init__(self, emulator, api_key, aws_endpoint_url):
        self.emulator = emulator          # the in-process Emulator (for white-box checks)
        self.url = emulator.url
        self.api_key = api_key
        self.aws_endpoint_url = aws_endpoint_url

    # -- raw HTTP
    def _http(self, method, path, body=None, headers=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=dict(headers or {}))
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                raw, status, hdrs = resp.read(), resp.status, dict(resp.headers)
        except urllib.error.HTTPError as err:
            raw, status, hdrs = err.read(), err.code, dict(err.headers)
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = raw
        return status, parsed, hdrs

    def admin(self, method, path, body=None):
        status, parsed, _ignored = self._http(method, "/_emulator" + path, body)
        if status >= 400:
            raise AssertionError("admin %s %s failed: %s %s" % (method, path, status, parsed))
        return parsed

    def api(self, method, path, body=None, project="Default", headers=None, api_key=None):
        """Call the Palette API as a client would; returns (status, parsed body, headers).

        ``project`` is a project name or uid (None = tenant scope)."""
        hdrs = {"ApiKey": self.api_key if api_key is None else api_key}
        if project:
            hdrs["ProjectUid"] = self.project_uid(project)
        hdrs.update(headers or {})
        return self._http(method, path, body, hdrs)

    def project_uid(self, name_or_uid):
        for uid, p in self.emulator.store.projects.items():
            if name_or_uid in (uid, p["name"]):
                return uid
        return name_or_uid

    # -- request log
    def requests(self, method=None, path_prefix=None):
        q = {k: v for k, v in (("method", method), ("path_prefix", path_prefix)) if v}
        return self.admin("GET", "/requests" + ("?" + urllib.parse.urlencode(q) if q else ""))["items"]

    def writes(self, path_prefix=None):
        """Logged requests that change state: every non-GET except the read-only POSTs (search, profile and
        project filters, /v1/auth/authenticate, any path ending in /validate, /validate/repave or /rate) — see
        reqlog.is_write."""
        return [e for e in self.requests(path_prefix=path_prefix) if is_write(e["method"], e["path"])]

    def request_count(self, method=None, path_prefix=None, writes=None, since=None):
        """Number of logged requests matching the filters (no entries transferred); ``since`` = a ``last_seq()``."""
        q = {k: v for k, v in (("method", method), ("path_prefix", path_prefix), ("since", since)) if v is not None}
        if writes is not None:
            q["writes"] = "1" if writes else "0"
        return self.admin("GET", "/requests/count" + ("?" + urllib.parse.urlencode(q) if q else ""))["count"]

    def last_seq(self):
        """Sequence number of the last logged request (mark a point, then count ``since`` it)."""
        return self.admin("GET", "/requests/count?method=NONE")["lastSeq"]

    def bulk_clusters(self, count, **kw):
        """Create ``count`` clusters at once (palette_emulator/bulk.py): prefix, cloud_type, state, tags, project,
        region, health, start.  Returns {"uids": [...], "names": [...]}."""
        return self.admin("POST", "/clusters/bulk", dict(kw, count=count))

    def clear_requests(self):
        self.admin("DELETE", "/requests")

    # -- config, faults, clock, reset
    def configure(self, **kw):
        return self.admin("PUT", "/config", kw)

    def faults(self, **kw):
        """Replace the fault configuration (see palette_emulator/faults.py); faults() clears them."""
        return self.admin("PUT", "/faults", kw)

    def fault_response(self, path_regex, kind, method=None, count=1, **kw):
        """One partial-answer fault: kind 'empty' | 'truncated' | 'shape' (body=..., status=...) | 'html' (status);
        skip=N lets the first N matching requests through."""
        rule = dict(kw, path_regex=path_regex, kind=kind, count=count)
        if method:
            rule["method"] = method
        return self.faults(responses=[rule])

    def concurrent_writer(self, path_regex, changes, method=None, count=1, when="before", skip=0):
        """``when`` ('before'|'after') the next matching request (after ``skip`` matches), apply ``changes``
        (palette_emulator/oob.py) as another writer would."""
        rule = {"path_regex": path_regex, "changes": list(changes), "count": count, "when": when, "skip": skip}
        if method:
            rule["method"] = method
        return self.faults(concurrent=[rule])

    def clear_faults(self):
        self.admin("DELETE", "/faults")

    def advance_clock(self, seconds):
        return self.admin("POST", "/clock/advance", {"seconds": seconds})

    def reset(self):
        self.admin("POST", "/reset")
        self.configure(**TEST_DURATIONS)

    # -- out-of-band changes (drift)
    def mutate(self, uid, patch):
        """RFC 7386 merge patch of any stored object (cluster, cloud config, account, profile) by uid."""
        return self.admin("PATCH", "/objects/%s" % uid, patch)["object"]

    def object(self, uid):
        return self.admin("GET", "/objects/%s" % uid)["object"]

    def mutate_pool(self, config_uid, pool_name, patch):
        return self.admin("PATCH", "/cloudconfigs/%s/machinePools/%s" % (config_uid, pool_name), patch)

    def delete_pool(self, config_uid, pool_name):
        self.admin("DELETE", "/cloudconfigs/%s/machinePools/%s" % (config_uid, pool_name))

    def change(self, *changes):
        """Apply out-of-band changes now (palette_emulator/oob.py), e.g. change({'tags': {'uid': u, 'set': {..}}})."""
        return self.admin("POST", "/changes", {"changes": list(changes)})

    def add_pool(self, config_uid, pool):
        """Add a flat pool out of band (e.g. a Karpenter pool: labels [.., 'spectrocloud.com/managed-by:karpenter'])."""
        return self.admin("POST", "/cloudconfigs/%s/machinePools" % config_uid, pool)

    def set_cluster(self, uid, **kw):
        """kw: stuck=True/False (stays in Deleting); health='Healthy'|'UnHealthy'|'Unknown'|None (overview health,
        Palette's spelling); live_nodes={pool: N or None} (live machine count); repave={'state': 'Pending',
        'reasons': [{'code', 'message'}]} or None; notification=True/False (unresolved profile notification)."""
        return self.admin("POST", "/clusters/%s" % uid, kw)

    def mark_stuck(self, uid, stuck=True):
        return self.set_cluster(uid, stuck=stuck)

    def clusters(self, name=None):
        """Internal view of clusters (all projects): state, AWS resource ids, machines, timestamps."""
        return self.admin("GET", "/clusters" + ("?name=" + urllib.parse.quote(name) if name else ""))["items"]


@pytest.fixture(scope="session")
def palette_emulator(moto_server):
    cfg = EmulatorConfig(api_key=TEST_API_KEY, aws_endpoint_url=moto_server, **TEST_DURATIONS)
    emu = Emulator(cfg).start()
    yield EmulatorHandle(emu, TEST_API_KEY, moto_server)
    emu.stop()


@pytest.fixture
def clean_env(palette_emulator, moto_server):
    """Reset the emulator to seed (config, faults, request log, clock) and wipe moto; yields the handle."""
    reset_moto(moto_server)
    palette_emulator.reset()
    yield palette_emulator


@pytest.fixture
def aws_env(moto_server):
    return dict(FAKE_AWS, AWS_ENDPOINT_URL=moto_server)


@pytest.fixture
def quotas_file(tmp_path, monkeypatch):
    """Write a Service Quotas JSON file read by the patched moto; returns the writer."""
    path = tmp_path / "quotas.json"
    monkeypatch.setenv("PALETTE_TEST_QUOTAS_FILE", str(path))

    def write(data):
        path.write_text(json.dumps(data))
        return str(path)
    write({})
    return write


# ---------------------------------------------------------------------------------------------- ansible
class PlaybookResult:
    def __init__(self, rc, stdout, stderr, results, cmd):
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.results = results      # [{"play", "task", "action", "host", "status", "result"}] in order
        self.cmd = cmd

    def result(self, task_name, host=None):
        """The last recorded result of ``task_name`` (optionally for ``host``); KeyError if absent."""
        for entry in reversed(self.results):
            if entry["task"] == task_name and (host is None or entry["host"] == host):
                return entry
        raise KeyError("no result for task %r; tasks: %s" % (task_name, [e["task"] for e in self.results]))

    def statuses(self):
        return [(e["task"], e["status"]) for e in self.results]

    def __repr__(self):
        return "PlaybookResult(rc=%s, tasks=%s)\n--- stdout ---\n%s\n--- stderr ---\n%s" % (
            self.rc, self.statuses(), self.stdout[-4000:], self.stderr[-4000:])


def _venv_bin():
    return Path(sys.executable).parent


@pytest.fixture
def run_playbook(tmp_path, palette_emulator, aws_env):
    """Run ansible-playbook (same venv as pytest) against the emulator + moto; see module docstring."""
    import yaml

    counter = {"n": 0}

    def run(playbook, extra_vars=None, check=False, diff=False, verbosity=0, env=None, inventory=None,
            forks=None, timeout=600):
        counter["n"] += 1
        work = tmp_path / ("run%d" % counter["n"])
        work.mkdir()
        if isinstance(playbook, (list, dict)):
            plays = playbook if isinstance(playbook, list) else [playbook]
            pb_path = work / "playbook.yml"
            pb_path.write_text(yaml.safe_dump(plays, sort_keys=False))
        elif isinstance(playbook, os.PathLike) or ("\n" not in playbook and Path(playbook).is_file()):
            pb_path = Path(playbook)
        else:
            pb_path = work / "playbook.yml"
            pb_path.write_text(playbook)
        if inventory is None:
            inv_path = work / "inventory.ini"
            inv_path.write_text("localhost ansible_connection=local ansible_python_interpreter=%s\n" % sys.executable)
        elif "\n" not in str(inventory) and Path(str(inventory)).exists():
            inv_path = Path(str(inventory))
        else:
            inv_path = work / "inventory.ini"
            inv_path.write_text(str(inventory))
        results_file = work / "results.jsonl"
        ansible_home = work / "ansible_home"
        run_env = dict(os.environ)
        run_env.update(aws_env)
        run_env.update({
            "PATH": "%s%s%s" % (_venv_bin(), os.pathsep, run_env.get("PATH", "")),
            "ANSIBLE_COLLECTIONS_PATH": str(REPO_ROOT / ".collections"),
            "ANSIBLE_HOME": str(ansible_home),
            "ANSIBLE_LOCAL_TEMP": str(work / "tmp_local"),
            "ANSIBLE_REMOTE_TMP": str(work / "tmp_remote"),
            "ANSIBLE_CALLBACK_PLUGINS": str(TESTS_DIR / "integration" / "callback_plugins"),
            "ANSIBLE_CALLBACKS_ENABLED": "json_results",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_RETRY_FILES_ENABLED": "false",
            "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "PALETTE_HOST": palette_emulator.url,
            "PALETTE_API_KEY": palette_emulator.api_key,
            "PALETTE_PROJECT": "Default",
            "PALETTE_TEST_RESULTS_FILE": str(results_file),
        })
        run_env.update(env or {})
        cmd = [str(_venv_bin() / "ansible-playbook"), "-i", str(inv_path), str(pb_path)]
        if extra_vars:
            ev = work / "extra_vars.json"
            ev.write_text(json.dumps(extra_vars))
            cmd += ["-e", "@%s" % ev]
        if check:
            cmd.append("--check")
        if diff:
            cmd.append("--diff")
        if verbosity:
            cmd.append("-" + "v" * verbosity)
        if forks:
            cmd += ["--forks", str(forks)]
        proc = subprocess.run(cmd, env=run_env, cwd=str(work), capture_output=True, text=True, timeout=timeout,
                              check=False)
        results = []
        if results_file.exists():
            results = [json.loads(line) for line in results_file.read_text().splitlines() if line.strip()]
        return PlaybookResult(proc.returncode, proc.stdout, proc.stderr, results, cmd)

    return run
