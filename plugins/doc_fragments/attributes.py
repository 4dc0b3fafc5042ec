# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # Modules that change things: palette.aws.attributes
    DOCUMENTATION = r'''
attributes:
  check_mode:
    description: Can run in check mode and return the changed status and the predicted object without modifying anything.
    support: full
  diff_mode:
    description: Returns the managed, normalised fields before and after the change in diff mode; secrets are never shown.
    support: full
  platform:
    description: Calls the Palette (and AWS) APIs from the host that runs the module.
    support: full
    platforms: palette
  action_group:
    description: Use C(group/palette.aws.palette) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - palette.aws.palette
'''

    # Read-only modules: palette.aws.attributes.info_module
    INFO_MODULE = r'''
attributes:
  check_mode:
    description: Only reads; runs the same way in check mode.
    support: full
  diff_mode:
    description: Changes nothing, so there is no diff.
    support: N/A
  platform:
    description: Calls the Palette (and AWS) APIs from the host that runs the module.
    support: full
    platforms: palette
  action_group:
    description: Use C(group/palette.aws.palette) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - palette.aws.palette
'''
