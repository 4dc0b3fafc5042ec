# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Action of ``aws_palette_cluster_info``: one progress line per poll while ``wait_for`` waits.

A module cannot print while it runs. So, for a ``wait_for``, this action runs the module once per poll
(``wait_timeout: 0``: one search request, the state of every awaited cluster) on the controller's schedule
(the collection's waiter) and prints the poll's line; every other call runs the module unchanged.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

from ansible_collections.palette.aws.plugins.module_utils._api.waiter import WaitTimeout, wait_for

display = Display()


def _wait(result):
    return result.get("wait") or {}


def _number(value):
    """``value`` as an int, or None when it is unset or not a number (the module then fails naming the option)."""
    try:
        return None if value in (None, "") else int(value)
    except (TypeError, ValueError):
        return None


def _settled(result):
    """Stop polling when no cluster is pending any more (all ready, or some will never get there), or when the
    module failed otherwise (no ``wait`` in its result: bad input, an API error)."""
    wait = _wait(result)
    return not wait or not wait.get("pending")


class ActionModule(ActionBase):

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = dict(self._task.args)
        module = self._task.resolved_action or self._task.action
        timeout, sleep = _number(args.get("wait_timeout", 3600)), _number(args.get("wait_sleep"))
        # the module itself runs (and validates) anything but a real wait: no wait_for, check mode, async, a
        # timeout of 0 (one poll), or values it will refuse with a message naming the option
        if (not args.get("wait_for") or self._task.check_mode or self._task.async_val or not timeout or timeout < 0
                or (sleep is not None and sleep < 1)):
            result.update(self._execute_module(module_name=module, module_args=args, task_vars=task_vars))
            return result
        host = (task_vars or {}).get("inventory_hostname", "localhost")
        one_poll = dict(args, wait_timeout=0)
        polls = [0]

        def poll():
            polls[0] += 1
            return self._execute_module(module_name=module, module_args=one_poll, task_vars=task_vars)

        def show(value, elapsed):
            line = _wait(value).get("line") or value.get("msg") or ""
            display.display("[%s] palette wait_for %s: %s - %d s" % (host, args["wait_for"], line, elapsed))

        try:
            waited = wait_for(poll, _settled, timeout=timeout, max_interval=sleep, progress=show,
                              describe=lambda value: _wait(value).get("line"),
                              what="clusters to be %s" % args["wait_for"])
        except WaitTimeout as err:
            last = dict(err.last or {})
            last.update(failed=True, msg="timed out after %d s waiting for %s to be %s; last poll: %s"
                        % (timeout, ", ".join(_wait(last).get("pending") or []) or "the clusters",
                           args["wait_for"], _wait(last).get("line")))
            last["wait"] = dict(_wait(last), elapsed=round(err.elapsed, 1), polls=polls[0])
            result.update(last)
            return result
        final = dict(waited.value)
        if _wait(final):
            final["wait"] = dict(_wait(final), elapsed=round(waited.elapsed, 1), polls=waited.polls)
        result.update(final)
        return result
