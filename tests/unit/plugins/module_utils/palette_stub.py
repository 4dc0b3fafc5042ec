# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A tiny scripted HTTP server on 127.0.0.1 for client tests.

Answers come from a queue (``push``), else from ``routes[(METHOD, path)]``, else 404.
An answer is ``Answer(status, body, headers)``, ``DROP`` (close without answering) or ``Hang(seconds)``.
Every request is recorded in ``requests``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import threading
import time
from collections import namedtuple
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

Answer = namedtuple("Answer", ["status", "body", "headers"])
Seen = namedtuple("Seen", ["method", "path", "query", "headers", "body"])
DROP = "drop"


class Hang:
    def __init__(self, seconds):
        self.seconds = seconds


def answer(status=200, body=None, headers=None):
    return Answer(status, body, headers or {})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, fmt, *args):  # quiet
        pass

    def _handle(self):
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        seen = Seen(self.command, parts.path, parse_qs(parts.query), self.headers, body)  # case-insensitive
        stub = self.server.stub
        stub.requests.append(seen)
        reply = stub.next_answer(seen)
        if reply == DROP:
            self.close_connection = True
            return
        if isinstance(reply, Hang):
            time.sleep(reply.seconds)
            return
        self._reply(reply)

    def _reply(self, reply):
        data = reply.body
        if isinstance(data, (dict, list)):
            data = json.dumps(data).encode("utf-8")
        elif isinstance(data, str):
            data = data.encode("utf-8")
        self.send_response(reply.status)
        for key, value in reply.headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data or b"")))
        self.end_headers()
        if data:
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle


class StubPalette:
    def __init__(self):
        self.queue = []
        self.routes = {}
        self.requests = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.stub = self
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self._server.server_address[1]

    def push(self, *replies):
        self.queue.extend(replies)

    def next_answer(self, seen):
        if self.queue:
            return self.queue.pop(0)
        route = self.routes.get((seen.method, seen.path))
        if callable(route):
            return route(seen)
        if route is not None:
            return route
        return answer(404, {"code": "ResourceNotFound", "message": "no route %s %s" % (seen.method, seen.path)})

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
