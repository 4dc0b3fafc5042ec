"""A counting HTTP proxy in front of the moto server: which AWS calls did the modules make?

Used by the benchmark (calls per task) and by the reliability suites (no AWS write in check mode or on bad
input).

Modules run in their own processes, so the calls cannot be counted in-process; instead the playbook's
AWS_ENDPOINT_URL points here. Each request is forwarded unchanged to moto and recorded with its time,
AWS service (from the SigV4 credential scope) and operation (the ``Action`` form field of query APIs
such as EC2/ELB/IAM/STS, or the ``X-Amz-Target`` header of JSON APIs such as KMS). The emulator's own AWS
side effects go straight to moto and are not counted.

HTML fault mode (issue 12): ``proxy.answer_html("DescribeVpcs", status=502, count=None)`` makes the proxy answer
that operation itself with an HTML error page (``Content-Type: text/html``, as a load balancer or captive proxy
in front of AWS would) instead of forwarding it; botocore then raises ``ResponseParserError`` (for ``status``
200 too, which botocore does not retry).  ``count`` limits how many calls are answered so (``None`` = all);
``clear_html()`` removes the rules.  Such calls are recorded with ``"fault": "html"``.
"""

import http
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
        self.html_rules = []
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

    def answer_html(self, operation, status=502, count=None, service=None):
        """Answer ``operation`` (e.g. "DescribeVpcs"; optionally only for ``service``) with an HTML page."""
        with self.lock:
            self.html_rules.append({"operation": operation, "service": service, "status": int(status),
                                    "count": count})
        return self

    def clear_html(self):
        with self.lock:
            del self.html_rules[:]

    def html_status(self, service, operation):
        """The status to answer with an HTML page for this call (consumes one of the rule's count), or None."""
        with self.lock:
            for rule in self.html_rules:
                if rule["operation"] != operation or (rule["service"] and rule["service"] != service):
                    continue
                if rule["count"] is not None:
                    if rule["count"] <= 0:
                        continue
                    rule["count"] -= 1
                return rule["status"]
        return None


def _phrase(status):
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Error"


class _Handler(BaseHTTPRequestHandler):
    proxy = None
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def _forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        service, operation = describe(self.headers, body)
        entry = {"time": time.time(), "service": service, "operation": operation, "method": self.command}
        html_status = self.proxy.html_status(service, operation)
        if html_status is not None:
            entry["fault"] = "html"
            self.proxy.record(entry)
            return self._send_html(html_status)
        self.proxy.record(entry)
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

    def _send_html(self, status):
        # a real proxy page: HTML, not XML (unclosed <meta>/<hr>, &nbsp;), so botocore's XML/JSON parsers fail
        page = ("<!DOCTYPE html>\n<html><head><meta charset=utf-8><title>%d %s</title></head>\n<body>"
                "<h1>%d %s</h1><hr>&nbsp;The proxy server received an invalid response from an upstream "
                "server.</body></html>\n" % (status, _phrase(status), status, _phrase(status))).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(page)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _forward
