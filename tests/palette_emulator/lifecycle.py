"""Cluster records, the lazy state machine and machine bookkeeping.

Nothing runs in the background: every API request calls ``tick(store)`` first, which moves each
cluster along its schedule (computed from the emulator clock) and performs the side effects of a
transition (AWS provisioning / teardown) at that moment.

Schedule of a cluster created at ``t0`` (durations from the runtime config):
    Pending      [t0, t0 + pending_seconds)
    Provisioning [.., + provision_seconds)   AWS resources are created on entering this state
    Running      afterwards (overview health "Healthy")
    Deleting     from DELETE until + delete_seconds (forever when stuck)
    Deleted      kept for deleted_retention_seconds, then purged (404)
"""

import copy

from . import catalog
from .autoscale import live_target, move_karpenter_pools, register_pool
from .newer_fields import extra_properties
from .schema import load_spec
from .util import new_uid, rfc3339

_FLAT_KEYS = {}
DEFAULT_EKS_AMI_TYPE = "AL2023_x86_64_STANDARD"   # spec text of v1EksMachineCloudConfigEntity.amiType


def flat_keys(cloud_type):
    name = "v1EksMachinePoolConfig" if cloud_type == "eks" else "v1AwsMachinePoolConfig"
    if name not in _FLAT_KEYS:
        _FLAT_KEYS[name] = set(load_spec()["definitions"][name]["properties"]) | set(extra_properties(name))
    return _FLAT_KEYS[name]


def subnet_map(subnets):
    """Request ``subnets [{az, id}]`` -> read ``subnetIds {az: id}``.

    An ``id`` may be a comma-joined pair ``"subnet-pub,subnet-priv"`` (REFERENCE.md 11.1: Terraform's
    ``cluster_aws.md`` / ``resource.tf`` send one such entry per zone); it is kept verbatim.  Two entries for
    one zone are joined the same way (sources silent; joining keeps every id the client sent).
    """
    out = {}
    for s in subnets or []:
        az, sid = s.get("az", ""), s.get("id", "")
        out[az] = "%s,%s" % (out[az], sid) if out.get(az) and sid else (sid or out.get(az, ""))
    return out


def split_ids(joined):
    return [x.strip() for x in (joined or "").split(",") if x.strip()]


def flatten_pool(entity, cloud_type):
    """Create/update entity ``{cloudConfig, poolConfig}`` -> flat read shape (``subnetIds`` map)."""
    cloud = copy.deepcopy(entity.get("cloudConfig") or {})
    pool = copy.deepcopy(entity.get("poolConfig") or {})
    flat = {}
    flat.update(cloud)
    flat.update(pool)
    subnets = flat.pop("subnets", None) or []
    flat["subnetIds"] = subnet_map(subnets)
    if not flat.get("azs") and subnets:
        flat["azs"] = list(dict.fromkeys(s.get("az", "") for s in subnets))
    flat["isControlPlane"] = bool(flat.get("isControlPlane", False))
    flat.setdefault("capacityType", "on-demand")
    if flat.get("capacityType") not in ("on-demand", "spot"):
        flat["capacityType"] = "on-demand"   # read enum has only on-demand|spot
    if cloud_type == "eks" and not flat["isControlPlane"]:
        # amiType is stored (and read back) also for custom-AMI pools (awsLaunchTemplate.ami.id): docs, REFERENCE
        # 11.7; an omitted amiType reads back as the spec's documented default
        flat["amiType"] = flat.get("amiType") or DEFAULT_EKS_AMI_TYPE
        lo, hi = flat.get("minSize"), flat.get("maxSize")
        if lo and hi:
            # REFERENCE.md 11.3 (provider docs cluster_eks.md): Palette keeps an autoscaled EKS pool at size = min
            flat["size"] = lo
    if flat.get("instanceType") in catalog.instance_types():
        # Palette fills instanceConfig from the instance type on read (read shape v1InstanceConfig)
        info = catalog.instance_types()[flat["instanceType"]]
        flat["instanceConfig"] = {"name": flat["instanceType"], "category": flat["instanceType"].split(".")[0],
                                  "numCPUs": info["cpu"], "cpuSet": info["cpu"], "memoryMiB": info["memoryMiB"],
                                  "diskGiB": int(flat.get("rootDeviceSize") or 0)}
    keys = flat_keys(cloud_type)
    return {k: v for k, v in flat.items() if k in keys}


class ClusterRecord:
    def __init__(self, uid, project, cloud_type, doc, cfg_uid, created_at):
        self.uid = uid
        self.project = project
        self.cloud_type = cloud_type
        self.doc = doc
        self.cfg_uid = cfg_uid
        self.created_at = created_at
        self.delete_requested_at = None
        self.deleted_at = None
        self.force_deleted = False
        self.stuck = False
        self.health_override = None
        self.aws = {}                 # resource ids created in moto
        self.aws_errors = []
        self.profile_entities = []    # v1SpectroClusterProfileEntity list as last written
        self.settings = {"backup": None, "scan": None, "rbacs": None, "namespaces": None}
        self.machines = {}            # pool name -> [machine dict]
        self.account_uid = None
        self.events = []              # v1Event list (newest last)
        self.live_nodes = {}          # pool name -> live machine count override (admin)
        self.karpenter = {}           # Karpenter pool name -> time it appeared (its size moves)
        self.running_since = None     # when the cluster became Running (health settles after that)
        self.spc_ready_at = None      # a profile change becomes applicable (canBeApplied) at this time
        self.no_aws = False           # bulk-created clusters have no AWS resources
        self.kubeconfig_client = None  # PUT /assets/kubeconfigclient data
        self.unresolved_notification = False  # last profile change sent without resolveNotification=true
        self.repave = None            # admin-set repave details {source, reasons, message, transitionTime}

    @property
    def name(self):
        return self.doc["metadata"]["name"]

    @property
    def state(self):
        return (self.doc.get("status") or {}).get("state")

    def set_state(self, state, clock_now):
        self.doc.setdefault("status", {})["state"] = state
        self.doc["metadata"]["lastModifiedTimestamp"] = rfc3339(clock_now)
        self.add_event(clock_now, state, "Cluster %s is %s" % (self.name, state))

    def add_event(self, now, reason, message, severity="Normal"):
        ts = rfc3339(now)
        self.events.append({
            "metadata": {"uid": new_uid(), "name": "%s.%d" % (self.name, len(self.events)), "creationTimestamp": ts,
                         "lastModifiedTimestamp": ts, "deletionTimestamp": rfc3339(None), "labels": {},
                         "annotations": {}},
            "involvedObject": {"kind": "spectrocluster", "name": self.name, "uid": self.uid},
            "relatedObject": {"kind": "spectrocluster", "name": self.name, "uid": self.uid},
            "reason": reason, "message": message, "severity": severity,
            "source": {"component": "palette-emulator"}})

    def running_at(self, cfg):
        return self.created_at + cfg.pending_seconds + cfg.provision_seconds

    def internal(self, now, cfg):
        return {
            "uid": self.uid, "name": self.name, "project": self.project, "cloudType": self.cloud_type,
            "state": self.state, "cloudConfigUid": self.cfg_uid, "createdAt": rfc3339(self.created_at),
            "deleteRequestedAt": rfc3339(self.delete_requested_at) if self.delete_requested_at else None,
            "deletedAt": rfc3339(self.deleted_at) if self.deleted_at else None,
            "forceDeleted": self.force_deleted, "stuck": self.is_stuck(cfg), "healthOverride": self.health_override,
            "health": health_state(self, now, cfg), "liveNodes": dict(self.live_nodes),
            "karpenterPools": sorted(self.karpenter), "unresolvedNotification": self.unresolved_notification,
            "repave": self.repave, "spcReadyAt": rfc3339(self.spc_ready_at)
            if self.spc_ready_at else None,
            "aws": self.aws, "awsErrors": self.aws_errors,
            "forceDeleteAllowedAt": rfc3339(self.delete_requested_at + cfg.force_delete_after_seconds)
            if self.delete_requested_at else None,
            "machines": {p: [dict(m, state=machine_state(self, m, now, cfg)) for m in ms]
                         for p, ms in self.machines.items()},
        }

    def is_stuck(self, cfg):
        return self.stuck or self.name in (cfg.stuck_deletion_names or [])


# ---------------------------------------------------------------------- machines
def _new_machine(pool_name, ready_at):
    uid = new_uid()
    return {"uid": uid, "name": "%s-%s" % (pool_name, uid[-5:]), "readyAt": ready_at, "deletingAt": None,
            "goneAt": None}


def reconcile_machines(rec, pool, now, cfg, initial=False):
    """Make the number of live machines of ``pool`` equal its live target (``size``, or what the autoscaler /
    Karpenter / an admin override says: autoscale.live_target)."""
    name = pool["name"]
    register_pool(rec, pool, now)
    machines = rec.machines.setdefault(name, [])
    live = [m for m in machines if m["deletingAt"] is None]
    size = live_target(rec, pool, cfg)
    if initial:
        ready = rec.running_at(cfg)
    else:
        ready = max(now, rec.running_at(cfg)) + cfg.machine_provision_seconds
    for _ignored in range(size - len(live)):
        machines.append(_new_machine(name, ready))
    for m in live[size:] if len(live) > size else []:
        m["deletingAt"] = now
        m["goneAt"] = now + cfg.machine_delete_seconds


def remove_pool_machines(rec, pool_name, now, cfg):
    for m in rec.machines.get(pool_name, []):
        if m["deletingAt"] is None:
            m["deletingAt"] = now
            m["goneAt"] = now + cfg.machine_delete_seconds


def machine_state(rec, m, now, cfg):
    state = rec.state
    if state in ("Deleting", "Deleted") or m["deletingAt"] is not None:
        return "Deleting"
    if now >= m["readyAt"]:
        return "Running"
    if state == "Pending":
        return "Pending"
    return "Provisioning"


def live_machines(rec, pool_name, now, cfg):
    ms = rec.machines.get(pool_name, [])
    rec.machines[pool_name] = [m for m in ms if m["goneAt"] is None or now < m["goneAt"]]
    return rec.machines[pool_name]


# ---------------------------------------------------------------------- state machine
def tick(store, aws):
    """Advance every cluster to where the clock says it is; run transition side effects."""
    now = store.clock.now()
    cfg = store.config
    for uid in list(store.clusters):
        rec = store.clusters[uid]
        advance(store, aws, rec, now, cfg)
        if rec.karpenter:
            move_karpenter_pools(store, rec, now, cfg, reconcile_machines)
        if rec.spc_ready_at is not None and now >= rec.spc_ready_at:
            apply_spc(rec, now)


def apply_spc(rec, now):
    """The agent applied the pending profile change (REFERENCE.md 10.7 / 11.11)."""
    rec.spc_ready_at = None
    spc = rec.doc["status"].setdefault("spcApply", {})
    spc["canBeApplied"] = True
    spc["patchAppliedTime"] = rfc3339(now)


def advance(store, aws, rec, now, cfg):
    for _ignored in range(6):
        state = rec.state
        if state == "Pending" and now >= rec.created_at + cfg.pending_seconds:
            rec.set_state("Provisioning", now)
            if aws is not None and cfg.aws_backing and not rec.no_aws:
                aws.provision(store, rec)
        elif state == "Provisioning" and now >= rec.running_at(cfg):
            rec.set_state("Running", now)
            rec.running_since = now
            rec.doc["status"]["apiEndpoints"] = [{"host": rec.aws.get("lbDns") or "%s.emulator.local" % rec.name,
                                                  "port": 6443 if rec.cloud_type == "aws" else 443}]
            rec.doc["status"]["conditions"] = _conditions(now, "True")
        elif (state == "Deleting" and rec.delete_requested_at is not None and not rec.is_stuck(cfg)
              and now >= rec.delete_requested_at + cfg.delete_seconds):
            if aws is not None:
                aws.teardown(rec, leave_behind=False)
            mark_deleted(store, rec, now)
        elif state == "Deleted" and rec.deleted_at is not None and now >= rec.deleted_at + cfg.deleted_retention_seconds:
            purge(store, rec)
            return
        else:
            return


def _conditions(now, status):
    ts = rfc3339(now)
    return [{"type": t, "status": status, "lastProbeTime": ts, "lastTransitionTime": ts, "reason": "", "message": ""}
            for t in ("CloudInfrastructureReady", "ControlPlaneReady", "PacksReady")]


def start_delete(store, rec, now):
    rec.delete_requested_at = now
    rec.set_state("Deleting", now)
    rec.doc["metadata"]["deletionTimestamp"] = rfc3339(now)


def mark_deleted(store, rec, now):
    rec.deleted_at = now
    rec.set_state("Deleted", now)
    if rec.doc["metadata"].get("deletionTimestamp") in (None, rfc3339(None)):
        rec.doc["metadata"]["deletionTimestamp"] = rfc3339(now)
    rec.doc["status"]["apiEndpoints"] = []


def purge(store, rec):
    store.clusters.pop(rec.uid, None)
    store.cloudconfigs.pop(rec.cfg_uid, None)
    store.cfg_cluster.pop(rec.cfg_uid, None)


def health_state(rec, now, cfg):
    """Overview health: ``Healthy`` / ``UnHealthy`` / ``Unknown`` (Palette's spelling, REFERENCE.md 11.5).

    A Running cluster is not always Healthy: it reports ``Unknown`` for ``health_settle_seconds`` after it
    became Running, then ``running_health``; an admin override (``health``) wins.  TF only tests for "Healthy"
    (REFERENCE.md 8), so any other value must not be taken for healthy.
    """
    if rec.health_override:
        return rec.health_override
    if rec.state == "Running":
        since = rec.running_since if rec.running_since is not None else rec.running_at(cfg)
        if now < since + cfg.health_settle_seconds:
            return "Unknown"
        return cfg.running_health
    return "Unknown" if rec.state in ("Pending", "Provisioning") else ""
