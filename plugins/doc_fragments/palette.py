# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # Palette connection options (plugins/module_utils/palette.py palette_argument_spec()), for the modules that call
    # Palette: palette.aws.palette
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
      - A uid (24 hexadecimal digits) is used as is, without any request; a name costs one lookup request per task
        and host. To pay it once per play, resolve the name with the P(palette.aws.palette_project_uid#lookup)
        lookup in a C(set_fact) task at the start of the play and pass the uid in C(module_defaults).
      - When unset, the E(PALETTE_PROJECT) environment variable is used; when that is unset too, calls are
        made in tenant scope.
    type: str
  palette_validate_certs:
    description:
      - Whether to verify the TLS certificate of the Palette API.
      - Set to V(false) only for a trusted host with a self-signed certificate; prefer O(palette_ca_bundle) for a
        Palette whose certificate a private CA signed.
      - When unset, the E(PALETTE_VALIDATE_CERTS) environment variable is used.
      - Independent of O(validate_certs), which applies to the AWS endpoints only.
    type: bool
    default: true
    version_added: 1.0.0
  palette_ca_bundle:
    description:
      - Path of a PEM file with the CA certificates that signed the Palette API certificate (a private CA, a
        TLS-intercepting proxy). It replaces the system CAs for Palette calls; AWS calls are not affected.
      - When unset, the E(PALETTE_CA_BUNDLE) environment variable is used; when that is unset too, the system CAs.
      - The module fails before any request when the file does not exist.
    type: path
    version_added: 1.0.0
  validate_certs:
    description:
      - Whether to verify the TLS certificate of the AWS endpoints, for modules that call AWS.
      - It does not apply to Palette; use O(palette_validate_certs) for Palette.
      - Set to V(false) only for a trusted endpoint with a self-signed certificate.
    type: bool
    default: true
  palette_timeout:
    description:
      - Seconds to wait for an answer to one Palette API call.
      - Calls that fail with HTTP 429, 502, 503, 504 or a dropped connection are retried with exponential backoff
        and jitter, honouring C(Retry-After), for at most 6 attempts and 120 seconds in total; a create is never
        sent twice without first looking the object up by name.
      - A C(Retry-After) longer than 60 seconds is not waited for; the module fails at once, saying how long
        Palette asked to wait.
      - An answer that is empty, cut short, not JSON (an HTML page from a proxy) or not of the shape the call must
        answer with is an error naming the call, never taken for "nothing there".
    type: int
    default: 60
notes:
  - The Palette API is called from the host that runs the module, usually the controller (set C(delegate_to) to C(localhost)).
  - Use C(module_defaults) with C(group/palette.aws.palette) to set the connection options once for all modules.
  - A project given by name in O(palette_project) is looked up by every task on every host. Give its uid instead,
    or resolve the name once per play with
    C(set_fact) and C(lookup('palette.aws.palette_project_uid', 'my-project')) (with C(run_once)) and set
    O(palette_project) to that fact in C(module_defaults) for C(group/palette.aws.palette).
'''

    # The same options on a module that does not call Palette: palette.aws.palette.accepted_only.
    # Every module takes them (PaletteModule), so that one module_defaults block for group/palette.aws.palette can
    # carry both connection sets. validate_certs is the AWS option (Palette has palette_validate_certs).
    ACCEPTED_ONLY = r'''
options:
  palette_host:
    description:
      - Accepted so that C(module_defaults) for C(group/palette.aws.palette) can carry the Palette connection options.
      - Not used by this module, which does not call Palette.
    type: str
  palette_api_key:
    description:
      - Accepted so that C(module_defaults) for C(group/palette.aws.palette) can carry the Palette connection options.
      - Not used by this module, which does not call Palette. Never returned or logged.
    type: str
  palette_project:
    description:
      - Accepted so that C(module_defaults) for C(group/palette.aws.palette) can carry the Palette connection options.
      - Not used by this module, which does not call Palette.
    type: str
  palette_validate_certs:
    description:
      - Accepted so that C(module_defaults) for C(group/palette.aws.palette) can carry the Palette connection options.
      - Not used by this module, which does not call Palette.
    type: bool
    default: true
    version_added: 1.0.0
  palette_ca_bundle:
    description:
      - Accepted so that C(module_defaults) for C(group/palette.aws.palette) can carry the Palette connection options.
      - Not used by this module, which does not call Palette.
    type: path
    version_added: 1.0.0
  validate_certs:
    description:
      - Whether to verify the TLS certificate of the AWS endpoints.
      - The same option as the other modules' O(validate_certs) (AWS only), so a value set in C(module_defaults) for
        C(group/palette.aws.palette) applies to this module too.
      - Set to V(false) only for a trusted endpoint with a self-signed certificate.
    type: bool
    default: true
  palette_timeout:
    description:
      - Accepted so that C(module_defaults) for C(group/palette.aws.palette) can carry the Palette connection options.
      - Not used by this module, which does not call Palette.
    type: int
    default: 60
'''
