"""HTTP front end (stdlib ThreadingHTTPServer) and the ``Emulator`` object.

Request pipeline for /v1/...: faults (latency / injected status) -> auth (ApiKey) -> route -> JSON
parse -> strict body validation -> [store lock: tick clock, handler] -> maybe lose response -> log.
Admin routes (/_emulator/...) skip faults, auth and the log.
"""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Importing the api_* modules registers their routes.
from . import admin, api_assets, api_aws, api_cloudconfigs, api_clusters, api_core, api_dashboard, api_rate, api_repave, api_settings, oob  # noqa: F401  pylint: disable=unused-import
from .aws_backing import AwsBacking
from .clock import Clock
from .config import EmulatorConfig
from .faults import FAULT_CODES, Faults, mangle
from .lifecycle import tick
from .reqlog import RequestLog, is_write
from .routing import ROUTES, Request, Response, Router
from .schema import validate_body
from .store import Store, load_seed
from .util import ApiError


class Emulator:
    """A Palette API emulator.  ``Emulator(EmulatorConfig(...)).start()``; ``.url``; ``.stop()``."""

    def __init__(self, config=None, clock=None):
        self.config = config or EmulatorConfig()
        self.clock = clock or Clock()
        self.store = Store(self.clock, self.config)
        self.faults = Faults()
        self.log = RequestLog(self.config.log_limit)
        self.aws = AwsBacking(self.config.aws_endpoint_url) if self.config.aws_endpoint_url else None
        self.router = Router(ROUTES)
        self.tokens = set()
        self._seed = load_seed(self.config.seed_file)
        self._initial_runtime = self.config.runtime_dict()
        self.store.load(self._seed)
        self.httpd = None
        self._thread = None

    # ------------------------------------------------------------------ lifecycle
    def start(self):
        handler = type("Handler", (_Handler,), {"emulator": self})
        self.httpd = ThreadingHTTPServer((self.config.host, self.config.port), handler)
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="palette-emulator", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def port(self):
        return self.httpd.server_address[1]

    @property
    def url(self):
        return "http://%s:%d" % (self.config.host, self.port)

    def reset(self, seed=None):
        """Back to the seed (or a given seed dict): store, runtime config, faults, log and clock offset."""
        with self.store.lock:
            self.config.update(self._initial_runtime)
            if seed is not None:
                self._seed = seed
            self.store.load(self._seed)
            self.faults.set({})
            self.log.clear()
            self.tokens.clear()
            self.clock.advance(-self.clock.offset)

    # ------------------------------------------------------------------ request handling
    def handle_api(self, method, path, query, headers, raw):
        """Returns (Response, lose_mode, fault label or None)."""
        rule = self.faults.response_rule(method, path)
        if rule is not None and rule["kind"] == "html":      # a proxy failed: nothing reaches "Palette"
            status, data, ctype = mangle(rule, 0, b"")
            return Response(status, data, content_type=ctype), None, "html-%d" % status
        status = self.faults.before(method, path)
        if status:
            hdrs = {"Retry-After": self.faults.retry_after()} if status == 429 else {}
            err = ApiError(status, FAULT_CODES[status], "injected fault: %s %s" % (method, path), hdrs)
            return _error(err), None, "injected-%d" % status
        concurrent = False
        try:
            self._authenticate(path, headers)
            fn, params, spec_path, definition, required = self._route(method, path)
            body = None
            if raw:
                try:
                    body = json.loads(raw)
                except ValueError as exc:
                    raise ApiError(400, "BadRequest", "request body is not valid JSON: %s" % exc) from None
            if definition:
                if body is None and (required or method in ("POST", "PUT", "PATCH")):
                    raise ApiError(400, "BadRequest", "request body (%s) is required" % definition)
                if body is not None:
                    errors = validate_body(definition, body)
                    if errors:
                        raise ApiError(400, "InvalidRequest", "invalid %s: %s" % (definition, "; ".join(errors)))
            project = headers.get("ProjectUid") or None
            req = Request(method, path, query, headers, body, raw, project, params)
            with self.store.lock:
                tick(self.store, self.aws)
                self.store.check_project(project)
                concurrent = self._concurrent_writer(method, path, "before")
                resp = fn(self, req)
                concurrent = self._concurrent_writer(method, path, "after") or concurrent
        except ApiError as err:
            resp = _error(err)
        except Exception as exc:  # a bug in the emulator: answer 500 instead of dropping the connection
            import traceback
            traceback.print_exc()
            resp = _error(ApiError(500, "InternalError", "emulator error: %r" % exc))
        lose = None
        if 200 <= resp.status < 300 and is_write(method, path):
            lose = self.faults.lose_after(method, path)
        label = "concurrent" if concurrent else None
        if rule is not None:
            status, data, ctype = mangle(rule, resp.status, _encode(resp.body))
            resp = Response(status, data, resp.headers, content_type=ctype)
            label = ("%s+" % label if label else "") + "response-%s" % rule["kind"]
        return resp, lose, label

    def _concurrent_writer(self, method, path, when):
        """Apply the out-of-band changes of a matching ``concurrent`` fault rule (another writer)."""
        changes = self.faults.concurrent_changes(method, path, when)
        for change in changes:
            try:
                oob.apply(self, change)
            except (ApiError, KeyError, ValueError, TypeError) as exc:
                self.faults.concurrent_error("%s: %s" % (change, exc))
        return bool(changes)

    def _authenticate(self, path, headers):
        if path.rstrip("/") == "/v1/auth/authenticate":
            return
        key = headers.get("ApiKey")
        if key is not None:
            if key == self.config.api_key:
                return
            raise ApiError(401, "Unauthorized", "invalid API key")
        token = headers.get("Authorization")
        if token is not None and token in self.tokens:
            return
        raise ApiError(401, "Unauthorized", "missing or invalid credentials (send header ApiKey)")

    def _route(self, method, path):
        try:
            return self.router.match(method, path)
        except LookupError as exc:
            status = exc.args[0]
            if status == 405:
                raise ApiError(405, "MethodNotAllowed", "%s is not allowed on %s" % (method, path)) from None
            raise ApiError(404, "ResourceNotFound", "no such API path: %s %s" % (method, path)) from None


def _error(err):
    return Response(err.status, err.body(), headers=dict(err.headers))


class _Handler(BaseHTTPRequestHandler):
    emulator = None
    protocol_version = "HTTP/1.1"
    server_version = "PaletteEmulator/1.0"

    def log_message(self, fmt, *args):  # keep stderr quiet
        pass

    def _dispatch(self):
        emu = self.emulator
        parsed = urllib.parse.urlsplit(self.path)
        path = parsed.path
        query = {k: v[0] for k, v in urllib.parse.parse_qs(parsed.query, keep_blank_values=True).items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if path.startswith("/_emulator/") or path == "/_emulator":
            status, body = admin.handle(emu, self.command, path, query, raw)
            return self._send(Response(status, body))
        resp, lose, fault = emu.handle_api(self.command, path, query, self.headers, raw)
        entry = {"method": self.command, "path": path, "query": query, "status": resp.status,
                 "project": self.headers.get("ProjectUid"), "body": _parsed(raw), "write": is_write(self.command, path),
                 "time": emu.clock.now()}
        if fault:
            entry["fault"] = fault
        if lose:
            entry["lost"] = lose
        emu.log.add(entry)
        if lose == "drop":
            self.close_connection = True
            try:
                self.connection.shutdown(2)
            except OSError:
                pass
            return
        if lose:
            return self._send(Response(504, None))
        self._send(resp)

    def _send(self, resp):
        data = _encode(resp.body)
        self.send_response(resp.status)
        if data or resp.status not in (204, 304):
            self.send_header("Content-Type", resp.content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in resp.headers.items():
            self.send_header(k, v)
        self.end_headers()
        if data and self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _dispatch


def _encode(body):
    if body is None:
        return b""
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    return json.dumps(body).encode()


def _parsed(raw):
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")


__all__ = ["Emulator", "EmulatorConfig"]
