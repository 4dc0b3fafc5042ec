# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures for in-process module tests: exit_json / fail_json raise instead of exiting."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
from ansible.module_utils import basic

from ansible_collections.palette.aws.tests.unit.plugins.modules.utils import exit_json, fail_json


@pytest.fixture
def module_exits(monkeypatch):
    """Patch AnsibleModule so exit_json raises AnsibleExitJson and fail_json AnsibleFailJson."""
    monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)


@pytest.fixture(autouse=True)
def _no_palette_env(monkeypatch):
    """Keep the developer's real Palette / AWS settings out of module tests."""
    for name in ("PALETTE_HOST", "PALETTE_API_KEY", "PALETTE_PROJECT", "SPECTROCLOUD_HOST", "SPECTROCLOUD_APIKEY"):
        monkeypatch.delenv(name, raising=False)
