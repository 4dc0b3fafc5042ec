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
import re
from urllib.error import HTTPError
from urllib.parse import quote, urlencode

from ansible.module_utils import urls
from ansible.module_utils.ansible_release import __version__ as ANSIBLE_VERSION

from ansible_collections.palette.aws.plugins.module_utils._api import answers, paths
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError, PaletteConnectionError, PaletteLookupError
from ansible_collections.palette.aws.plugins.module_utils._api.http_errors import connection_error, error_from_response
from ansible_collections.palette.aws.plugins.module_utils._api.retry import RetryPolicy, is_ambiguous, pause
from ansible_collections.palette.aws.plugins.module_utils._version import (
    COLLECTION_NAME,
    COLLECTION_VERSION,
)

# A project uid: Palette uids are 24 hex digits (a MongoDB ObjectId); such a palette_project needs no lookup.
PROJECT_UID = re.compile(r"^[0-9a-f]{24}$")


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


def _encode_query(query):
    pairs = []
    for key, value in (query or {}).items():
        if value is None:
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        for item in values:
            pairs.append((key, str(item).lower() if isinstance(item, bool) else item))
    return urlencode(pairs)


def _make_http(validate_certs, timeout, ca_bundle=None):
    options = dict(timeout=timeout, validate_certs=validate_certs, http_agent=user_agent(),
                   follow_redirects="safe", use_netrc=False)
    make_context = getattr(urls, "make_context", None)
    if make_context is not None and "context" in inspect.signature(urls.Request.__init__).parameters:
        # One TLS context for all calls: Request would otherwise load the CA bundle on every call.
        try:
            options["context"] = make_context(cafile=ca_bundle or None, validate_certs=validate_certs)
        except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
            raise PaletteConnectionError("TLSError", "cannot load the CA bundle %s (palette_ca_bundle): %s; give the "
                                         "path of a PEM file of CA certificates" % (ca_bundle, exc))
    elif ca_bundle:
        options["ca_path"] = ca_bundle
    return urls.Request(**options)


class PaletteClient:
    """Palette API v1 client. Methods return parsed JSON, checked against ``expect`` when given (see answers.py).

    Without ``expect`` a 204 or an empty body is None. ``validate_certs`` and ``ca_bundle`` (a PEM file that
    replaces the system CAs) apply to Palette only.
    """

    def __init__(self, host, api_key, project=None, validate_certs=True, timeout=60,
                 retry_policy=None, sleep=pause, ca_bundle=None):
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
        self._http = _make_http(validate_certs, timeout, ca_bundle)

    # -- public verbs -------------------------------------------------------------------------

    def get(self, path, query=None, expect=None, **options):
        """GET; ``expect`` ("object", "resource", "items", "page", "list" or a Shape) is what it must answer."""
        return self.request("GET", path, query=query, expect=expect, **options)

    def get_object(self, path, query=None):
        """GET a JSON object; an empty, non-JSON or non-object answer raises PaletteApiError."""
        return self.request("GET", path, query=query, expect="object")

    def get_items(self, path, query=None):
        """The ``items`` of a GET that answers ``{"items": [...]}`` (null = []); any other answer raises."""
        return self.request("GET", path, query=query, expect="items").get("items") or []

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
        """Follow ``listmeta.continue`` until it is empty; return all items of all pages.

        Every page must be a JSON object with a list under ``items_key`` (null = empty): an empty, truncated or
        otherwise shaped page raises PaletteApiError rather than passing for the end of the list.
        """
        query = dict(query or {})
        if limit is not None:
            query["limit"] = limit
        shape = answers.Shape("page", (items_key,))
        items, seen = [], set()
        for _page in range(max_pages):
            page = self.request(method, path, body=body, query=query, idempotent=True, expect=shape)
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
        """Select the project for every later call: a uid (24 hex digits) as is, else by name, then by uid.

        A uid costs no request (issue 15: the project lookup is paid once); a name is looked up in tenant scope.
        """
        if PROJECT_UID.match(name_or_uid or ""):
            return self._select_project(name_or_uid, name_or_uid)
        data = self.request("GET", paths.PROJECTS_METADATA, tenant=True, expect="items")
        projects = [item.get("metadata") or {} for item in data.get("items") or [] if isinstance(item, dict)]
        match = [p for p in projects if p.get("name") == name_or_uid] or \
            [p for p in projects if p.get("uid") == name_or_uid]
        if not match or not match[0].get("uid"):
            names = sorted(p.get("name") or "" for p in projects)
            raise PaletteLookupError("Palette project %r not found by name or uid; available projects: %s"
                                     % (name_or_uid, ", ".join(names) or "none"))
        return self._select_project(name_or_uid, match[0]["uid"])

    def _select_project(self, name_or_uid, uid):
        self.project_uid = uid
        self.project = name_or_uid
        self._project_pending = False
        return uid

    # -- plumbing -----------------------------------------------------------------------------

    def request(self, method, path, body=None, query=None, idempotent=None, raw=False, tenant=False, expect=None):
        """Send one API call with retries. POST is not idempotent unless the caller says so.

        ``expect`` checks the answer's shape (see answers.py). A DELETE answered 404 after an earlier attempt
        of it may have been carried out (a lost answer) is a success: the object is gone, as asked.
        """
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
        earlier = []  # errors of the earlier attempts of this call

        def attempt():
            try:
                return self._send(method, path, url, data, headers, raw, expect)
            except PaletteApiError as err:
                if method == "DELETE" and err.is_not_found and any(is_ambiguous(e) for e in earlier):
                    return None
                earlier.append(err)
                raise

        return self.retry_policy.run(attempt, idempotent, sleep=self.sleep)

    def _headers(self, has_body, raw, tenant):
        headers = {"ApiKey": self._api_key,
                   "Accept": "application/octet-stream, */*" if raw else "application/json"}
        if has_body:
            headers["Content-Type"] = "application/json"
        if self.project_uid and not tenant:
            headers["ProjectUid"] = self.project_uid
        return headers

    def _send(self, method, path, url, data, headers, raw, expect=None):
        self.request_count += 1
        try:
            response = self._http.open(method, url, data=data, headers=headers)
            try:
                status, payload = response.getcode(), response.read()
            finally:
                response.close()
        except HTTPError as exc:
            raise self._http_error(method, path, exc)
        except (OSError, http.client.HTTPException, urls.ConnectionError, ValueError) as exc:
            # ValueError: a malformed URL (palette_host), a header HTTP cannot encode, a TLS name mismatch
            raise connection_error(method, path, self.host, exc, self.timeout)
        if raw:
            return payload
        return answers.parse(method, path, status, payload, expect)

    def _http_error(self, method, path, exc):
        try:
            body = exc.read()
        except (OSError, http.client.HTTPException, AttributeError, ValueError):
            body = b""
        finally:
            exc.close()
        return error_from_response(method, path, exc.code, exc.headers, body)
