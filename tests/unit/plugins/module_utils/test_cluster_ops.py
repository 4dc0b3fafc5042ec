# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of the cluster engine helpers: delete timing, pool planning, profile comparison, diff views."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError
from ansible_collections.palette.aws.plugins.module_utils._flows import cluster_context, fargate, node_pools, profiles
from ansible_collections.palette.aws.plugins.module_utils._flows.cluster_delete import Deleter, parse_time
from ansible_collections.palette.aws.plugins.module_utils._flows.cluster_view import diff_view
from ansible_collections.palette.aws.plugins.module_utils._flows.cluster_wait import wait_running
from ansible_collections.palette.aws.plugins.module_utils.palette import Failure
from ansible_collections.palette.aws.tests.unit.plugins.module_utils import fakes


class FakeClient:
    """GETs answer from ``docs`` (path -> document), as the re-reads before a write do."""

    def __init__(self, docs=None):
        self.docs = docs or {}

    def get(self, path, query=None, **kwargs):
        return self.docs.get(path)


def refusing(times=0, refusal=(409, "ForceDeleteNotAllowed")):
    """``write_error`` of the shared fake module: the first ``times`` force deletes are refused."""
    left = [times]

    def write_error(method, path, query):
        if query and query.get("forceDelete") and left[0]:
            left[0] -= 1
            return PaletteApiError(refusal[0], refusal[1], "not yet", method=method, path=path)
        return None
    return write_error


class FakeModule(fakes.FakeModule):
    """The shared fake module with a client whose documents a list PUT replaces (what a re-read then sees)."""

    def __init__(self, check_mode=False, refuse=0, refusal=(409, "ForceDeleteNotAllowed")):
        super(FakeModule, self).__init__(check_mode=check_mode, write_error=refusing(refuse, refusal))
        self.client = FakeClient()

    def write(self, method, path, body=None, query=None, idempotent=None):
        result = super(FakeModule, self).write(method, path, body=body, query=query)
        config = self.client.docs.get(path.rsplit("/", 1)[0])
        if not self.check_mode and config is not None and path.endswith("/fargateProfiles"):
            config["spec"]["fargateProfiles"] = body["fargateProfiles"]
        return result


def deleting(seconds_ago, now=10000.0):
    stamp = "1970-01-01T00:00:00.000Z" if seconds_ago is None else \
        "1970-01-01T%02d:%02d:%02d.000Z" % ((now - seconds_ago) // 3600, (now - seconds_ago) % 3600 // 60,
                                            (now - seconds_ago) % 60)
    return {"metadata": {"uid": "c1", "name": "demo", "deletionTimestamp": stamp}, "status": {"state": "Deleting"}}


@pytest.mark.parametrize("text, expected", [
    ("1970-01-01T00:01:40.000Z", 100.0),
    ("1970-01-01T00:01:40Z", 100.0),
    ("0001-01-01T00:00:00.000Z", None),
    ("", None),
    (None, None),
    ("yesterday", None),
])
def test_parse_time(text, expected):
    assert parse_time(text) == expected


def test_force_delete_counts_from_the_server_deletion_timestamp():
    module = FakeModule()
    clock = [0.0]
    deleter = Deleter(module, deleting(20 * 60), force_delete=True, force_after_minutes=15,
                      clock=lambda: clock[0], now=lambda: 10000.0)
    # deleted 20 min ago by the server's clock: due at once, though this run just started
    assert deleter.maybe_force(deleting(20 * 60)) is True
    assert module.writes == [("DELETE", "/v1/spectroclusters/c1", {"forceDelete": True})]


def test_force_delete_waits_for_the_window_then_retries_refusals():
    module = FakeModule(refuse=1)
    clock = [0.0]
    deleter = Deleter(module, deleting(60), force_delete=True, force_after_minutes=15,
                      clock=lambda: clock[0], now=lambda: 10000.0 + clock[0])
    assert deleter.maybe_force(deleting(60)) is False          # 1 min in Deleting
    clock[0] = 13 * 60.0
    assert deleter.maybe_force(deleting(60)) is False          # 14 min by the server's clock: not yet
    assert module.writes == []
    clock[0] = 14 * 60.0
    assert deleter.maybe_force(deleting(60)) is False          # 15 min: due, but Palette said 409: retried later
    assert deleter.force_refusals == 1
    assert deleter.maybe_force(deleting(60)) is True
    assert deleter.forced and len(module.writes) == 1


@pytest.mark.parametrize("status", [400, 409, 412, 422, 429])
def test_any_4xx_but_auth_and_not_found_on_a_force_delete_means_not_yet(status):
    module = FakeModule(refuse=2, refusal=(status, "SomethingUndocumented"))
    deleter = Deleter(module, deleting(3600), force_delete=True, force_after_minutes=0)
    assert deleter.maybe_force(deleting(3600)) is False
    assert deleter.maybe_force(deleting(3600)) is False
    assert deleter.maybe_force(deleting(3600)) is True and deleter.force_refusals == 2


@pytest.mark.parametrize("status", [401, 403, 404, 500])
def test_auth_not_found_and_server_errors_on_a_force_delete_are_raised(status):
    module = FakeModule(refuse=1, refusal=(status, "Err"))
    deleter = Deleter(module, deleting(3600), force_delete=True, force_after_minutes=0)
    with pytest.raises(PaletteApiError):
        deleter.maybe_force(deleting(3600))


def test_force_delete_default_is_terraforms_twenty_minutes():
    deleter = Deleter(FakeModule(), deleting(19 * 60), force_delete=True, now=lambda: 10000.0)
    assert deleter.force_after == 20 * 60.0
    assert deleter.force_due(deleting(19 * 60)) is False and deleter.force_due(deleting(21 * 60)) is True


def test_no_force_without_option_or_when_not_deleting():
    module = FakeModule()
    deleter = Deleter(module, deleting(3600), force_delete=False, force_after_minutes=0)
    assert deleter.maybe_force(deleting(3600)) is False
    running = {"metadata": {"uid": "c1", "name": "demo"}, "status": {"state": "Running"}}
    forcing = Deleter(module, running, force_delete=True, force_after_minutes=0)
    assert forcing.deleting_for(running) == 0.0
    assert forcing.start() is True and module.writes == [("DELETE", "/v1/spectroclusters/c1", None)]
    already = Deleter(module, deleting(10), force_delete=True)
    assert already.start() is False


def test_waits_are_no_ops_in_check_mode():
    module = FakeModule(check_mode=True)
    deleter = Deleter(module, deleting(60), force_delete=True, force_after_minutes=0)
    assert deleter.wait(60) == 0.0 and module.writes == [] and deleter.tracker.states_seen == []
    provisioning = {"metadata": {"uid": "c1", "name": "demo"}, "status": {"state": "Provisioning"}}
    state = wait_running(module, "c1", "demo", 60, cluster=provisioning)
    assert state["state"] == "Provisioning" and state["elapsed"] == 0.0 and module.logs == []


def _ctx(pools, cloud_type="eks"):
    cluster = {"metadata": {"uid": "c1", "name": "demo"},
               "spec": {"cloudType": cloud_type, "cloudConfigRef": {"uid": "cfg1"}}}
    return cluster_context.ClusterContext(cluster, {"spec": {"machinePoolConfig": pools, "clusterConfig": {}}})


READ_POOL = {"name": "workers", "isControlPlane": False, "size": 2, "minSize": 2, "maxSize": 2,
             "instanceType": "t3.large", "amiType": "AL2023_x86_64_STANDARD", "capacityType": "on-demand",
             "rootDeviceSize": 60, "azs": ["us-east-1a"], "subnetIds": {}, "taints": None,
             "updateStrategy": {"type": "RollingUpdateScaleOut"}}


def test_plan_pool_create_update_noop():
    module = FakeModule()
    ctx = _ctx([dict(READ_POOL)])
    action, body, before, after = node_pools.plan_pool(module, ctx, {"name": "workers", "count": 2})
    assert (action, body) == (None, None) and before == after
    action, body, before, after = node_pools.plan_pool(module, ctx, {"name": "workers", "count": 3})
    assert action == "update" and body["poolConfig"]["size"] == 3
    assert (before["count"], after["count"]) == (2, 3)
    action, body, before, after = node_pools.plan_pool(
        module, ctx, {"name": "gpu", "count": 1, "instance_type": "g5.xlarge", "azs": ["us-east-1a"]})
    assert action == "create" and before is None and after["instance_type"] == "g5.xlarge"


def test_reconcile_pool_check_mode_writes_nothing_and_predicts():
    module = FakeModule(check_mode=True)
    ctx = _ctx([dict(READ_POOL)])
    changed, before, after = node_pools.reconcile_pool(
        module, ctx, {"name": "workers", "taints": [{"key": "k", "value": "v", "effect": "NoSchedule"}]})
    assert changed is True and module.writes == []
    assert before["name"] == "workers" and after["taints"] == [{"key": "k", "value": "v", "effect": "NoSchedule"}]


def test_delete_pool_refuses_last_worker_and_control_plane():
    module = FakeModule()
    with pytest.raises(Failure, match="last worker pool"):
        node_pools.delete_pool(module, _ctx([dict(READ_POOL)]), "workers")
    control = dict(READ_POOL, name="cp", isControlPlane=True)
    with pytest.raises(Failure, match="control plane"):
        node_pools.delete_pool(module, _ctx([control, dict(READ_POOL)], "aws"), "cp")
    assert node_pools.delete_pool(module, _ctx([dict(READ_POOL)]), "absent") == (False, None)


def test_fargate_reconcile_whole_list_and_purge():
    module = FakeModule()
    current = [{"name": "a", "subnetIds": [], "selectors": [{"namespace": "web"}]},
               {"name": "b", "subnetIds": [], "selectors": [{"namespace": "api"}]}]
    ctx = _ctx([dict(READ_POOL)])
    ctx.cloud_config["spec"]["fargateProfiles"] = current
    module.client.docs["/v1/cloudconfigs/eks/cfg1"] = ctx.cloud_config  # the re-read right before the PUT
    changed, _before, _after = fargate.reconcile_fargate(module, ctx, [{"name": "a", "selectors": [{"namespace": "web"}]}])
    assert changed is False and module.writes == []
    changed, before, after = fargate.reconcile_fargate(
        module, ctx, [{"name": "a", "selectors": [{"namespace": "web"}]}], purge=True)
    assert changed is True and set(before) == {"a", "b"} and set(after) == {"a"}
    assert module.writes == [("PUT", "/v1/cloudconfigs/eks/cfg1/fargateProfiles", None)]


def test_pack_values_compare_as_yaml_text():
    cluster = {"spec": {"clusterProfileTemplates": [
        {"uid": "p1", "name": "infra", "profileVersion": "1.0.0",
         "packs": [{"name": "k8s", "tag": "1.30", "values": "a: 1\nb: 2   \n\n"}]}]}}
    same = [{"uid": "p1", "pack_values": [{"name": "k8s", "values": "a: 1\nb: 2\n"}]}]
    other = [{"uid": "p1", "pack_values": [{"name": "k8s", "values": "a: 1\nb: 3\n"}]}]
    assert profiles._profile_changes(same, cluster) is False
    assert profiles._profile_changes(other, cluster) is True
    assert profiles._profile_changes([{"uid": "p2"}], cluster) is True
    assert profiles.validate_pack_values(None, [{"uid": "p1", "pack_values": [{"name": "nope"}]}], cluster) == [
        "cluster_profiles[0].pack_values: profile infra 1.0.0 has no pack 'nope'; its packs are: k8s"]
    bad_yaml = [{"uid": "p1", "pack_values": [{"name": "k8s", "values": "a: [1\n"}]}]
    assert profiles.validate_pack_values(None, bad_yaml, cluster)[0].startswith(
        "cluster_profiles[0].pack_values[0].values: the values of pack k8s are not valid YAML")


def test_diff_view_drops_volatile_fields_and_sorts_cidrs():
    view = {"uid": "c1", "state": "Running", "health": "Healthy", "name": "demo", "cloud_config_uid": "x",
            "public_access_cidrs": ["b/1", "a/1"], "tags": {}}
    assert diff_view(view) == {"name": "demo", "public_access_cidrs": ["a/1", "b/1"]}
