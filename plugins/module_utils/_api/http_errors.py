# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every way an HTTP call can fail, as a PaletteApiError that names the call and the fix (issue 12 item 4).

``error_from_response`` reads a non-2xx answer (JSON ``{code, message, ref}``, an HTML page from a proxy, or
nothing); ``connection_error`` turns a socket, TLS, DNS, HTTP-protocol or URL exception raised before any
status into a PaletteConnectionError that says whether another attempt is worth it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import http.client
import json
import socket
import ssl
import time
from datetime import timezone
from email.utils import parsedate_to_datetime

from ansible.module_utils import urls

from ansible_collections.palette.aws.plugins.module_utils._api.answers import snippet
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError, PaletteConnectionError

TLS_FIX = ("; if Palette uses a private CA, set palette_ca_bundle (or PALETTE_CA_BUNDLE) to its CA bundle; "
           "for a trusted host with a self-signed certificate only, set palette_validate_certs to false")
NETWORK_FIX = "; check palette_host, the network and any proxy (HTTPS_PROXY) between this host and Palette"


def parse_retry_after(value, now=time.time):
    """Seconds to wait from a ``Retry-After`` header (delta seconds or HTTP-date), or None."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, when.timestamp() - now())


def error_from_response(method, path, status, headers, body):
    """Build a PaletteApiError from a non-2xx answer (JSON ``{code, message, ref}`` or anything)."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else (body or "")
    try:
        data = json.loads(text) if text.strip() else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        data = {}
    code = data.get("code") or http.client.responses.get(status, "HTTP Error")
    message = data.get("message") or snippet(text) or code
    if not isinstance(message, str):
        message = json.dumps(message)[:300]
    if status == 401:
        message += " (check palette_api_key or the PALETTE_API_KEY environment variable)"
    elif status == 403:
        message += " (the API key has no right to this; check its role in the project given by palette_project)"
    elif status in (502, 504) and not data:
        message += " (a gateway in front of Palette failed; run again, or check the proxy and Palette's status)"
    retry_after = parse_retry_after((headers or {}).get("Retry-After")) if headers is not None else None
    return PaletteApiError(status, str(code), message, data.get("ref"), method, path,
                           retry_after=retry_after, details=data.get("details"))


def _classify(exc):
    """(code, transient, ambiguous, hint) for an exception raised before any HTTP status."""
    if isinstance(exc, (ssl.SSLError, ssl.CertificateError, urls.SSLValidationError)):
        return "TLSError", False, False, TLS_FIX
    if isinstance(exc, socket.gaierror):
        return "ConnectionError", False, False, "; the host name does not resolve: check palette_host"
    if isinstance(exc, ConnectionRefusedError):
        return "ConnectionError", False, False, "; check palette_host and that Palette is reachable"
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "Timeout", True, True, "; raise palette_timeout if Palette is slow to answer"
    if isinstance(exc, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError,
                        http.client.RemoteDisconnected, http.client.IncompleteRead,
                        http.client.BadStatusLine)):
        return "ConnectionReset", True, True, "; the connection was dropped mid-call" + NETWORK_FIX
    if isinstance(exc, UnicodeError):
        return "InvalidRequest", False, False, ("; a header or the URL holds characters HTTP cannot carry: check "
                                                "palette_api_key, palette_project and palette_host")
    if isinstance(exc, (ValueError, http.client.InvalidURL)):
        return "InvalidHost", False, False, "; set palette_host to a host name or an https:// URL"
    return "ConnectionError", False, False, NETWORK_FIX


def connection_error(method, path, host, exc, timeout):
    reason = getattr(exc, "reason", None)
    cause = reason if isinstance(reason, BaseException) else exc
    code, transient, ambiguous, hint = _classify(cause)
    if code == "Timeout":
        detail = "no answer within %s s" % timeout
    elif isinstance(cause, UnicodeError):
        detail = type(cause).__name__  # its text would quote the header value (maybe the API key)
    else:
        detail = str(cause) or type(cause).__name__
    message = "cannot talk to Palette at %s: %s%s" % (host, detail, hint)
    return PaletteConnectionError(code, message, method, path, transient, ambiguous)
