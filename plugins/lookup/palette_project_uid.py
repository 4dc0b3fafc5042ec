# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: palette_project_uid
short_description: Resolve a Palette project name to its uid, once per play
version_added: 1.0.0
author:
  - palette.aws maintainers (@palette-aws)
description:
  - Returns the uid of each Palette project named in the terms (a uid given as a term is returned as is, without a
    request).
  - Every palette.aws module given a project B(name) in O(palette.aws.aws_palette_cluster#module:palette_project)
    looks it up on each run (one request per task and host); given the B(uid) it makes no lookup at all. Resolve
    the name once at the start of the play with this lookup and C(set_fact), and pass the uid through
    C(module_defaults); the lookup is then paid once per play instead of once per task.
  - Runs on the controller. Reads the same connection options (and environment variables) as the modules.
options:
  _terms:
    description: Names (or uids) of Palette projects.
    required: true
    type: list
    elements: str
  palette_host:
    description:
      - Host name or URL of the Palette API.
    type: str
    env:
      - name: PALETTE_HOST
      - name: SPECTROCLOUD_HOST
  palette_api_key:
    description:
      - Palette API key. Prefer the environment or a vaulted variable.
    type: str
    env:
      - name: PALETTE_API_KEY
      - name: SPECTROCLOUD_APIKEY
  palette_validate_certs:
    description: Whether to verify the TLS certificate of the Palette API.
    type: bool
    default: true
    env:
      - name: PALETTE_VALIDATE_CERTS
  palette_ca_bundle:
    description: PEM file of the CA certificates that signed the Palette API certificate, instead of the system CAs.
    type: path
    env:
      - name: PALETTE_CA_BUNDLE
  palette_timeout:
    description: Seconds to wait for an answer to one Palette API call.
    type: int
    default: 60
notes:
  - A uid is 24 hexadecimal digits; a project named like a uid cannot be selected by name.
seealso:
  - module: palette.aws.aws_palette_cluster
  - plugin: palette.aws.palette_clusters
    plugin_type: inventory
'''

EXAMPLES = r'''
- name: Fleet play that pays the project lookup once
  hosts: clusters
  gather_facts: false
  module_defaults:
    group/palette.aws.palette:
      palette_project: "{{ palette_project_uid }}"
  tasks:
    - name: Resolve the project once (with run_once the fact is set on every host of the play)
      ansible.builtin.set_fact:
        palette_project_uid: "{{ lookup('palette.aws.palette_project_uid', 'Team-B') }}"
      run_once: true

    - name: Every module now selects the project by uid, without a lookup
      palette.aws.aws_palette_cluster_info:
        cluster: "{{ inventory_hostname }}"
      delegate_to: localhost
'''

RETURN = r'''
_raw:
  description: The uid of each project, in the order of the terms.
  type: list
  elements: str
'''

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

from ansible_collections.palette.aws.plugins.module_utils._api.client import PaletteClient
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteError


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        host, api_key = self.get_option("palette_host"), self.get_option("palette_api_key")
        for option, value in (("palette_host", host), ("palette_api_key", api_key)):
            if not value:
                raise AnsibleLookupError("palette_project_uid: missing %s: set it or its environment variable"
                                         % option)
        try:
            client = PaletteClient(host, api_key, validate_certs=self.get_option("palette_validate_certs"),
                                   timeout=self.get_option("palette_timeout"),
                                   ca_bundle=self.get_option("palette_ca_bundle"))
            uids = []
            for term in terms:
                if not isinstance(term, str) or not term.strip():
                    raise AnsibleLookupError("palette_project_uid: a project name must be a non-empty string, "
                                             "not %r" % (term,))
                uids.append(client.resolve_project(term.strip()))
            return uids
        except PaletteError as err:
            # the key never appears in these messages: it is only sent, in a header
            raise AnsibleLookupError("palette_project_uid: %s" % err)
