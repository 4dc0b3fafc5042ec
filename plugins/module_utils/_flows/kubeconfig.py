# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Download a cluster's kubeconfig and write it to a private file (mode 0600). Never returned."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import binascii
import os
import tempfile

from ansible.module_utils.common.text.converters import to_bytes, to_text

from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError

FILE_MODE = 0o600


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


def download_kubeconfig(module, uid, name, state=None):
    """Bytes of the cluster's kubeconfig; its content becomes a ``no_log`` value (masked in any output)."""
    try:
        data = _decode(module.client.download(paths.cluster(uid, "/assets/kubeconfig")))
    except PaletteApiError as err:
        if err.is_not_found:
            module.fail_json(msg="the kubeconfig of cluster %s is not available yet (state %s); Palette serves it once "
                                 "the cluster is Running" % (name, state or "unknown"))
        raise
    if not data.strip():
        module.fail_json(msg="Palette returned an empty kubeconfig for cluster %s" % name)
    module.no_log_values.add(to_text(data, errors="surrogate_or_strict"))
    return data


def write_private_file(path, data):
    """Write ``data`` to ``path`` with mode 0600, atomically. Returns True when the file changed."""
    path = os.path.abspath(os.path.expanduser(path))
    if os.path.isfile(path):
        with open(path, "rb") as handle:
            same = handle.read() == data
        if same and (os.stat(path).st_mode & 0o777) == FILE_MODE:
            return False
    directory = os.path.dirname(path)
    if not os.path.isdir(directory):
        os.makedirs(directory, 0o700)
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
