"""Kubeconfig assets of a cluster: /assets/kubeconfig, /assets/adminKubeconfig, /assets/kubeconfigclient."""

import base64
import hashlib

from .routing import Response, route
from .util import ApiError, qbool


def kubeconfig_text(rec, admin=False):
    ep = (rec.doc["status"].get("apiEndpoints") or [{"host": "%s.emulator.local" % rec.name, "port": 443}])[0]
    token = "emu-" + hashlib.sha256(("%s:%s" % (rec.uid, admin)).encode()).hexdigest()[:40]
    ca = base64.b64encode(b"-----BEGIN CERTIFICATE-----\nEMULATOR\n-----END CERTIFICATE-----\n").decode()
    user = "%s-%s" % (rec.name, "admin" if admin else "user")
    return ("apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority-data: %s\n"
            "    server: https://%s:%d\n  name: %s\ncontexts:\n- context:\n    cluster: %s\n    user: %s\n"
            "  name: %s-context\ncurrent-context: %s-context\npreferences: {}\nusers:\n- name: %s\n  user:\n"
            "    token: %s\n" % (ca, ep["host"], ep["port"], rec.name, rec.name, user, rec.name, rec.name, user,
                                 token))


def _kubeconfig(emu, req, admin):
    rec = emu.store.cluster(req.params["uid"], req.project)
    if rec.state != "Running":
        raise ApiError(404, "ResourceNotFound", "kubeconfig of cluster '%s' is not available (state %s)"
                       % (rec.name, rec.state))
    name = "%s%s.kubeconfig" % (rec.name, "-admin" if admin else "")
    return Response(200, kubeconfig_text(rec, admin).encode(),
                    {"Content-Disposition": 'attachment; filename="%s"' % name},
                    content_type="application/octet-stream")


@route("GET", "/v1/spectroclusters/{uid}/assets/kubeconfig")
def kubeconfig(emu, req):
    qbool(req.query, "frp", True)
    return _kubeconfig(emu, req, admin=False)


@route("GET", "/v1/spectroclusters/{uid}/assets/adminKubeconfig")
def admin_kubeconfig(emu, req):
    return _kubeconfig(emu, req, admin=True)


@route("GET", "/v1/spectroclusters/{uid}/assets/kubeconfigclient")
def kubeconfig_client_get(emu, req):
    """The kubeconfig-client file (spec, new in the shared subset): what a PUT stored (e.g. an OIDC client
    kubeconfig); 404 ``ResourceNotFound`` when none was set (sources silent on the empty case; SDK treats
    not-found of kubeconfig assets as "none", REFERENCE.md 10.6)."""
    rec = emu.store.cluster(req.params["uid"], req.project)
    if not rec.kubeconfig_client:
        raise ApiError(404, "ResourceNotFound", "no kubeconfig client is set for cluster '%s'" % rec.name)
    return Response(200, rec.kubeconfig_client.encode(),
                    {"Content-Disposition": 'attachment; filename="%s-client.kubeconfig"' % rec.name},
                    content_type="application/octet-stream")


@route("PUT", "/v1/spectroclusters/{uid}/assets/kubeconfigclient")
def kubeconfig_client_put(emu, req):
    """Body v1SpectroClusterAssetKubeConfigClient ``{"kubeconfigclient": "<yaml>"}``."""
    rec = emu.store.cluster(req.params["uid"], req.project)
    rec.kubeconfig_client = (req.body or {}).get("kubeconfigclient") or None
    emu.store.touch(rec.doc)
    return Response(204)


@route("DELETE", "/v1/spectroclusters/{uid}/assets/kubeconfigclient")
def kubeconfig_client_delete(emu, req):
    rec = emu.store.cluster(req.params["uid"], req.project)
    rec.kubeconfig_client = None
    return Response(204)
