"""Identity, projects, AWS cloud accounts, STS info and cluster profiles."""

import copy
import re

from .routing import Response, route
from .util import ApiError, bad_request, new_uid, not_found, paginate, rfc3339

ROLE_ARN_RE = re.compile(r"^arn:aws(-us-gov|-iso|-iso-b)?:iam::\d{12}:role/[\w+=,.@/-]{1,128}$")


# ---------------------------------------------------------------------- auth / identity / projects
@route("POST", "/v1/auth/authenticate")
def authenticate(emu, req):
    body = req.body or {}
    if not body.get("emailId") or body.get("password") in (None, "", "invalid"):
        raise ApiError(401, "Unauthorized", "invalid email or password")
    token = "emu-jwt-" + new_uid()
    emu.tokens.add(token)
    return Response(200, {"Authorization": token, "isMfa": False})


@route("GET", "/v1/auth/refresh/{token}")
def refresh(emu, req):
    if req.params["token"] not in emu.tokens:
        raise ApiError(401, "Unauthorized", "token expired or unknown")
    token = "emu-jwt-" + new_uid()
    emu.tokens.add(token)
    return Response(200, {"Authorization": token, "isMfa": False})


@route("GET", "/v1/users/info")
def user_info(emu, req):
    t = emu.store.tenant
    return Response(200, {"orgName": t.get("orgName", ""), "tenantUid": t.get("uid", ""),
                          "userUid": t.get("userUid", "")})


@route("GET", "/v1/dashboard/projects/metadata")
def projects_metadata(emu, req):
    name = req.query.get("name")
    items = [{"metadata": {"name": p["name"], "uid": p["uid"]}} for p in emu.store.projects.values()
             if not name or p["name"] == name]
    return Response(200, {"items": items})


def _project_doc(store, p):
    ts = rfc3339(p["created"])
    return {"metadata": {"uid": p["uid"], "name": p["name"], "labels": {}, "annotations": {},
                         "creationTimestamp": ts, "lastModifiedTimestamp": ts, "deletionTimestamp": rfc3339(None)},
            "spec": {"logoUrl": "", "teams": [], "users": [], "alerts": []},
            "status": {"isDisabled": False}}


@route("POST", "/v1/dashboard/projects")
def projects_summary(emu, req):
    items = [_project_doc(emu.store, p) for p in emu.store.projects.values()]
    items = [{"metadata": d["metadata"]} for d in items]
    page, listmeta = paginate(items, req.query, emu.config.page_size)
    return Response(200, {"items": page, "listmeta": listmeta})


@route("GET", "/v1/projects/{uid}")
def project_get(emu, req):
    p = emu.store.projects.get(req.params["uid"])
    if p is None:
        raise not_found("project", req.params["uid"])
    return Response(200, _project_doc(emu.store, p))


# ---------------------------------------------------------------------- cloud accounts
def account_read(doc):
    out = copy.deepcopy(doc)
    out["spec"].pop("secretKey", None)      # secrets are never returned
    out["spec"].pop("secretToken", None)
    return out


def check_credentials(store, spec):
    """The emulator's credential rule (also used by create/update):

    * credentialType ``secret``: accessKey and secretKey must be non-empty, and a secretKey that is
      ``invalid`` or starts with ``invalid`` fails (400 ``InvalidCredentials``);
    * ``sts``: ``sts.arn`` must look like ``arn:<partition>:iam::<12 digits>:role/<name>`` (400
      ``InvalidRoleArn``) and ``sts.externalId``, when given, must equal the tenant's external id from
      GET /v1/clouds/aws/account/sts (400 ``InvalidCredentials``);
    * ``pod-identity``: podIdentity.roleArn must be a role ARN.
    """
    ctype = spec.get("credentialType") or "secret"
    if ctype == "secret":
        if not spec.get("accessKey") or not spec.get("secretKey"):
            raise bad_request("accessKey and secretKey are required for credentialType secret", "InvalidCredentials")
        if spec["secretKey"].startswith("invalid"):
            raise bad_request("AWS rejected the credentials: the security token included in the request is invalid",
                              "InvalidCredentials")
    elif ctype == "sts":
        sts = spec.get("sts") or {}
        if not ROLE_ARN_RE.match(sts.get("arn") or ""):
            raise bad_request("sts.arn %r is not a valid IAM role ARN" % sts.get("arn"), "InvalidRoleArn")
        if sts.get("externalId") and sts["externalId"] != store.sts.get("externalId"):
            raise bad_request("AssumeRole failed: external id does not match the trust policy", "InvalidCredentials")
    elif ctype == "pod-identity":
        if not ROLE_ARN_RE.match((spec.get("podIdentity") or {}).get("roleArn") or ""):
            raise bad_request("podIdentity.roleArn is not a valid IAM role ARN", "InvalidRoleArn")


@route("POST", "/v1/clouds/aws/account/validate")
def account_validate(emu, req):
    check_credentials(emu.store, req.body or {})
    return Response(204, None, {"AuditUid": new_uid()})


@route("GET", "/v1/clouds/aws/account/sts")
def account_sts(emu, req):
    partition = req.query.get("partition", "aws")
    if partition not in ("aws", "aws-us-gov"):
        raise bad_request("partition must be aws or aws-us-gov")
    return Response(200, {"accountId": emu.store.sts.get("accountId", ""),
                          "externalId": emu.store.sts.get("externalId", ""), "partition": partition})


@route("GET", "/v1/cloudaccounts/aws")
def accounts_list(emu, req):
    st = emu.store
    items = [account_read(d) for uid, d in st.accounts.items() if st.visible(st.account_project[uid], req.project)]
    items.sort(key=lambda d: (d["metadata"]["name"], d["metadata"]["uid"]))
    page, listmeta = paginate(items, req.query, emu.config.page_size)
    return Response(200, {"items": page, "listmeta": listmeta})


def _account_name_taken(st, name, project, exclude=None):
    return any(d["metadata"]["name"] == name and st.account_project[uid] == project and uid != exclude
               for uid, d in st.accounts.items())


@route("POST", "/v1/cloudaccounts/aws")
def account_create(emu, req):
    st = emu.store
    body = req.body
    name = (body.get("metadata") or {}).get("name")
    if not name:
        raise bad_request("metadata.name is required", "InvalidName")
    if _account_name_taken(st, name, req.project):
        raise ApiError(409, "CloudAccountNameAlreadyExists", "cloud account '%s' already exists" % name)
    spec = copy.deepcopy(body.get("spec") or {})
    check_credentials(st, spec)
    uid = new_uid()
    st.accounts[uid] = st.account_doc(uid, name, spec, req.project, (body.get("metadata") or {}).get("annotations"))
    st.account_project[uid] = req.project
    return Response(201, {"uid": uid}, {"AuditUid": new_uid()})


@route("GET", "/v1/cloudaccounts/aws/{uid}")
def account_get(emu, req):
    return Response(200, account_read(emu.store.account(req.params["uid"], req.project)))


@route("PUT", "/v1/cloudaccounts/aws/{uid}")
def account_update(emu, req):
    st = emu.store
    uid = req.params["uid"]
    doc = st.account(uid, req.project)
    if st.account_project[uid] != req.project:
        raise ApiError(403, "Forbidden", "a tenant cloud account cannot be changed from a project scope")
    body = req.body
    name = (body.get("metadata") or {}).get("name") or doc["metadata"]["name"]
    if _account_name_taken(st, name, req.project, exclude=uid):
        raise ApiError(409, "CloudAccountNameAlreadyExists", "cloud account '%s' already exists" % name)
    spec = copy.deepcopy(body.get("spec") or {})
    check_credentials(st, spec)
    spec.setdefault("credentialType", "secret")
    spec.setdefault("partition", "aws")
    doc["metadata"]["name"] = name
    # metadata.annotations (e.g. "description", the docs' first field) are replaced by the PUT; scope stays
    ann = dict((body.get("metadata") or {}).get("annotations") or {})
    ann["scope"] = doc["metadata"]["annotations"].get("scope", "project" if req.project else "tenant")
    doc["metadata"]["annotations"] = ann
    doc["spec"] = spec
    st.touch(doc)
    return Response(204)


@route("DELETE", "/v1/cloudaccounts/aws/{uid}")
def account_delete(emu, req):
    st = emu.store
    uid = req.params["uid"]
    st.account(uid, req.project)
    if st.account_project[uid] != req.project:
        raise ApiError(403, "Forbidden", "a tenant cloud account cannot be deleted from a project scope")
    # Sources silent on how Palette answers the delete of an account clusters still use; refusing is the assumption
    # that protects running clusters, and the collection checks for users itself before it sends the DELETE.
    users = [r.name for r in st.clusters.values() if r.state != "Deleted" and r.account_uid == uid]
    if users:
        raise ApiError(409, "CloudAccountInUse", "cloud account is used by clusters: %s" % ", ".join(users))
    del st.accounts[uid]
    del st.account_project[uid]
    return Response(204)


# ---------------------------------------------------------------------- cluster profiles
def _visible_profiles(emu, scope):
    st = emu.store
    return [d for uid, d in st.profiles.items() if st.visible(st.profile_project[uid], scope)]


@route("GET", "/v1/dashboard/clusterprofiles/metadata")
def profiles_metadata(emu, req):
    items = [{"metadata": {"name": d["metadata"]["name"], "uid": d["metadata"]["uid"]},
              "spec": {"cloudType": d["spec"]["published"]["cloudType"], "version": d["spec"]["version"]}}
             for d in _visible_profiles(emu, req.project)]
    return Response(200, {"items": items})


def profile_summary(d):
    pub = d["spec"]["published"]
    return {"metadata": copy.deepcopy(d["metadata"]),
            "specSummary": {"published": {"cloudType": pub["cloudType"], "type": pub["type"],
                                          "packs": [{"name": p["name"], "tag": p["tag"], "type": p["type"],
                                                     "layer": p["layer"]} for p in pub["packs"]]},
                            "version": d["spec"]["version"], "versions": copy.deepcopy(d["spec"]["versions"])},
            "status": {"isPublished": True, "inUseClusterUids": list(d["status"].get("inUseClusterUids") or [])}}


def _string_filter(flt, value):
    if not flt:
        return True
    ic = flt.get("ignoreCase", True)
    val = value.lower() if ic else value

    def norm(x):
        return x.lower() if ic and isinstance(x, str) else x
    for op, fn in (("eq", lambda a, b: a == b), ("ne", lambda a, b: a != b), ("contains", lambda a, b: b in a),
                   ("beginsWith", lambda a, b: a.startswith(b))):
        if flt.get(op) is not None and not fn(val, norm(flt[op])):
            return False
    return True


def _version_key(v):
    return tuple(int(x) if x.isdigit() else 0 for x in re.split(r"[.-]", v or "0"))


def _version_filter(flt, value):
    if not flt:
        return True
    checks = (("eq", lambda a, b: a == b), ("ne", lambda a, b: a != b),
              ("beginsWith", lambda a, b: a.startswith(b)),
              ("gt", lambda a, b: _version_key(a) > _version_key(b)), ("lt", lambda a, b: _version_key(a) < _version_key(b)))
    return all(fn(value, flt[op]) for op, fn in checks if flt.get(op) is not None)


@route("POST", "/v1/dashboard/clusterprofiles")
def profiles_filter(emu, req):
    body = req.body or {}
    flt = body.get("filter") or {}
    out = []
    for d in _visible_profiles(emu, req.project):
        pub = d["spec"]["published"]
        if not _string_filter(flt.get("profileName"), d["metadata"]["name"]):
            continue
        if not _version_filter(flt.get("version"), d["spec"]["version"]):
            continue
        if flt.get("profileType") and pub["type"] not in flt["profileType"]:
            continue
        if flt.get("environment") and pub["cloudType"] not in flt["environment"]:
            continue
        if flt.get("scope") and d["metadata"]["annotations"].get("scope") != flt["scope"]:
            continue
        out.append(d)
    fields = {"profileName": lambda d: d["metadata"]["name"], "creationTimestamp":
              lambda d: d["metadata"]["creationTimestamp"], "lastModifiedTimestamp":
              lambda d: d["metadata"]["lastModifiedTimestamp"], "environment":
              lambda d: d["spec"]["published"]["cloudType"], "profileType": lambda d: d["spec"]["published"]["type"]}
    out.sort(key=lambda d: (d["metadata"]["name"], _version_key(d["spec"]["version"])))
    for s in reversed(body.get("sort") or []):
        key = fields.get(s.get("field"))
        if key:
            out.sort(key=key, reverse=s.get("order") == "desc")
    page, listmeta = paginate([profile_summary(d) for d in out], req.query, emu.config.page_size)
    return Response(200, {"items": page, "listmeta": listmeta})


@route("GET", "/v1/dashboard/clusterprofiles/{uid}")
def profile_summary_get(emu, req):
    return Response(200, profile_summary(emu.store.profile(req.params["uid"], req.project)))


@route("GET", "/v1/clusterprofiles/{uid}")
def profile_get(emu, req):
    return Response(200, copy.deepcopy(emu.store.profile(req.params["uid"], req.project)))


@route("GET", "/v1/users/assets/locations")
def locations(emu, req):
    st = emu.store
    items = [copy.deepcopy(d) for uid, d in st.locations.items() if st.visible(st.location_project[uid], req.project)]
    return Response(200, {"items": items})
