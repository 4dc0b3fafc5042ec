# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # Palette connection options (plugins/module_utils/palette.py palette_argument_spec()).
    DOCUMENTATION = r'''
options:
  palette_host:
    description:
      - Host name or URL of the Palette API, for example C(api.spectrocloud.com) or C(https://palette.example.com).
      - Without a scheme, C(https://) is used.
      - When unset, the E(PALETTE_HOST) environment variable is used, then E(SPECTROCLOUD_HOST).
      - Required in the end; the module fails naming this option when no value is found.
    type: str
  palette_api_key:
    description:
      - Palette API key, sent in the C(ApiKey) header.
      - When unset, the E(PALETTE_API_KEY) environment variable is used, then E(SPECTROCLOUD_APIKEY).
      - Required in the end; the module fails naming this option when no value is found.
      - Never returned or logged.
    type: str
  palette_project:
    description:
      - Name or uid of the Palette project to work in; a name is matched first, then a uid.
      - When unset, the E(PALETTE_PROJECT) environment variable is used; when that is unset too, calls are
        made in tenant scope.
    type: str
  validate_certs:
    description:
      - Whether to verify the TLS certificate of the Palette API (and of AWS endpoints, for modules that call AWS).
      - Set to V(false) only for a trusted host with a self-signed certificate.
    type: bool
    default: true
  palette_timeout:
    description:
      - Seconds to wait for an answer to one Palette API call.
      - Calls that fail with HTTP 429, 502, 503, 504 or a dropped connection are retried with exponential backoff
        and jitter, honouring C(Retry-After), for at most 6 attempts and 120 seconds in total; a create is never
        sent twice without first looking the object up by name.
    type: int
    default: 60
notes:
  - The Palette API is called from the host that runs the module, usually the controller (set C(delegate_to) to C(localhost)).
  - Use C(module_defaults) with C(group/palette.aws.palette) to set the connection options once for all modules.
'''
