"""Cluster creation: request checks, the EKS/AWS validator response, and building the stored documents."""

import copy
import re

from . import catalog
from .lifecycle import ClusterRecord, flatten_pool, reconcile_machines
from .util import ApiError, bad_request, new_uid, not_found

NAME_RE = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
CLUSTER_CONFIG_READ_KEYS = ("clusterMetaAttribute", "controlPlaneHealthCheckTimeout", "hostClusterConfig",
                            "hyperShiftConfig", "lifecycleConfig", "machineManagementConfig", "timezone",
                            "updateWorkerPoolsInParallel")


def check_name(name):
    if not name:
        raise bad_request("metadata.name is required", "InvalidName")
    if len(name) > 63 or not NAME_RE.match(name):
        raise bad_request("cluster name %r must be a DNS label: lower-case letters, digits and '-', at most 63 "
                          "characters, starting and ending with a letter or digit" % name, "InvalidName")


def name_taken(store, name, project):
    return any(r.name == name and r.project == project and r.state != "Deleted" for r in store.clusters.values())


def check_profiles(store, cloud_type, entities, project):
    infra = []
    for ent in entities or []:
        uid = ent.get("uid")
        if not uid:
            raise bad_request("spec.profiles[].uid is required", "InvalidClusterProfile")
        doc = store.profile(uid, project)
        pub = doc["spec"]["published"]
        if pub["type"] in ("infra", "cluster"):
            if pub["cloudType"] != cloud_type:
                raise bad_request("cluster profile %s (%s) is for cloud type %s, not %s"
                                  % (doc["metadata"]["name"], uid, pub["cloudType"], cloud_type),
                                  "InvalidClusterProfile")
            infra.append(uid)
        elif pub["cloudType"] not in ("all", cloud_type):
            raise bad_request("add-on profile %s is for cloud type %s" % (uid, pub["cloudType"]),
                              "InvalidClusterProfile")
    if len(infra) != 1:
        raise bad_request("exactly one infrastructure (infra/cluster) profile for cloud type %s is required, got %d"
                          % (cloud_type, len(infra)), "InvalidClusterProfile")


def check_pools_structure(cloud_type, pools):
    names = [((p.get("poolConfig") or {}).get("name")) for p in pools]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise bad_request("duplicate machine pool names: %s" % ", ".join(dup), "InvalidMachinePool")
    cps = [p for p in pools if (p.get("poolConfig") or {}).get("isControlPlane")]
    workers = [p for p in pools if not (p.get("poolConfig") or {}).get("isControlPlane")]
    if cloud_type == "aws" and len(cps) != 1:
        raise bad_request("an AWS IaaS cluster needs exactly one control-plane pool (isControlPlane), got %d"
                          % len(cps), "InvalidMachinePool")
    if not workers:
        raise bad_request("at least one worker machine pool is required", "InvalidMachinePool")


def pool_errors(cloud_type, entity, region):
    """Per-pool problems reported by /validate (and refused by create): list of {code, message}."""
    cc = entity.get("cloudConfig") or {}
    pc = entity.get("poolConfig") or {}
    errs = []
    itype = cc.get("instanceType")
    is_eks_cp = cloud_type == "eks" and pc.get("isControlPlane")
    if not is_eks_cp:
        if not itype:
            errs.append({"code": "InvalidInstanceType", "message": "instanceType is required"})
        elif itype not in catalog.instance_types():
            errs.append({"code": "InvalidInstanceType", "message": "instance type %s is not offered in %s"
                         % (itype, region)})
    if cloud_type == "eks" and cc.get("amiType") and cc["amiType"] not in catalog.EKS_AMI_TYPES:
        errs.append({"code": "InvalidAmiType", "message": "amiType %s is not supported" % cc["amiType"]})
    azs = list(cc.get("azs") or []) + [s.get("az", "") for s in (cc.get("subnets") or [])]
    for az in azs:
        if region and not az.startswith(region):
            errs.append({"code": "InvalidAvailabilityZone", "message": "availability zone %s is not in region %s"
                         % (az, region)})
    size, lo, hi = pc.get("size") or 0, pc.get("minSize"), pc.get("maxSize")
    if lo and hi and lo > hi:
        errs.append({"code": "InvalidPoolSize", "message": "minSize %d is greater than maxSize %d" % (lo, hi)})
    elif (lo and size < lo) or (hi and size > hi):
        errs.append({"code": "InvalidPoolSize", "message": "size %d is outside [minSize, maxSize]" % size})
    return errs


def validator_response(cloud_type, body):
    spec = body.get("spec") or {}
    region = (spec.get("cloudConfig") or {}).get("region", "")
    results = []
    for ent in spec.get("machinepoolconfig") or []:
        name = (ent.get("poolConfig") or {}).get("name", "")
        results.append({"name": name, "displayName": name, "errors": pool_errors(cloud_type, ent, region)})
    profiles = [{"uid": p.get("uid", ""), "packs": {"results": []}} for p in spec.get("profiles") or []]
    return {"machinePools": {"results": results}, "profiles": profiles}


def check_entity(store, cloud_type, body, project, for_create):
    meta = body.get("metadata") or {}
    spec = body.get("spec") or {}
    check_name(meta.get("name"))
    # Duplicate names: the sources (SDK, TF, docs) do not say how the API answers a create with a name that exists
    # in the scope (the spec has GET /v1/spectroclusters/validate/name for it); the emulator answers 409
    # ClusterNameAlreadyExists so a client that lost a create race must look the cluster up by name.
    if for_create and name_taken(store, meta["name"], project):
        raise ApiError(409, "ClusterNameAlreadyExists", "a cluster named '%s' already exists in this scope"
                       % meta["name"])
    store.account(spec.get("cloudAccountUid", ""), project)
    check_profiles(store, cloud_type, spec.get("profiles"), project)
    pools = spec.get("machinepoolconfig") or []
    check_pools_structure(cloud_type, pools)


def profile_templates(store, entities, project):
    out = []
    for ent in entities or []:
        doc = store.profile(ent["uid"], project)
        tmpl = copy.deepcopy(doc["spec"]["published"])
        overrides = {pv["name"]: pv for pv in ent.get("packValues") or []}
        for pack in tmpl["packs"]:
            if pack["name"] in overrides:
                pv = overrides[pack["name"]]
                if pv.get("values") is not None:
                    pack["values"] = pv["values"]
                if pv.get("tag"):
                    pack["tag"] = pv["tag"]
        out.append(tmpl)
    return out


def create_cluster(store, cloud_type, body, project, now, cfg):
    check_entity(store, cloud_type, body, project, for_create=True)
    spec = body["spec"]
    region = spec["cloudConfig"].get("region", "")
    bad = [(e.get("poolConfig") or {}).get("name", "?") + ": " + err["message"]
           for e in spec.get("machinepoolconfig") or [] for err in pool_errors(cloud_type, e, region)]
    if bad:
        raise bad_request("invalid machine pools: " + "; ".join(bad), "InvalidMachinePool")
    meta = body.get("metadata") or {}
    uid, cfg_uid = new_uid(), new_uid()
    acct = store.account(spec["cloudAccountUid"], project)
    doc = {
        "apiVersion": "v1", "kind": "SpectroCluster",
        "metadata": store.meta(uid, meta["name"], labels=dict(meta.get("labels") or {}),
                               annotations=dict(meta.get("annotations") or {})),
        "spec": {
            "cloudType": cloud_type,
            "cloudConfigRef": {"kind": "%sCloudConfig" % cloud_type.capitalize(), "name": meta["name"], "uid": cfg_uid},
            "clusterConfig": {},
            "clusterProfileTemplates": profile_templates(store, spec.get("profiles"), project),
            "clusterType": "PureManage",
        },
        "status": {"state": "Pending", "conditions": [], "apiEndpoints": [], "packs": [], "services": [],
                   "upgrades": [], "spcApply": {"actionType": "DownloadAndInstall", "canBeApplied": True},
                   "location": None},
    }
    doc["metadata"]["annotations"].setdefault("scope", "project" if project else "tenant")
    cc = spec.get("clusterConfig") or {}
    doc["spec"]["clusterConfig"] = {k: copy.deepcopy(cc[k]) for k in CLUSTER_CONFIG_READ_KEYS if k in cc}
    if cc.get("location"):
        doc["status"]["location"] = copy.deepcopy(cc["location"])
    pools = [flatten_pool(e, cloud_type) for e in spec.get("machinepoolconfig") or []]
    cfg_doc = {
        "apiVersion": "v1", "kind": "%sCloudConfig" % cloud_type.capitalize(),
        "metadata": store.meta(cfg_uid, meta["name"]),
        "spec": {"cloudAccountRef": {"kind": "cloudaccount", "name": acct["metadata"]["name"],
                                     "uid": acct["metadata"]["uid"]},
                 "clusterConfig": copy.deepcopy(spec["cloudConfig"]),
                 "machinePoolConfig": pools},
    }
    if cloud_type == "eks":
        cfg_doc["spec"]["fargateProfiles"] = copy.deepcopy(spec.get("fargateProfiles") or [])
    else:
        cfg_doc["spec"]["hybridMachinePools"] = []
        cfg_doc["status"] = {"conditions": []}
    rec = ClusterRecord(uid, project, cloud_type, doc, cfg_uid, now)
    rec.account_uid = spec["cloudAccountUid"]
    rec.profile_entities = copy.deepcopy(spec.get("profiles") or [])
    resources = cc.get("resources") or {}
    from .api_settings import resource_items
    if resources.get("namespaces"):
        rec.settings["namespaces"] = resource_items(now, resources["namespaces"])
    if resources.get("rbacs"):
        rec.settings["rbacs"] = resource_items(now, resources["rbacs"])
    policies = spec.get("policies") or {}
    if policies.get("backupPolicy"):
        rec.settings["backup"] = copy.deepcopy(policies["backupPolicy"])
    if policies.get("scanPolicy"):
        rec.settings["scan"] = copy.deepcopy(policies["scanPolicy"])
    store.clusters[uid] = rec
    store.cloudconfigs[cfg_uid] = cfg_doc
    store.cfg_cluster[cfg_uid] = uid
    for pool in pools:
        reconcile_machines(rec, pool, now, cfg, initial=True)
    for ent in rec.profile_entities:
        prof = store.profiles[ent["uid"]]
        prof["status"].setdefault("inUseClusterUids", []).append(uid)
    rec.add_event(now, "Created", "Cluster %s created" % rec.name)
    return rec


def get_cluster_or_404(store, uid, project):
    try:
        return store.cluster(uid, project)
    except ApiError:
        raise not_found("cluster", uid) from None
