"""Cost estimates (REFERENCE.md 10.5): POST /v1/spectroclusters/{eks,aws}/rate and GET /v1/spectroclusters/{uid}/rate.

Answers ``v1SpectroClusterRate`` computed from the pools: instance type (vCPU/GPU from moto's catalogue, made-up but
stable prices: catalog.hourly_price), node count, capacity type (spot = 30 % of on-demand), and the root volume
(``rootDeviceSize``; EKS launch-template ``rootVolume {type, iops, throughput}``).  The real price source is not
documented (no SDK/TF caller); the currency is not stated.
"""

from . import catalog
from .routing import Response, route
from .util import bad_request

PERIOD_HOURS = {"hourly": 1, "monthly": 730, "yearly": 8760}
# USD per GB-month / per provisioned IOPS-month above the free baseline / per MiB/s-month above the baseline
STORAGE = {"gp3": (0.08, 0.005, 0.04, 3000, 125), "gp2": (0.10, 0.0, 0.0, 0, 0),
           "io1": (0.125, 0.065, 0.0, 0, 0), "io2": (0.125, 0.065, 0.0, 0, 0), "st1": (0.045, 0.0, 0.0, 0, 0)}
SPOT_FACTOR = 0.3


def _period(query):
    period = query.get("periodType") or "hourly"
    if period not in PERIOD_HOURS:
        raise bad_request("periodType must be hourly, monthly or yearly", "InvalidPeriodType")
    return period


def _volume(pool):
    root = ((pool.get("awsLaunchTemplate") or {}).get("rootVolume") or {})
    return (root.get("type") or "gp3", int(pool.get("rootDeviceSize") or 0), int(root.get("iops") or 0),
            int(root.get("throughput") or 0))


def _storage_hourly(vtype, size_gb, iops, throughput):
    gb, iops_price, tp_price, free_iops, free_tp = STORAGE.get(vtype, STORAGE["gp3"])
    month = size_gb * gb + max(0, iops - free_iops) * iops_price + max(0, throughput - free_tp) * tp_price
    return month / 730.0


def _instance_meta(itype):
    info = catalog.instance_types().get(itype) or {"cpu": 0, "memoryMiB": 0, "gpu": 0, "arch": ["x86_64"]}
    price = catalog.hourly_price(itype)
    return {"type": itype, "category": itype.split(".")[0], "cpu": info["cpu"], "memory": info["memoryMiB"] / 1024.0,
            "gpu": info["gpu"], "price": price, "nonSupportedZones": [], "supportedArchitectures": list(info["arch"]),
            "cost": {"price": [{"os": "linux", "onDemand": price, "spot": round(price * SPOT_FACTOR, 4)}]}}


def _storage_meta(vtype):
    gb, iops_price, tp_price, free_iops, free_tp = STORAGE.get(vtype, STORAGE["gp3"])

    def cost(free, price):   # v1StorageCost: strings in the spec
        return {"discountedUsage": str(free), "price": [{"limit": "", "price": str(price)}]}
    return {"name": vtype, "kind": "ebs", "cost": cost(0, gb), "iopsCost": cost(free_iops, iops_price),
            "throughputCost": cost(free_tp, tp_price)}


def rate(name, pools, period):
    """v1SpectroClusterRate for flat pools (read shape or cloudConfig+poolConfig merged)."""
    mult = PERIOD_HOURS[period]
    out_pools, totals, itypes, stypes = [], {"compute": 0.0, "storage": 0.0}, {}, {}
    for p in pools:
        count = int(p.get("size") or 0)
        itype = p.get("instanceType") or ""
        hourly = catalog.hourly_price(itype) if itype else 0.0
        if p.get("capacityType") == "spot":
            hourly *= SPOT_FACTOR
        compute = hourly * count * mult
        vtype, size_gb, iops, throughput = _volume(p)
        storage = _storage_hourly(vtype, size_gb, iops, throughput) * count * mult
        totals["compute"] += compute
        totals["storage"] += storage
        if itype:
            itypes[itype] = _instance_meta(itype)
        stypes[vtype] = _storage_meta(vtype)
        out_pools.append({"name": p.get("name", ""), "nodesCount": count,
                          "rate": {"compute": {"type": itype, "rate": round(compute, 4)},
                                   "storage": [{"type": vtype, "sizeGB": size_gb * count, "iops": iops,
                                                "throughput": throughput, "rate": round(storage, 4)}],
                                   "total": round(compute + storage, 4)}})
    return {"name": name, "machinePools": out_pools,
            "rate": {"compute": round(totals["compute"], 4), "storage": round(totals["storage"], 4),
                     "total": round(totals["compute"] + totals["storage"], 4)},
            "resourceMetadata": {"instanceTypes": itypes, "storageTypes": stypes}}


def _entity_pools(body):
    pools = []
    for e in body.get("machinepoolconfig") or []:
        flat = dict(e.get("cloudConfig") or {})
        flat.update(e.get("poolConfig") or {})
        pools.append(flat)
    return pools


@route("POST", "/v1/spectroclusters/eks/rate")
def rate_eks(emu, req):
    return Response(200, rate("", _entity_pools(req.body or {}), _period(req.query)))


@route("POST", "/v1/spectroclusters/aws/rate")
def rate_aws(emu, req):
    return Response(200, rate("", _entity_pools(req.body or {}), _period(req.query)))


@route("GET", "/v1/spectroclusters/{uid}/rate")
def rate_cluster(emu, req):
    rec = emu.store.cluster(req.params["uid"], req.project)
    cfg = emu.store.cloudconfigs.get(rec.cfg_uid) or {"spec": {}}
    return Response(200, rate(rec.name, cfg["spec"].get("machinePoolConfig") or [], _period(req.query)))
