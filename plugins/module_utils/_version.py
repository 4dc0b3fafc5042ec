# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Collection version, sent in the user agent. Keep in step with galaxy.yml."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

COLLECTION_NAME = "palette.aws"
COLLECTION_VERSION = "1.0.0"
