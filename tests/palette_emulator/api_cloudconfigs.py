"""Cloud configs (eks/aws): read, cluster config, Fargate profiles, machine pools, machines."""

import copy

from .clusters import pool_errors
from .lifecycle import flatten_pool, live_machines, machine_state, reconcile_machines, remove_pool_machines, split_ids
from .routing import Response, route
from .util import ApiError, bad_request, new_uid, not_found, paginate, rfc3339

IMMUTABLE = ("region", "vpcId")


def _editable(rec):
    if rec.state in ("Deleting", "Deleted"):
        raise ApiError(409, "ClusterNotEditable", "cluster '%s' is %s and cannot be changed" % (rec.name, rec.state))


def _get(cloud_type):
    def handler(emu, req):
        _rec, doc = emu.store.cloudconfig(req.params["configUid"], req.project, cloud_type)
        return Response(200, copy.deepcopy(doc))
    return handler


route("GET", "/v1/cloudconfigs/eks/{configUid}")(_get("eks"))
route("GET", "/v1/cloudconfigs/aws/{configUid}")(_get("aws"))


def _put_cluster_config(cloud_type):
    def handler(emu, req):
        rec, doc = emu.store.cloudconfig(req.params["configUid"], req.project, cloud_type)
        _editable(rec)
        new = copy.deepcopy(req.body.get("clusterConfig") or {})
        old = doc["spec"].get("clusterConfig") or {}
        changed = [k for k in IMMUTABLE if (old.get(k) or "") != (new.get(k) or "")]
        if changed:
            raise bad_request("cannot change %s of an existing cluster" % ", ".join(changed), "ImmutableField")
        # EKS secrets encryption is chosen at creation only (REFERENCE.md 11.2: Palette docs "only available during
        # the cluster creation process"; Terraform marks encryption_config_arn ForceNew).  How the live API answers
        # a PUT that enables or changes it is not documented: the PUT succeeds but the creation-time value stays,
        # so only a client that reads back (or refuses the change itself) notices.
        if "encryptionConfig" in old:
            new["encryptionConfig"] = copy.deepcopy(old["encryptionConfig"])
        else:
            new.pop("encryptionConfig", None)
        doc["spec"]["clusterConfig"] = new
        emu.store.touch(doc)
        return Response(204)
    return handler


route("PUT", "/v1/cloudconfigs/eks/{configUid}/clusterConfig")(_put_cluster_config("eks"))
route("PUT", "/v1/cloudconfigs/aws/{configUid}/clusterConfig")(_put_cluster_config("aws"))


@route("PUT", "/v1/cloudconfigs/eks/{configUid}/fargateProfiles")
def put_fargate(emu, req):
    rec, doc = emu.store.cloudconfig(req.params["configUid"], req.project, "eks")
    _editable(rec)
    profiles = copy.deepcopy(req.body.get("fargateProfiles") or [])
    names = [p["name"] for p in profiles]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise bad_request("duplicate Fargate profile names: %s" % ", ".join(dup), "InvalidFargateProfile")
    for p in profiles:
        if not p.get("selectors"):
            raise bad_request("Fargate profile %s needs at least one selector" % p["name"], "InvalidFargateProfile")
        if len(p["selectors"]) > 5:
            raise bad_request("Fargate profile %s has more than 5 selectors" % p["name"], "InvalidFargateProfile")
    doc["spec"]["fargateProfiles"] = profiles
    emu.store.touch(doc)
    return Response(204)


def _pools(doc):
    return doc["spec"].setdefault("machinePoolConfig", [])


def _find_pool(doc, name):
    for i, p in enumerate(_pools(doc)):
        if p.get("name") == name:
            return i, p
    raise not_found("machine pool", name)


def _check_pool(rec, doc, body, cloud_type):
    region = (doc["spec"].get("clusterConfig") or {}).get("region", "")
    errs = pool_errors(cloud_type, body, region)
    if errs:
        raise bad_request("invalid machine pool: " + "; ".join(e["message"] for e in errs), "InvalidMachinePool")


def _create_pool(cloud_type):
    def handler(emu, req):
        rec, doc = emu.store.cloudconfig(req.params["configUid"], req.project, cloud_type)
        _editable(rec)
        name = (req.body.get("poolConfig") or {}).get("name")
        if not name:
            raise bad_request("poolConfig.name is required", "InvalidMachinePool")
        if any(p.get("name") == name for p in _pools(doc)):
            raise ApiError(409, "MachinePoolAlreadyExists", "machine pool '%s' already exists" % name)
        flat = flatten_pool(req.body, cloud_type)
        if cloud_type == "aws" and flat["isControlPlane"]:
            raise bad_request("the cluster already has a control-plane pool", "InvalidMachinePool")
        _check_pool(rec, doc, req.body, cloud_type)
        _pools(doc).append(flat)
        emu.store.touch(doc)
        reconcile_machines(rec, flat, emu.clock.now(), emu.config)
        return Response(201, {"uid": new_uid()}, {"AuditUid": new_uid()})
    return handler


def _update_pool(cloud_type):
    def handler(emu, req):
        rec, doc = emu.store.cloudconfig(req.params["configUid"], req.project, cloud_type)
        _editable(rec)
        name = req.params["machinePoolName"]
        idx, old = _find_pool(doc, name)
        body_name = (req.body.get("poolConfig") or {}).get("name")
        if body_name != name:
            raise bad_request("poolConfig.name %r does not match the pool in the path %r" % (body_name, name),
                              "InvalidMachinePool")
        flat = flatten_pool(req.body, cloud_type)
        if flat["isControlPlane"] != bool(old.get("isControlPlane")):
            raise bad_request("isControlPlane of a pool cannot change", "ImmutableField")
        if cloud_type == "eks" and old.get("amiType") and flat.get("amiType") != old.get("amiType"):
            # Palette docs (custom AMI, REFERENCE.md 11.7): "the AMI type cannot change after deployment"
            raise bad_request("amiType of machine pool '%s' cannot change after deployment (%s -> %s)"
                              % (name, old.get("amiType"), flat.get("amiType")), "ImmutableField")
        _check_pool(rec, doc, req.body, cloud_type)
        _pools(doc)[idx] = flat
        emu.store.touch(doc)
        reconcile_machines(rec, flat, emu.clock.now(), emu.config)
        return Response(204)
    return handler


def _delete_pool(cloud_type):
    def handler(emu, req):
        rec, doc = emu.store.cloudconfig(req.params["configUid"], req.project, cloud_type)
        _editable(rec)
        idx, pool = _find_pool(doc, req.params["machinePoolName"])
        if cloud_type == "aws" and pool.get("isControlPlane"):
            raise bad_request("the control-plane pool cannot be deleted", "InvalidMachinePool")
        workers = [p for p in _pools(doc) if not p.get("isControlPlane")]
        if not pool.get("isControlPlane") and len(workers) <= 1:
            raise bad_request("the last worker pool cannot be deleted", "InvalidMachinePool")
        del _pools(doc)[idx]
        emu.store.touch(doc)
        rec.karpenter.pop(pool["name"], None)
        remove_pool_machines(rec, pool["name"], emu.clock.now(), emu.config)
        return Response(204)
    return handler


def _machine_subnet(pool, az):
    """A machine sits in one subnet; for a joined "pub,priv" zone entry (REFERENCE.md 11.1) the last id."""
    ids = split_ids((pool.get("subnetIds") or {}).get(az, ""))
    return ids[-1] if ids else ""


def _machines(cloud_type):
    def handler(emu, req):
        rec, doc = emu.store.cloudconfig(req.params["configUid"], req.project, cloud_type)
        _idx, pool = _find_pool(doc, req.params["machinePoolName"])
        now = emu.clock.now()
        cluster_cfg = doc["spec"].get("clusterConfig") or {}
        vpc = cluster_cfg.get("vpcId") or rec.aws.get("vpc") or ""
        azs = pool.get("azs") or list((pool.get("subnetIds") or {}).keys()) or [cluster_cfg.get("region", "") + "a"]
        items = []
        for i, m in enumerate(live_machines(rec, pool["name"], now, emu.config)):
            state = machine_state(rec, m, now, emu.config)
            az = azs[i % len(azs)]
            running = state == "Running"
            items.append({
                "apiVersion": "v1", "kind": "AwsMachine",
                "metadata": {"uid": m["uid"], "name": m["name"], "labels": {}, "annotations": {},
                             "creationTimestamp": rfc3339(now), "lastModifiedTimestamp": rfc3339(now),
                             "deletionTimestamp": rfc3339(m["deletingAt"]) if m["deletingAt"] else rfc3339(None)},
                "spec": {"instanceType": pool.get("instanceType") or "", "vpcId": vpc, "ami": "ami-0emulator00000001",
                         "az": az, "subnetId": _machine_subnet(pool, az),
                         "sshKeyName": cluster_cfg.get("sshKeyName", ""), "type": "aws"},
                "status": {"instanceState": state, "ready": running,
                           "health": {"state": "Healthy" if running else "Unknown", "conditions": []},
                           "maintenanceStatus": {"state": "", "action": "", "message": ""},
                           "addresses": [{"type": "InternalIP", "address": "10.0.%d.%d" % (i // 250, 10 + i % 250)}]
                           if running else []},
            })
        page, listmeta = paginate(items, req.query, emu.config.page_size)
        return Response(200, {"items": page, "listmeta": listmeta})
    return handler


for _ct in ("eks", "aws"):
    route("POST", "/v1/cloudconfigs/%s/{configUid}/machinePools" % _ct)(_create_pool(_ct))
    route("PUT", "/v1/cloudconfigs/%s/{configUid}/machinePools/{machinePoolName}" % _ct)(_update_pool(_ct))
    route("DELETE", "/v1/cloudconfigs/%s/{configUid}/machinePools/{machinePoolName}" % _ct)(_delete_pool(_ct))
    route("GET", "/v1/cloudconfigs/%s/{configUid}/machinePools/{machinePoolName}/machines" % _ct)(_machines(_ct))
