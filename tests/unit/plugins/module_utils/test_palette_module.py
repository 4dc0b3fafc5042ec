# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys
from urllib.parse import quote, quote_plus

import pytest
from ansible.module_utils import basic

from ansible_collections.palette.aws.plugins.module_utils import palette
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError
from ansible_collections.palette.aws.plugins.module_utils._api.waiter import WaitTimeout
from ansible_collections.palette.aws.plugins.module_utils.palette import MASK, PaletteModule, scrub
from ansible_collections.palette.aws.tests.unit.plugins.module_utils.palette_stub import (
    DROP,
    StubPalette,
    answer,
)
from ansible_collections.palette.aws.tests.unit.plugins.modules.utils import (
    AnsibleExitJson,
    AnsibleFailJson,
    exit_json,
    fail_json,
    set_module_args,
)

KEY = "pk-0123456789abcdef"
ENV_NAMES = ("PALETTE_HOST", "PALETTE_API_KEY", "PALETTE_PROJECT", "SPECTROCLOUD_HOST", "SPECTROCLOUD_APIKEY")


@pytest.fixture(autouse=True)
def clean(monkeypatch):
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)


@pytest.fixture
def stub():
    server = StubPalette().start()
    yield server
    server.stop()


def make(args=None, spec=None, **kwargs):
    kwargs.setdefault("supports_check_mode", True)
    with set_module_args(args or {}):
        return PaletteModule(spec or {"name": {"type": "str"}}, **kwargs)


def test_connection_options_are_merged():
    module = make({"palette_host": "h", "palette_api_key": KEY})
    assert module.params["validate_certs"] is True and module.params["palette_timeout"] == 60
    assert module.params["palette_project"] is None and "wait" not in module.params


def test_env_fallback_prefers_palette_names(monkeypatch):
    monkeypatch.setenv("PALETTE_HOST", "palette.example.com")
    monkeypatch.setenv("SPECTROCLOUD_HOST", "spectro.example.com")
    monkeypatch.setenv("SPECTROCLOUD_APIKEY", "from-spectro")
    monkeypatch.setenv("PALETTE_PROJECT", "team-a")
    module = make()
    assert module.params["palette_host"] == "palette.example.com"
    assert module.params["palette_api_key"] == "from-spectro"
    assert module.params["palette_project"] == "team-a"


def test_env_fallback_skips_empty_values_and_params_win(monkeypatch):
    monkeypatch.setenv("PALETTE_HOST", "")
    monkeypatch.setenv("SPECTROCLOUD_HOST", "spectro.example.com")
    monkeypatch.setenv("PALETTE_API_KEY", "from-env")
    module = make({"palette_api_key": "from-task"})
    assert module.params["palette_host"] == "spectro.example.com"
    assert module.params["palette_api_key"] == "from-task"


def test_missing_host_names_option_and_env():
    module = make({"palette_api_key": KEY})
    with pytest.raises(AnsibleFailJson) as info:
        module.read("/v1/users/info")
    assert "palette_host" in info.value.result["msg"]
    assert "PALETTE_HOST or SPECTROCLOUD_HOST" in info.value.result["msg"]


def test_client_is_lazy_and_resolves_the_project_once(stub):
    stub.routes[("GET", "/v1/dashboard/projects/metadata")] = answer(
        200, {"items": [{"metadata": {"name": "team-a", "uid": "p-a"}}]})
    stub.routes[("GET", "/v1/users/info")] = answer(200, {"ok": 1})
    module = make({"palette_host": stub.url, "palette_api_key": KEY, "palette_project": "team-a"})
    assert stub.requests == []
    assert module.read("/v1/users/info") == {"ok": 1}
    assert module.read("/v1/users/info") == {"ok": 1}
    assert [r.path for r in stub.requests].count("/v1/dashboard/projects/metadata") == 1
    assert stub.requests[-1].headers["ProjectUid"] == "p-a"
    assert module.read_or_none("/v1/missing") is None


def test_unknown_project_fails_with_names(stub):
    stub.routes[("GET", "/v1/dashboard/projects/metadata")] = answer(
        200, {"items": [{"metadata": {"name": "Default", "uid": "p-d"}}]})
    module = make({"palette_host": stub.url, "palette_api_key": KEY, "palette_project": "nope"})
    with pytest.raises(AnsibleFailJson) as info:
        module.read("/v1/users/info")
    assert "'nope'" in info.value.result["msg"] and "Default" in info.value.result["msg"]


def test_check_mode_never_writes(stub):
    module = make({"palette_host": stub.url, "palette_api_key": KEY, "_ansible_check_mode": True})
    assert module.write("POST", "/v1/spectroclusters/eks", {"a": 1}) is None
    assert module.write("delete", "/v1/spectroclusters/c1") is None
    assert module.create("/v1/spectroclusters/eks", {}, lambda: None) is None
    assert module.wait(lambda: None, lambda v: False) is None
    assert stub.requests == [] and module.writes == []


def test_write_calls_the_api_and_records_it(stub):
    stub.push(answer(204))
    module = make({"palette_host": stub.url, "palette_api_key": KEY})
    assert module.write("put", "/v1/cloudconfigs/eks/c/clusterConfig", {"clusterConfig": {}}) is None
    assert module.writes == [("PUT", "/v1/cloudconfigs/eks/c/clusterConfig")]
    with pytest.raises(ValueError):
        module.write("GET", "/v1/x")


def test_create_adopts_an_object_created_by_a_lost_attempt(stub):
    stub.push(DROP)
    module = make({"palette_host": stub.url, "palette_api_key": KEY})
    module.client.sleep = lambda s: None
    outcome = module.create("/v1/spectroclusters/eks", {"metadata": {"name": "demo"}}, lambda: "c-existing")
    assert outcome.value == "c-existing" and outcome.adopted
    assert len(stub.requests) == 1 and module.writes == [("POST", "/v1/spectroclusters/eks")]


def test_create_returns_the_new_uid(stub):
    stub.push(answer(201, {"uid": "c-new"}))
    module = make({"palette_host": stub.url, "palette_api_key": KEY})
    outcome = module.create("/v1/spectroclusters/eks", {}, lambda: pytest.fail("no lookup"))
    assert outcome == ("c-new", False, 1)


def test_failures_are_scrubbed_of_secrets():
    spec = {"secret_key": {"type": "str", "no_log": True}}
    module = make({"palette_host": "h", "palette_api_key": KEY, "secret_key": "AWS-SECRET-VALUE"}, spec)
    err = PaletteApiError(400, "InvalidRequest", "bad secret AWS-SECRET-VALUE for key %s" % KEY,
                          method="POST", path="/v1/cloudaccounts/aws")
    with pytest.raises(AnsibleFailJson) as info:
        module.fail_api(err, "cannot create cloud account", details={"echo": ["AWS-SECRET-VALUE"]})
    result = info.value.result
    text = repr(result)
    assert "AWS-SECRET-VALUE" not in text and KEY not in text
    assert result["msg"].startswith("cannot create cloud account: Palette API POST /v1/cloudaccounts/aws failed")
    assert result["error"]["code"] == "InvalidRequest" and MASK in result["error"]["message"]
    assert result["details"] == {"echo": [MASK]}


def test_api_key_from_env_is_scrubbed_too(monkeypatch):
    monkeypatch.setenv("PALETTE_API_KEY", KEY)
    module = make({"palette_host": "h"})
    with pytest.raises(AnsibleFailJson) as info:
        module.fail_json(msg="server said: key %s rejected" % KEY)
    assert KEY not in info.value.result["msg"]


def test_wait_timeout_fails_with_last_state():
    module = make({"palette_host": "h", "palette_api_key": KEY})
    err = WaitTimeout("timed out", {"status": {"state": "Provisioning"}}, ["Pending", "Provisioning"], 600.04)
    with pytest.raises(AnsibleFailJson) as info:
        module.fail_api(err)
    result = info.value.result
    assert result["last_state"] == "Provisioning" and result["states"] == ["Pending", "Provisioning"]
    assert result["elapsed"] == 600.0


def test_wait_uses_module_options():
    module = make({"palette_host": "h", "palette_api_key": KEY, "wait_timeout": 0}, wait=True)
    assert module.params["wait"] is True and module.params["wait_sleep"] is None
    with pytest.raises(WaitTimeout):
        module.wait(lambda: {"state": "Pending"}, lambda v: False, what="x")


def test_wait_passes_progress_through(monkeypatch):
    real = palette.wait_for
    monkeypatch.setattr(palette, "wait_for", lambda *args, **kwargs: real(*args, sleep=lambda s: None, **kwargs))
    module = make({"palette_host": "h", "palette_api_key": KEY}, wait=True)
    states = iter(["Pending", "Provisioning", "Running"])
    seen = []
    result = module.wait(lambda: {"state": next(states)}, lambda v: v["state"] == "Running",
                         progress=lambda value, elapsed: seen.append((value["state"], elapsed >= 0)))
    assert result.value == {"state": "Running"} and result.polls == 3
    assert seen == [("Pending", True), ("Provisioning", True), ("Running", True)]


def test_exit_resource_keeps_the_resource_under_its_key():
    module = make({"palette_host": "h", "palette_api_key": KEY, "_ansible_diff": True})
    with pytest.raises(AnsibleExitJson) as info:
        module.exit_resource("cluster", {"uid": "c1", "changed": "x"}, changed=True,
                             diff={"before": {}, "after": {"a": 1}})
    result = info.value.result
    assert result["changed"] is True and result["cluster"] == {"uid": "c1", "changed": "x"}
    assert result["diff"] == {"before": {}, "after": {"a": 1}}


def test_no_diff_without_diff_mode():
    module = make({"palette_host": "h", "palette_api_key": KEY})
    with pytest.raises(AnsibleExitJson) as info:
        module.exit_resource("node_pool", None, diff={"before": {}, "after": {}})
    assert "diff" not in info.value.result and info.value.result["node_pool"] is None


def test_scrub_walks_keys_values_and_containers():
    assert scrub({"k-abc": ("abc", ["xabcx", 1])}, ["abc"]) == {"k-" + MASK: (MASK, ["x%sx" % MASK, 1])}


AWS_OPTIONS = {"region": "eu-west-1", "aws_access_key": "AKIAEXAMPLE", "aws_secret_key": "aws-secret-0123",
               "session_token": "aws-token-0123", "profile": "ops", "endpoint_url": "http://127.0.0.1:5000"}
PALETTE_OPTIONS = {"palette_host": "h", "palette_api_key": KEY, "palette_project": "Default", "palette_timeout": 30,
                   "validate_certs": False}


def test_every_module_takes_both_connection_sets():
    module = make(dict(AWS_OPTIONS, **PALETTE_OPTIONS))
    for name, value in list(AWS_OPTIONS.items()) + list(PALETTE_OPTIONS.items()):
        assert module.params[name] == value, name
    assert "aws-secret-0123" in module.no_log_values and "aws-token-0123" in module.no_log_values
    # AWS aliases too (amazon.aws spellings), so either spelling works in module_defaults
    module = make({"aws_region": "eu-west-1", "aws_access_key_id": "AKIAEXAMPLE", "aws_endpoint_url": "http://x"})
    assert module.params["region"] == "eu-west-1" and module.params["endpoint_url"] == "http://x"
    assert module.params["aws_access_key"] == "AKIAEXAMPLE" and module.params["palette_host"] is None
    # unset AWS options stay unset (boto3's chain); Palette defaults as before
    module = make({})
    assert all(module.params[name] is None for name in AWS_OPTIONS)
    assert module.params["validate_certs"] is True and module.params["palette_timeout"] == 60


def test_module_option_wins_over_connection_option():
    spec = {"region": {"type": "str", "required": True}, "name": {"type": "str"}}
    module = make({"region": "us-west-2"}, spec=spec)
    assert module.params["region"] == "us-west-2"
    assert module.argument_spec["region"] == {"type": "str", "required": True}
    with pytest.raises(AnsibleFailJson) as info:
        make({}, spec=spec)
    assert "region" in info.value.result["msg"]


def test_wait_options_are_opt_in():
    assert "wait" not in make({}).params
    module = make({}, wait=True)
    assert module.params["wait"] is True and module.params["wait_timeout"] == 3600


def test_palette_only_modules_never_import_boto3():
    # Building a module's spec (and constructing the module) loads _aws_options, never _aws / boto3.
    code = ("import sys\n"
            "from ansible_collections.palette.aws.plugins.module_utils import palette\n"
            "from ansible_collections.palette.aws.tests.unit.plugins.modules.utils import set_module_args\n"
            "spec = palette.module_argument_spec({'name': {'type': 'str'}}, wait=True)\n"
            "assert 'region' in spec and 'aws_access_key' in spec and 'palette_host' in spec, sorted(spec)\n"
            "args = {'name': 'x', 'palette_host': 'h', 'region': 'eu-west-1', 'aws_secret_key': 's'}\n"
            "with set_module_args(args):\n"
            "    module = palette.PaletteModule({'name': {'type': 'str'}}, wait=True, supports_check_mode=True)\n"
            "assert module.params['region'] == 'eu-west-1'\n"
            "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore')\n"
            "                or m.endswith('module_utils._aws.session'))\n"
            "assert not loaded, 'loaded: %s' % loaded\n")
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), *[".."] * 4, ".collections"))
    env = dict(os.environ, PYTHONPATH=root)
    subprocess.check_call([sys.executable, "-c", code], env=env)


# -- issue 12: answers, creates, and the last-resort guard ----------------------------------------------------------

SECRET = "s3cr/t+key=&?x y"   # characters that URL-encoding and escaping change
KUBECONFIG = "apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    token: kube-token-0123456789abcdef\n"


def secret_module(**args):
    spec = {"secret_key": {"type": "str", "no_log": True}}
    base = {"palette_host": "h", "palette_api_key": KEY, "secret_key": SECRET,
            "aws_secret_key": "aws-secret-0123", "session_token": "aws-token-0123"}
    base.update(args)
    return make(base, spec)


def test_secret_forms_cover_encodings_and_reprs():
    forms = palette.secret_forms(SECRET)
    assert {"s3cr%2Ft%2Bkey%3D%26%3Fx%20y", "s3cr/t%2Bkey%3D%26%3Fx%20y", "s3cr%2Ft%2Bkey%3D%26%3Fx+y"} <= forms
    assert "token: kube-token-0123456789abcdef" in palette.secret_forms(KUBECONFIG)
    assert "apiVersion: v1\\nkind: Config" in "".join(palette.secret_forms(KUBECONFIG))


def test_the_last_resort_guard_scrubs_message_and_traceback_of_every_secret_form():
    module = secret_module()
    module.no_log_values.add(KUBECONFIG)   # as the kubeconfig flow does

    def flow(_module):
        detail = {"url": "https://h/v1/x?key=" + quote(SECRET, safe=""), "conf": KUBECONFIG, "key": KEY,
                  "aws": ("aws-secret-0123", "aws-token-0123")}
        raise KeyError("unexpected answer %r" % detail)

    with pytest.raises(AnsibleFailJson) as info:
        module.run(flow)
    result = info.value.result
    text = json.dumps(result)
    for leak in (SECRET, quote(SECRET, safe=""), quote_plus(SECRET), KEY, "aws-secret-0123", "aws-token-0123",
                 "kube-token-0123456789abcdef", repr(KUBECONFIG)[1:-1]):
        assert leak not in text, leak
    assert result["msg"].startswith("palette.aws: unexpected KeyError: ") and "this is a bug" in result["msg"]
    assert "Traceback" in result["exception"] and "KeyError" in result["exception"] and MASK in result["exception"]


def test_run_turns_errors_into_scrubbed_failures_without_a_raw_traceback():
    module = secret_module()

    def flow(_module):
        raise PaletteApiError(400, "InvalidRequest", "bad key %s" % quote_plus(SECRET), method="POST", path="/v1/x")

    with pytest.raises(AnsibleFailJson) as info:
        module.run(flow)
    result = info.value.result
    assert quote_plus(SECRET) not in json.dumps(result) and result["error"]["code"] == "InvalidRequest"
    assert "exception" not in result  # an expected failure: no traceback added outside the except block


def test_failure_from_error_and_wait_with_an_action():
    module = make({"palette_host": "h", "palette_api_key": KEY, "wait_timeout": 0}, wait=True)
    with pytest.raises(palette.Failure) as info:
        module.wait(lambda: [{"state": "Provisioning"}], lambda v: False, describe=lambda v: "1 Provisioning",
                    action="node pool p is not ready", last_as="machines")
    failure = info.value
    assert failure.msg.startswith("node pool p is not ready: timed out after 0 s waiting for the operation")
    assert failure.result["machines"] == [{"state": "Provisioning"}] and failure.result["last_state"] == "1 Provisioning"
    assert set(failure.result) == {"machines", "last_state", "states", "elapsed"}


def test_read_helpers_check_the_answer(stub):
    module = make({"palette_host": stub.url, "palette_api_key": KEY})
    stub.push(answer(200, ""), answer(200, {"items": None}), answer(200, {}), answer(200, "{\"metadata\": {"),
              answer(404, {"code": "ResourceNotFound"}), answer(200, ""))
    with pytest.raises(PaletteApiError, match="EmptyResponse"):
        module.read_object("/v1/spectroclusters/c1")
    assert module.read_items("/v1/users/assets/locations") == []
    with pytest.raises(PaletteApiError, match="no 'items'"):
        module.read_items("/v1/users/assets/locations")
    with pytest.raises(PaletteApiError, match="InvalidResponse"):
        module.read_or_none("/v1/spectroclusters/c1")
    assert module.read_or_none("/v1/spectroclusters/c1") is None
    assert module.read("/v1/spectroclusters/c1/validate") is None  # no expect: an empty answer is fine


@pytest.mark.parametrize("created", [answer(201, {}), answer(201, ""), answer(201, "{\"ui"), answer(200, [])])
def test_a_create_answered_without_a_uid_is_found_by_name(stub, created):
    stub.push(created)
    module = make({"palette_host": stub.url, "palette_api_key": KEY})
    module.client.sleep = lambda s: None
    outcome = module.create("/v1/cloudaccounts/aws", {"metadata": {"name": "a"}}, lambda: "uid-by-name")
    assert outcome == ("uid-by-name", False, 1) and len(stub.requests) == 1


def test_a_404_right_after_a_create_is_found_by_name(stub):
    stub.push(answer(201, {"uid": "c-new"}))
    module = make({"palette_host": stub.url, "palette_api_key": KEY})
    outcome = module.create("/v1/spectroclusters/eks", {}, lambda: "c-found", confirm=lambda uid: False)
    assert outcome.value == "c-found"


# -- issue 14 item 6 and issue 15 item 3: TLS options and the project lookup ---------------------------------------

def test_palette_tls_options_and_env(monkeypatch, tmp_path):
    module = make({"palette_host": "h", "palette_api_key": KEY})
    assert module.params["palette_validate_certs"] is True and module.params["palette_ca_bundle"] is None
    bundle = tmp_path / "ca.pem"
    monkeypatch.setenv("PALETTE_VALIDATE_CERTS", "false")
    monkeypatch.setenv("PALETTE_CA_BUNDLE", str(bundle))
    module = make({"palette_host": "h", "palette_api_key": KEY, "validate_certs": True})
    assert module.params["palette_validate_certs"] is False and module.params["palette_ca_bundle"] == str(bundle)
    with pytest.raises(AnsibleFailJson) as info:
        assert module.client is None
    assert info.value.result["msg"].startswith("palette_ca_bundle: no file at %s" % bundle)


def test_validate_certs_no_longer_turns_off_palette_checks(monkeypatch):
    seen = {}

    class Recorder(palette.PaletteClient):
        def __init__(self, *args, **kwargs):
            seen.update(kwargs)
            super(Recorder, self).__init__(*args, **kwargs)

    module = make({"palette_host": "h", "palette_api_key": KEY, "validate_certs": False})
    module.client_class = Recorder
    assert module.client is not None
    assert seen["validate_certs"] is True and seen["ca_bundle"] is None


def test_a_project_uid_skips_the_lookup(stub):
    stub.routes[("GET", "/v1/users/info")] = answer(200, {"ok": 1})
    uid = "6650a1b2c3d4e5f600000001"
    module = make({"palette_host": stub.url, "palette_api_key": KEY, "palette_project": uid})
    assert module.read_object("/v1/users/info") == {"ok": 1}
    assert [r.path for r in stub.requests] == ["/v1/users/info"]
    assert stub.requests[0].headers["ProjectUid"] == uid
