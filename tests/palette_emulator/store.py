"""In-memory Palette state: tenant, projects, accounts, profiles, clusters, cloud configs.

Objects are kept in their *read* shapes (the JSON the API returns) so that admin mutations
(merge patches) change exactly what clients see.  Per-object bookkeeping that is not part of the
API (owning project, lifecycle timestamps, AWS resource ids) lives beside it.
"""

import copy
import json
import threading

from .util import ApiError, new_uid, not_found, rfc3339


def load_seed(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


class Store:
    def __init__(self, clock, config):
        self.clock = clock
        self.config = config
        self.lock = threading.RLock()
        self.seed = None
        self.clear()

    # ------------------------------------------------------------------ seed / reset
    def clear(self):
        self.tenant = {}
        self.sts = {}
        self.projects = {}        # uid -> {"uid", "name", "created"}
        self.accounts = {}        # uid -> v1AwsAccount (with secretKey kept; masked on read)
        self.account_project = {}  # uid -> project uid or None (tenant)
        self.profiles = {}        # uid -> v1ClusterProfile
        self.profile_project = {}
        self.locations = {}       # uid -> v1UserAssetsLocation
        self.location_project = {}
        self.clusters = {}        # uid -> lifecycle.ClusterRecord
        self.cloudconfigs = {}    # uid -> v1EksCloudConfig / v1AwsCloudConfig
        self.cfg_cluster = {}     # cloud config uid -> cluster uid

    def load(self, seed):
        self.seed = copy.deepcopy(seed)
        self.clear()
        now = self.clock.now()
        self.tenant = dict(seed.get("tenant") or {})
        self.sts = dict(seed.get("sts") or {})
        by_name = {}
        for p in seed.get("projects", []):
            self.projects[p["uid"]] = {"uid": p["uid"], "name": p["name"], "created": now}
            by_name[p["name"]] = p["uid"]

        def project_of(item):
            name = item.get("project")
            if name is None:
                return None
            return by_name.get(name, name)

        for a in seed.get("cloudAccounts", []):
            proj = project_of(a)
            self.accounts[a["uid"]] = self.account_doc(a["uid"], a["name"], copy.deepcopy(a["spec"]), proj)
            self.account_project[a["uid"]] = proj
        for p in seed.get("clusterProfiles", []):
            proj = project_of(p)
            self.profiles[p["uid"]] = self._profile_doc(p, proj)
            self.profile_project[p["uid"]] = proj
        for loc in seed.get("backupLocations", []):
            proj = project_of(loc)
            self.locations[loc["uid"]] = {
                "metadata": self.meta(loc["uid"], loc["name"]),
                "spec": {"isDefault": bool(loc.get("isDefault")), "storage": loc.get("storage", "s3"),
                         "type": loc.get("type", "s3")},
            }
            self.location_project[loc["uid"]] = proj

    # ------------------------------------------------------------------ document builders
    def meta(self, uid, name, labels=None, annotations=None):
        ts = rfc3339(self.clock.now())
        return {"uid": uid, "name": name, "labels": labels or {}, "annotations": annotations or {},
                "creationTimestamp": ts, "lastModifiedTimestamp": ts, "deletionTimestamp": rfc3339(None)}

    def touch(self, doc):
        doc.setdefault("metadata", {})["lastModifiedTimestamp"] = rfc3339(self.clock.now())

    def account_doc(self, uid, name, spec, project, annotations=None):
        ann = dict(annotations or {})          # e.g. "description" (the docs' first field)
        ann["scope"] = "project" if project else "tenant"
        spec.setdefault("credentialType", "secret")
        spec.setdefault("partition", "aws")
        return {"apiVersion": "v1", "kind": "CloudAccount", "metadata": self.meta(uid, name, annotations=ann),
                "spec": spec, "status": {"state": "Running"}}

    def _profile_doc(self, p, project):
        packs = []
        for pk in p.get("packs", []):
            packs.append({"name": pk["name"], "tag": pk.get("tag", ""), "layer": pk.get("layer", "addon"),
                          "type": pk.get("type", "spectro"), "values": pk.get("values", ""),
                          "packUid": pk.get("uid") or new_uid(), "registryUid": "5ee9c5adc172449eeb9c30cf"})
        tmpl = {"cloudType": p["cloudType"], "name": p["name"], "type": p.get("type", "cluster"),
                "packs": packs, "profileVersion": p["version"], "uid": p["uid"], "version": 1}
        scope = p.get("scope") or ("project" if project else "tenant")
        return {"apiVersion": "v1", "kind": "ClusterProfile",
                "metadata": self.meta(p["uid"], p["name"], annotations={"scope": scope}),
                "spec": {"draft": None, "published": tmpl, "version": p["version"],
                         "versions": [{"uid": p["uid"], "version": p["version"]}]},
                "status": {"isPublished": True, "inUseClusterUids": [], "inUseClusters": [], "hasUserMacros": False}}

    # ------------------------------------------------------------------ scope helpers
    def check_project(self, project):
        if project is not None and project not in self.projects:
            raise ApiError(403, "Forbidden", "project '%s' does not exist or is not accessible" % project)

    @staticmethod
    def visible(obj_project, scope, tenant_shared=True):
        """Project objects are visible in their project; tenant objects everywhere when ``tenant_shared``."""
        if obj_project == scope:
            return True
        return tenant_shared and obj_project is None

    def account(self, uid, scope):
        if uid not in self.accounts or not self.visible(self.account_project[uid], scope):
            raise not_found("cloud account", uid)
        return self.accounts[uid]

    def profile(self, uid, scope):
        if uid not in self.profiles or not self.visible(self.profile_project[uid], scope):
            raise not_found("cluster profile", uid)
        return self.profiles[uid]

    def cluster(self, uid, scope, include_purged=False):
        rec = self.clusters.get(uid)
        if rec is None or rec.project != scope:
            raise not_found("cluster", uid)
        return rec

    def cloudconfig(self, uid, scope, cloud_type):
        doc = self.cloudconfigs.get(uid)
        cluster_uid = self.cfg_cluster.get(uid)
        if doc is None or cluster_uid not in self.clusters:
            raise not_found("cloud config", uid)
        rec = self.clusters[cluster_uid]
        if rec.project != scope or rec.cloud_type != cloud_type:
            raise not_found("cloud config", uid)
        return rec, doc

    def find_any(self, uid):
        """Admin lookup: (kind, document) for any stored object uid."""
        if uid in self.clusters:
            return "cluster", self.clusters[uid].doc
        for kind, table in (("cloudconfig", self.cloudconfigs), ("cloudaccount", self.accounts),
                            ("clusterprofile", self.profiles), ("location", self.locations)):
            if uid in table:
                return kind, table[uid]
        if uid in self.projects:
            return "project", self.projects[uid]
        raise not_found("object", uid)
