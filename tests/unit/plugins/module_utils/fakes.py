# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The unit tests' shared fakes (issue 10 item 6): one clock, one module, one transport, one client.

* ``FakeClock``: a monotonic clock that only moves when the code under test sleeps (``clock.sleep``).
* ``FakeModule``: what flows and helpers use of a PaletteModule (params, check_mode, read*/write, wait, log/warn,
  fail_json), answering reads from a table and recording every call.
* ``FakeTransport``: stands in for the HTTP layer of a real PaletteClient (``client._http``): scripted answers
  (status, body bytes, headers) or exceptions, every request recorded. ``fake_client()`` builds such a client.
* ``FakeClient``: a client-shaped double for lookups (GET answers by path, paginate lists by path).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import io
import json
from collections import namedtuple
from urllib.error import HTTPError

from ansible_collections.palette.aws.plugins.module_utils._api.client import PaletteClient
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError
from ansible_collections.palette.aws.plugins.module_utils._api.retry import RetryPolicy
from ansible_collections.palette.aws.plugins.module_utils.palette import PaletteModule


class FakeClock:
    """Monotonic clock that only moves when the code under test sleeps.

    ``positive=True`` makes a pause of 0 or less a test failure (a waiter must never busy-loop).
    """

    def __init__(self, positive=False):
        self.now = 0.0
        self.sleeps = []
        self.positive = positive

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        if self.positive:
            assert seconds > 0, "slept %r s" % seconds
        self.sleeps.append(seconds)
        self.now += seconds


class ModuleFailed(Exception):
    """FakeModule.fail_json was called; ``result`` holds its keyword arguments (msg included)."""

    def __init__(self, result):
        super(ModuleFailed, self).__init__(result.get("msg"))
        self.result = result


class FakeModule:
    """Just what the flows use of a PaletteModule.

    ``answers`` maps a path to the value a read returns (an Exception instance is raised); ``answer`` is the value
    of every other read (default: a 404). ``write_error(method, path, query)`` may return an exception to raise
    for a write. ``wait`` is the real ``PaletteModule.wait`` (it only uses params and check_mode).
    """

    wait = PaletteModule.wait

    def __init__(self, params=None, check_mode=False, answers=None, answer=None, write_error=None):
        self.params = {"wait_sleep": None, "wait_timeout": 60}
        self.params.update(params or {})
        self.check_mode = check_mode
        self.answers = dict(answers or {})
        self.answer = answer
        self.write_error = write_error
        self.reads = []
        self.writes = []
        self.logs = []
        self.warnings = []
        self.no_log_values = set()

    def _answer(self, path):
        value = self.answers.get(path, self.answer)
        if value is None and path not in self.answers:
            value = PaletteApiError(404, "ResourceNotFound", "missing", method="GET", path=path)
        if isinstance(value, Exception):
            raise value
        return value

    def read(self, path, query=None, expect=None):
        self.reads.append((path, query))
        return self._answer(path)

    read_object = read

    def read_or_none(self, path, query=None, expect="object"):
        try:
            return self.read(path, query)
        except PaletteApiError as err:
            if err.is_not_found:
                return None
            raise

    def write(self, method, path, body=None, query=None, idempotent=None):
        if self.check_mode:
            return None
        error = self.write_error(method, path, query) if self.write_error else None
        if error is not None:
            raise error
        self.writes.append((method, path, query))
        return None

    def log(self, text):
        self.logs.append(text)

    def warn(self, text):
        self.warnings.append(text)
        self.logs.append(text)

    def fail_json(self, **kwargs):
        raise ModuleFailed(kwargs)


# -- HTTP ----------------------------------------------------------------------------------------------

Sent = namedtuple("Sent", ["method", "url", "data", "headers"])


class _Response:
    def __init__(self, status, body):
        self.status = status
        self._body = body

    def getcode(self):
        return self.status

    def read(self):
        return self._body

    def close(self):
        pass


def reply(status=200, body=None, headers=None):
    """An answer for FakeTransport: ``body`` a dict/list (sent as JSON), str or bytes (sent as is), or None."""
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
    if isinstance(body, str):
        body = body.encode("utf-8")
    return (status, body or b"", dict(headers or {}))


class FakeTransport:
    """Replaces ``PaletteClient._http``: each ``open`` takes the next scripted answer.

    An answer is ``reply(...)`` (a 4xx/5xx status becomes the HTTPError urllib raises) or an exception to raise.
    """

    def __init__(self, *answers):
        self.answers = list(answers)
        self.sent = []

    def push(self, *answers):
        self.answers.extend(answers)

    def open(self, method, url, data=None, headers=None):
        self.sent.append(Sent(method, url, data, dict(headers or {})))
        if not self.answers:
            raise AssertionError("unexpected request %s %s" % (method, url))
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        status, body, headers = answer
        if status >= 400:
            raise HTTPError(url, status, "error", headers, io.BytesIO(body))
        return _Response(status, body)


def fake_client(*answers, **kwargs):
    """(PaletteClient on a FakeTransport, the transport, the FakeClock it sleeps on); backoff at its ceiling."""
    clock = FakeClock()
    kwargs.setdefault("retry_policy", RetryPolicy(clock=clock, rand=lambda: 1.0))
    client = PaletteClient("https://palette.example.com", kwargs.pop("api_key", "k"), sleep=clock.sleep, **kwargs)
    transport = FakeTransport(*answers)
    client._http = transport
    return client, transport, clock


class FakeClient:
    """Answers GETs from ``objects`` (path -> value; missing = 404) and paginate from ``lists``."""

    def __init__(self, objects=None, lists=None):
        self.objects = objects or {}
        self.lists = lists or {}
        self.calls = []

    def get(self, path, query=None, expect=None):
        self.calls.append(("GET", path, None))
        if path not in self.objects:
            raise PaletteApiError(404, "ResourceNotFound", "missing", method="GET", path=path)
        return self.objects[path]

    def get_items(self, path, query=None):
        return self.get(path, query, expect="items").get("items") or []

    def paginate(self, method, path, body=None, query=None):
        self.calls.append((method, path, body))
        return self.lists.get(path, [])

    def resolve_project(self, name_or_uid):
        return "uid-of-" + name_or_uid
