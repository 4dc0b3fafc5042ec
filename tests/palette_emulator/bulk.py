"""Admin bulk creation of clusters (issue 15: tenants with hundreds of clusters), without AWS resources.

``POST /_emulator/clusters/bulk`` body (all optional)::

    {"count": 10, "prefix": "bulk", "cloud_type": "eks" | "aws", "state": "Running" | "Pending" | "Provisioning"
     | "Deleting" | "Deleted", "tags": {"env": "dev"}, "project": "Default" (name or uid; null = tenant),
     "region": "us-east-1", "health": null | "Healthy" | "UnHealthy" | "Unknown", "start": 1,
     "newer_fields": false}

Clusters are named ``<prefix>-<n>`` (n from ``start``), built through the same create path as the API (same
documents, pools and machines), with the first cloud account and the first infra profile of the cloud type
visible in the project; a ``Deleting`` cluster stays Deleting (stuck).  ``newer_fields: true`` gives each cluster
the live-API fields newer than the spec (newer_fields.py): ``overrideClusterAPIConfig`` on the cluster config and
on the worker pool, ``overrideHealthCheckConfiguration`` on the worker pool.  Answer: ``{"uids": [...], "names": [...]}``.
"""

import copy

from .clusters import create_cluster
from .config import HEALTH_VALUES
from .lifecycle import advance, start_delete

STATES = ("Pending", "Provisioning", "Running", "Deleting", "Deleted")


def _project_uid(store, project):
    if project is None:
        return None
    for uid, p in store.projects.items():
        if project in (uid, p["name"]):
            return uid
    raise ValueError("unknown project %r" % project)


def _pick(store, cloud_type, project):
    accounts = [uid for uid in store.accounts if store.visible(store.account_project[uid], project)]
    profiles = [uid for uid, d in store.profiles.items() if store.visible(store.profile_project[uid], project)
                and d["spec"]["published"]["cloudType"] == cloud_type
                and d["spec"]["published"]["type"] in ("infra", "cluster")]
    if not accounts or not profiles:
        raise ValueError("project has no cloud account or no %s infra profile" % cloud_type)
    return accounts[0], profiles[0]


NEWER = {"overrideClusterAPIConfig": "spec:\n  emulator: newer-than-spec\n"}
NEWER_POOL = dict(NEWER, overrideHealthCheckConfiguration="maxUnhealthy: 40%\n")


def _entity(name, cloud_type, account, profile, region, tags, newer=False):
    worker = {"cloudConfig": {"instanceType": "t3.large", "azs": [region + "a"], "rootDeviceSize": 60},
              "poolConfig": {"name": "worker-pool", "labels": ["worker"], "size": 2, "isControlPlane": False}}
    if newer:
        worker["poolConfig"].update(NEWER_POOL)
    pools = [worker]
    if cloud_type == "aws":
        cp = copy.deepcopy(worker)
        cp["poolConfig"].update(name="cp-pool", labels=["control-plane"], size=1, isControlPlane=True)
        pools.insert(0, cp)
    return {"metadata": {"name": name, "labels": dict(tags or {}), "annotations": {}},
            "spec": {"cloudAccountUid": account, "profiles": [{"uid": profile}],
                     "cloudConfig": dict(NEWER if newer else {}, region=region), "machinepoolconfig": pools}}


def bulk_create(emu, body):
    body = dict(body or {})
    unknown = set(body) - {"count", "prefix", "cloud_type", "state", "tags", "project", "region", "health", "start",
                           "newer_fields"}
    if unknown:
        raise ValueError("unknown keys: %s" % ", ".join(sorted(unknown)))
    count, state = int(body.get("count", 10)), body.get("state", "Running")
    cloud_type = body.get("cloud_type", "eks")
    if state not in STATES or cloud_type not in ("eks", "aws") or not 0 < count <= 5000:
        raise ValueError("state must be one of %s, cloud_type eks|aws, 0 < count <= 5000" % ", ".join(STATES))
    if body.get("health") is not None and body["health"] not in HEALTH_VALUES:
        raise ValueError("health must be one of %s" % ", ".join(HEALTH_VALUES))
    st, cfg = emu.store, emu.config
    project = _project_uid(st, body.get("project", "Default"))
    account, profile = _pick(st, cloud_type, project)
    region = body.get("region", "us-east-1")
    now = emu.clock.now()
    # created long enough ago for the requested state (Pending: just now)
    back = {"Pending": 0.0, "Provisioning": cfg.pending_seconds}.get(state, cfg.pending_seconds + cfg.provision_seconds)
    uids, names = [], []
    for i in range(int(body.get("start", 1)), int(body.get("start", 1)) + count):
        name = "%s-%d" % (body.get("prefix", "bulk"), i)
        ent = _entity(name, cloud_type, account, profile, region, body.get("tags"), bool(body.get("newer_fields")))
        rec = create_cluster(st, cloud_type, ent, project, now - back - 0.001, cfg)
        rec.no_aws = True
        rec.health_override = body.get("health")
        for machines in rec.machines.values():
            for m in machines:
                m["readyAt"] = rec.running_at(cfg)
        advance(st, None, rec, now, cfg)
        if state in ("Deleting", "Deleted"):
            rec.stuck = state == "Deleting"
            start_delete(st, rec, now)
            if state == "Deleted":
                rec.stuck = False
                rec.delete_requested_at = now - cfg.delete_seconds - 0.001
                advance(st, None, rec, now, cfg)
        uids.append(rec.uid)
        names.append(name)
    return {"uids": uids, "names": names}
