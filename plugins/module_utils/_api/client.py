# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""HTTP client for the Palette REST API v1: auth, project scope, pagination, errors, retries."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import http.client
import inspect
import json
import platform
import socket
import ssl
import time
from datetime import timezone
from email.utils import parsedate_to_datetime
from urllib.error import HTTPError
from urllib.parse import quote, urlencode

from ansible.module_utils import urls
from ansible.module_utils.ansible_release import __version__ as ANSIBLE_VERSION

from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError, PaletteConnectionError, PaletteLookupError
from ansible_collections.palette.aws.plugins.module_utils._api.retry import RetryPolicy
from ansible_collections.palette.aws.plugins.module_utils._version import (
    COLLECTION_NAME,
    COLLECTION_VERSION,
)

_SNIPPET = 300  # longest piece of a non-JSON error body quoted in a message


def user_agent():
    return "%s/%s (ansible-core/%s; python/%s)" % (
        COLLECTION_NAME, COLLECTION_VERSION, ANSIBLE_VERSION, platform.python_version())


def base_url(host):
    """``api.example.com`` / ``https://api.example.com/`` / ``.../v1`` -> ``https://api.example.com``."""
    url = (host or "").strip().rstrip("/")
    if "://" not in url:
        url = "https://" + url
    if url.endswith("/v1"):
        url = url[:-3]
    return url


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
    message = data.get("message") or " ".join(text.split())[:_SNIPPET] or code
    if status == 401:
        message += " (check palette_api_key or the PALETTE_API_KEY environment variable)"
    retry_after = parse_retry_after((headers or {}).get("Retry-After"))
    return PaletteApiError(status, code, message, data.get("ref"), method, path,
                           retry_after=retry_after, details=data.get("details"))


def _classify(exc):
    """(code, transient, ambiguous, hint) for an exception raised before any HTTP status."""
    if isinstance(exc, (ssl.SSLError, ssl.CertificateError, urls.SSLValidationError)):
        return "TLSError", False, False, "; check the certificate, or set validate_certs to false for a trusted host"
    if isinstance(exc, socket.gaierror):
        return "ConnectionError", False, False, "; check palette_host"
    if isinstance(exc, ConnectionRefusedError):
        return "ConnectionError", False, False, "; check palette_host and that Palette is reachable"
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "Timeout", True, True, ""
    if isinstance(exc, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError,
                        http.client.RemoteDisconnected, http.client.IncompleteRead,
                        http.client.BadStatusLine)):
        return "ConnectionReset", True, True, ""
    return "ConnectionError", False, False, ""


def connection_error(method, path, host, exc, timeout):
    reason = getattr(exc, "reason", None)
    cause = reason if isinstance(reason, BaseException) else exc
    code, transient, ambiguous, hint = _classify(cause)
    detail = "no answer within %s s" % timeout if code == "Timeout" else (str(cause) or type(cause).__name__)
    message = "cannot talk to Palette at %s: %s%s" % (host, detail, hint)
    return PaletteConnectionError(code, message, method, path, transient, ambiguous)


def _encode_query(query):
    pairs = []
    for key, value in (query or {}).items():
        if value is None:
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        for item in values:
            pairs.append((key, str(item).lower() if isinstance(item, bool) else item))
    return urlencode(pairs)


def _make_http(validate_certs, timeout):
    options = dict(timeout=timeout, validate_certs=validate_certs, http_agent=user_agent(),
                   follow_redirects="safe", use_netrc=False)
    make_context = getattr(urls, "make_context", None)
    if make_context is not None and "context" in inspect.signature(urls.Request.__init__).parameters:
        # One TLS context for all calls: Request would otherwise load the CA bundle on every call.
        options["context"] = make_context(validate_certs=validate_certs)
    return urls.Request(**options)


class PaletteClient:
    """Palette API v1 client. Every method returns parsed JSON, or None for 204 / empty bodies."""

    def __init__(self, host, api_key, project=None, validate_certs=True, timeout=60,
                 retry_policy=None, sleep=time.sleep):
        self.base_url = base_url(host)
        self.host = self.base_url.split("://", 1)[1]
        self.project = project
        self.project_uid = None
        self.timeout = timeout
        self.retry_policy = retry_policy or RetryPolicy()
        self.sleep = sleep
        self.request_count = 0
        self._api_key = api_key
        self._project_pending = bool(project)
        self._http = _make_http(validate_certs, timeout)

    # -- public verbs -------------------------------------------------------------------------

    def get(self, path, query=None, **options):
        return self.request("GET", path, query=query, **options)

    def post(self, path, body=None, query=None, **options):
        return self.request("POST", path, body=body, query=query, **options)

    def put(self, path, body=None, query=None, **options):
        return self.request("PUT", path, body=body, query=query, **options)

    def patch(self, path, body=None, query=None, **options):
        return self.request("PATCH", path, body=body, query=query, **options)

    def delete(self, path, body=None, query=None, **options):
        return self.request("DELETE", path, body=body, query=query, **options)

    def download(self, path, query=None):
        """GET a file (kubeconfig): returns bytes."""
        return self.request("GET", path, query=query, raw=True)

    def paginate(self, method, path, body=None, query=None, items_key="items", limit=None,
                 max_pages=1000):
        """Follow ``listmeta.continue`` until it is empty; return all items of all pages."""
        query = dict(query or {})
        if limit is not None:
            query["limit"] = limit
        items, seen = [], set()
        for _page in range(max_pages):
            page = self.request(method, path, body=body, query=query, idempotent=True) or {}
            items.extend(page.get(items_key) or [])
            token = (page.get("listmeta") or {}).get("continue") or ""
            if not token:
                return items
            if token in seen:
                raise PaletteApiError(200, "PaginationLoop", "continue token %r came back twice" % token,
                                      method=method, path=path)
            seen.add(token)
            query["continue"] = token
        raise PaletteApiError(200, "PaginationLimit", "more than %d pages" % max_pages,
                              method=method, path=path)

    def resolve_project(self, name_or_uid):
        """Find a project by name, then by uid (tenant scope); use it for every later call."""
        data = self.request("GET", paths.PROJECTS_METADATA, tenant=True) or {}
        projects = [item.get("metadata") or {} for item in data.get("items") or []]
        match = [p for p in projects if p.get("name") == name_or_uid] or \
            [p for p in projects if p.get("uid") == name_or_uid]
        if not match:
            names = sorted(p.get("name") or "" for p in projects)
            raise PaletteLookupError("Palette project %r not found by name or uid; available projects: %s"
                                     % (name_or_uid, ", ".join(names) or "none"))
        self.project_uid = match[0].get("uid")
        self.project = name_or_uid
        self._project_pending = False
        return self.project_uid

    # -- plumbing -----------------------------------------------------------------------------

    def request(self, method, path, body=None, query=None, idempotent=None, raw=False, tenant=False):
        """Send one API call with retries. POST is not idempotent unless the caller says so."""
        method = method.upper()
        if idempotent is None:
            idempotent = method != "POST"
        if self._project_pending and not tenant:
            self.resolve_project(self.project)
        # '?' and '%' stay as given: callers may pass a ready query string or encoded names.
        url = self.base_url + quote(path, safe="/:@-._~!$&'()*+,;=?%")
        encoded = _encode_query(query)
        if encoded:
            url += ("&" if "?" in url else "?") + encoded
        data = json.dumps(body).encode("utf-8") if body is not None else None
        headers = self._headers(data is not None, raw, tenant)

        def attempt():
            return self._send(method, path, url, data, headers, raw)

        return self.retry_policy.run(attempt, idempotent, sleep=self.sleep)

    def _headers(self, has_body, raw, tenant):
        headers = {"ApiKey": self._api_key,
                   "Accept": "application/octet-stream, */*" if raw else "application/json"}
        if has_body:
            headers["Content-Type"] = "application/json"
        if self.project_uid and not tenant:
            headers["ProjectUid"] = self.project_uid
        return headers

    def _send(self, method, path, url, data, headers, raw):
        self.request_count += 1
        try:
            response = self._http.open(method, url, data=data, headers=headers)
            try:
                status, payload = response.getcode(), response.read()
            finally:
                response.close()
        except HTTPError as exc:
            raise self._http_error(method, path, exc)
        except (OSError, http.client.HTTPException, urls.ConnectionError) as exc:
            raise connection_error(method, path, self.host, exc, self.timeout)
        if raw:
            return payload
        return _parse_json(method, path, status, payload)

    def _http_error(self, method, path, exc):
        try:
            body = exc.read()
        except (OSError, http.client.HTTPException, AttributeError):
            body = b""
        finally:
            exc.close()
        return error_from_response(method, path, exc.code, exc.headers, body)


def _parse_json(method, path, status, payload):
    if status == 204 or not payload or not payload.strip():
        return None
    try:
        return json.loads(payload.decode("utf-8"))
    except ValueError:
        snippet = " ".join(payload.decode("utf-8", "replace").split())[:_SNIPPET]
        raise PaletteApiError(status, "InvalidResponse", "answer is not JSON: %s" % snippet,
                              method=method, path=path)
