# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # wait / wait_timeout / wait_sleep (plugins/module_utils/palette.py wait_argument_spec()).
    DOCUMENTATION = r'''
options:
  wait:
    description:
      - Whether to wait until the operation has finished before returning.
      - In check mode the module never waits.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true).
      - On timeout the module fails and reports the last state it observed and the states it saw on the way.
    type: int
    default: 3600
  wait_sleep:
    description:
      - Longest pause, in seconds, between two status checks while waiting.
      - Checks start 2 seconds apart and the pause grows by half each time, up to this value; after a change of
        state (for example C(Running) before C(Healthy)) the next check comes within 10 seconds.
      - When unset, the longest pause is 15 seconds, or O(wait_timeout) divided by 30 when that is longer (at most
        30 seconds), which keeps a long wait light on the API. Where the module knows how long the operation
        usually takes, checks are sparser (up to twice that pause) well before that time and every 15 seconds
        around it; a value set here is never exceeded.
    type: int
'''
