# -*- coding: utf-8 -*-
"""Benchmark callback: append each task's start and end (wall clock) as a JSON line to $PALETTE_TASK_TIMES_FILE."""

from __future__ import annotations

DOCUMENTATION = """
name: task_timer
type: aggregate
short_description: record task start and end times as JSON lines for the benchmarks
description:
  - Appends one JSON object per host result (task name, host, status, start, end, as time.time() values) to
    the file named by the environment variable C(PALETTE_TASK_TIMES_FILE). Used by tests/bench/run.py.
requirements:
  - enable in ANSIBLE_CALLBACKS_ENABLED
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "task_timer"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self._path = os.environ.get("PALETTE_TASK_TIMES_FILE")
        self._started = {}

    def _start(self, task):
        self._started[task._uuid] = time.time()

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._start(task)

    def v2_runner_on_start(self, host, task):
        # per host: with forks, hosts of one task start at different times
        self._started[(task._uuid, host.get_name())] = time.time()

    def _write(self, result, status):
        if not self._path:
            return
        task, host = result._task, result._host.get_name()
        start = self._started.get((task._uuid, host), self._started.get(task._uuid))
        entry = {"task": task.get_name(), "host": host, "status": status, "start": start, "end": time.time()}
        with open(self._path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry) + "\n")

    def v2_runner_on_ok(self, result):
        self._write(result, "changed" if result._result.get("changed") else "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._write(result, "failed")

    def v2_runner_on_skipped(self, result):
        self._write(result, "skipped")
