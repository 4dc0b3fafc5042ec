# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Download a cluster's kubeconfig (user, admin or client) and write it to a private file. Never returned."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import binascii
import os
import tempfile

from ansible.module_utils.common.text.converters import to_bytes, to_text

from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError
from ansible_collections.palette.aws.plugins.module_utils.palette import Failure

FILE_MODE = 0o600
DIR_MODE = 0o700

# kubeconfig_type -> the asset Palette serves (REFERENCE.md 10.6; the client file is the kubeconfig for users who
# log in through the cluster's OIDC provider, without a credential of its own)
ASSETS = {"user": "/assets/kubeconfig", "admin": "/assets/adminKubeconfig", "client": "/assets/kubeconfigclient"}


def _decode(data):
    """Palette may answer the file itself or its base64 form (the SDK decodes the latter)."""
    text = to_bytes(data or b"")
    if b"apiVersion" in text or b"clusters:" in text:
        return text
    try:
        decoded = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return text
    return decoded if b"apiVersion" in decoded or b"clusters:" in decoded else text


def download_kubeconfig(module, uid, name, state=None, kind="user"):
    """Bytes of the cluster's kubeconfig of ``kind``; its content becomes a ``no_log`` value (masked in output)."""
    try:
        data = _decode(module.client.download(paths.cluster(uid, ASSETS[kind])))
    except PaletteApiError as err:
        if err.is_not_found:
            raise Failure("the %s kubeconfig of cluster %s is not available (state %s); Palette serves it once the "
                          "cluster is Running%s" % (kind, name, state or "unknown",
                                                    "" if kind != "client" else " and a kubeconfig client is set"))
        raise
    if not data.strip():
        raise Failure("Palette returned an empty %s kubeconfig for cluster %s" % (kind, name))
    module.no_log_values.add(to_text(data, errors="surrogate_or_strict"))
    return data


def make_private_dirs(directory):
    """Create ``directory`` and its missing parents with mode 0700 whatever the umask (makedirs' mode is masked)."""
    missing = []
    while directory and not os.path.isdir(directory):
        missing.append(directory)
        directory = os.path.dirname(directory)
    for path in reversed(missing):
        os.mkdir(path, DIR_MODE)
        os.chmod(path, DIR_MODE)


def needs_write(path, data):
    """What writing ``data`` to ``path`` would do: ``"write"``, ``"chmod"`` (same content, other mode) or None."""
    path = os.path.abspath(os.path.expanduser(path))
    if not os.path.isfile(path):
        return "write"
    with open(path, "rb") as handle:
        if handle.read() != data:
            return "write"
    return None if (os.stat(path).st_mode & 0o777) == FILE_MODE else "chmod"


def write_private_file(path, data):
    """Write ``data`` to ``path`` with mode 0600, atomically. True when the file was written or its mode fixed."""
    action = needs_write(path, data)
    path = os.path.abspath(os.path.expanduser(path))
    if action is None:
        return False
    if action == "chmod":
        os.chmod(path, FILE_MODE)
        return True
    directory = os.path.dirname(path)
    make_private_dirs(directory)
    # created 0600 from the start: the secret is never readable by others, not even briefly
    fd, tmp = tempfile.mkstemp(prefix=".kubeconfig-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return True
