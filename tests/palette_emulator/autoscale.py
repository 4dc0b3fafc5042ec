"""Node counts that move by themselves: the cluster autoscaler and Karpenter (REFERENCE.md 11.3, 11.4, 11.10).

* An autoscaled pool (``maxSize > minSize``) runs anywhere in ``[minSize, maxSize]`` machines while Palette
  keeps ``size`` (``= minSize`` for EKS).  Source: REFERENCE.md 11.3/11.4 (provider docs ``cluster_eks.md``).
  The emulator makes the live count deterministic and, by default, different from ``size``
  (config ``autoscaler_live_nodes``), so a client that waits for exactly ``size`` Running machines never ends.
  Per-pool override: admin ``POST /_emulator/clusters/{uid} {"live_nodes": {"<pool>": N}}``.
* A Karpenter pool (``labels`` holds ``spectrocloud.com/managed-by:karpenter``; terraform-provider-spectrocloud
  hides such pools, see its Karpenter label test in ``resource_cluster_eks_test.go``) changes its own ``size``
  every ``karpenter_step_seconds``, cycling through ``[minSize, maxSize]`` (default ``[0, 3]``).
"""

KARPENTER_LABEL = "spectrocloud.com/managed-by:karpenter"


def is_karpenter(pool):
    return any(KARPENTER_LABEL in (label or "") for label in pool.get("labels") or [])


def is_autoscaled(pool):
    lo, hi = pool.get("minSize"), pool.get("maxSize")
    return (not pool.get("isControlPlane") and not is_karpenter(pool) and lo is not None and hi is not None
            and int(hi) > int(lo))


def live_target(rec, pool, cfg):
    """Number of live machines a pool should have right now."""
    name = pool.get("name")
    if name in rec.live_nodes:
        return max(0, int(rec.live_nodes[name]))
    size = int(pool.get("size") or 0)
    if not is_autoscaled(pool):
        return size
    lo, hi = int(pool["minSize"]), int(pool["maxSize"])
    mode = cfg.autoscaler_live_nodes
    if mode == "size":
        return size
    if mode == "min":
        return lo
    if mode == "max":
        return hi
    return hi if size != hi else lo          # "away": never equal to size


def karpenter_size(pool, added_at, now, cfg):
    lo = int(pool.get("minSize") or 0)
    hi = int(pool.get("maxSize") or 0) or lo + 3
    step = max(float(cfg.karpenter_step_seconds), 0.001)
    steps = int(max(0.0, now - added_at) // step)
    return lo + steps % (hi - lo + 1)


def move_karpenter_pools(store, rec, now, cfg, reconcile):
    """Tick hook: resize the Karpenter pools of ``rec`` as time passes (only clusters that have some)."""
    if not rec.karpenter or rec.state != "Running":
        return
    doc = store.cloudconfigs.get(rec.cfg_uid)
    if doc is None:
        return
    for pool in doc["spec"].get("machinePoolConfig") or []:
        added = rec.karpenter.get(pool.get("name"))
        if added is None or not is_karpenter(pool):
            continue
        size = karpenter_size(pool, added, now, cfg)
        if size != pool.get("size"):
            pool["size"] = size
            reconcile(rec, pool, now, cfg)


def register_pool(rec, pool, now):
    """Remember when a Karpenter pool appeared (its size moves from then on)."""
    if is_karpenter(pool):
        rec.karpenter.setdefault(pool["name"], now)
    else:
        rec.karpenter.pop(pool.get("name"), None)
