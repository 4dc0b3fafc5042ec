"""A counting HTTP proxy in front of the moto server: which AWS calls did the modules make?

Used by the benchmark (calls per task) and by the reliability suites (no AWS write in check mode or on bad
input).

Modules run in their own processes, so the calls cannot be counted in-process; instead the playbook's
AWS_ENDPOINT_URL points here. Each request is forwarded unchanged to moto and recorded with its time,
AWS service (from the SigV4 credential scope) and operation (the ``Action`` form field of query APIs
such as EC2/ELB/IAM/STS, or the ``X-Amz-Target`` header of JSON APIs such as KMS). The emulator's own AWS
side effects go straight to moto and are not counted.
"""

import http.client
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade"}
READ_PREFIXES = ("Describe", "Get", "List")


def is_aws_write(call):
    """Every AWS operation that is not a Describe*/Get*/List* (or a GET of a REST API) may change something."""
    if not call["operation"]:
        return call["method"] not in ("GET", "HEAD")
    return not call["operation"].startswith(READ_PREFIXES)


def describe(headers, body):
    """(service, operation) of an AWS API request."""
    auth = headers.get("Authorization") or ""
    service = ""
    if "Credential=" in auth:
        scope = auth.split("Credential=", 1)[1].split(",", 1)[0].split("/")
        service = scope[3] if len(scope) > 3 else ""
    target = headers.get("X-Amz-Target")
    if target:
        return service, target.rsplit(".", 1)[-1]
    if body:
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        if form.get("Action"):
            return service, form["Action"][0]
    return service, ""


class CountingProxy:
    def __init__(self, target_url):
        parsed = urllib.parse.urlsplit(target_url)
        self.target = (parsed.hostname, parsed.port)
        self.calls = []
        self.lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"proxy": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="counting-proxy", daemon=True)

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def record(self, entry):
        with self.lock:
            self.calls.append(entry)

    def writes(self):
        with self.lock:
            return [c for c in self.calls if is_aws_write(c)]

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def between(self, start, end):
        with self.lock:
            return [c for c in self.calls if start <= c["time"] <= end]

    def clear(self):
        with self.lock:
            del self.calls[:]


class _Handler(BaseHTTPRequestHandler):
    proxy = None
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def _forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        service, operation = describe(self.headers, body)
        self.proxy.record({"time": time.time(), "service": service, "operation": operation, "method": self.command})
        headers = dict((k, v) for k, v in self.headers.items() if k.lower() not in _HOP_HEADERS)
        conn = http.client.HTTPConnection(*self.proxy.target, timeout=120)
        try:
            conn.request(self.command, self.path, body=body or None, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            self.send_response(resp.status)
            for key, value in resp.getheaders():
                if key.lower() not in _HOP_HEADERS and key.lower() != "content-length":
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
        finally:
            conn.close()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _forward
