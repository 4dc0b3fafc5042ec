# -*- coding: utf-8 -*-
"""Test-harness callback: append every task result as one JSON line to $PALETTE_TEST_RESULTS_FILE."""

from __future__ import annotations

DOCUMENTATION = """
name: json_results
type: aggregate
short_description: record task results as JSON lines for the pytest harness
description:
  - Appends one JSON object per task result (task name, host, status, result) to the file named by
    the environment variable C(PALETTE_TEST_RESULTS_FILE). Used by tests/conftest.py run_playbook.
requirements:
  - enable in ANSIBLE_CALLBACKS_ENABLED
"""

import json
import os

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "json_results"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self._path = os.environ.get("PALETTE_TEST_RESULTS_FILE")
        self._play = None

    def _write(self, result, status):
        if not self._path:
            return
        res = dict(result._result)
        entry = {
            "play": self._play,
            "task": result._task.get_name(),
            "action": result._task.action,
            "host": result._host.get_name(),
            "status": status,
            "result": res,
        }
        with open(self._path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, default=str) + "\n")

    def v2_playbook_on_play_start(self, play):
        self._play = play.get_name()

    def v2_runner_on_ok(self, result):
        self._write(result, "changed" if result._result.get("changed") else "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._write(result, "failed")

    def v2_runner_on_skipped(self, result):
        self._write(result, "skipped")

    def v2_runner_on_unreachable(self, result):
        self._write(result, "unreachable")
