# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: palette_clusters
short_description: Palette EKS and AWS IaaS clusters as inventory hosts
version_added: 1.0.0
author:
  - palette.aws maintainers (@palette-aws)
description:
  - Lists the clusters of a Palette tenant or project and makes each one an inventory host, named after the cluster.
  - Use it for fleet plays (one cluster per host, tasks with C(delegate_to=localhost)) and as an AWX / Automation
    Controller inventory source.
  - Each host gets the variables C(palette_cluster_name), C(palette_cluster_uid), C(palette_cloud_type), C(palette_state),
    C(palette_health), C(palette_region), C(palette_tags), C(palette_cloud_account_uid) and C(palette_project).
    Secrets are never put into host variables or into the cache.
  - Every value read from Palette (the host variables, also when read from the cache) is marked unsafe on
    every supported ansible-core, so a tag such as C({{ lookup('pipe', 'id') }}) stays text and is never templated.
  - One inventory run costs two API calls plus one per page of 50 clusters, whatever the size of the fleet.
  - The configuration file name must end in C(palette_clusters.yml) or C(palette_clusters.yaml).
extends_documentation_fragment:
  - constructed
  - inventory_cache
options:
  plugin:
    description: Marks the file as a configuration of this plugin.
    required: true
    type: str
    choices: [palette.aws.palette_clusters]
  palette_host:
    description:
      - Host name or URL of the Palette API, for example C(api.spectrocloud.com).
      - Without a scheme, C(https://) is used.
    type: str
    required: true
    env:
      - name: PALETTE_HOST
      - name: SPECTROCLOUD_HOST
  palette_api_key:
    description:
      - Palette API key, sent in the C(ApiKey) header.
      - Prefer the environment (an AWX credential injects it) or a vaulted variable over writing it in the file.
    type: str
    required: true
    env:
      - name: PALETTE_API_KEY
      - name: SPECTROCLOUD_APIKEY
  palette_project:
    description:
      - Name or uid of the Palette project to list clusters from.
      - When unset, clusters are listed in tenant scope.
    type: str
    env:
      - name: PALETTE_PROJECT
  validate_certs:
    description: Whether to verify the TLS certificate of the Palette API.
    type: bool
    default: true
    env:
      - name: PALETTE_VALIDATE_CERTS
  palette_ca_bundle:
    description:
      - Path of a PEM file with the CA certificates that signed the Palette API's certificate (a self-hosted Palette
        with a private CA). When unset, the system CAs are used.
    type: path
    env:
      - name: PALETTE_CA_BUNDLE
    version_added: 1.0.0
  palette_timeout:
    description: Seconds to wait for an answer to one Palette API call.
    type: int
    default: 60
  states:
    description:
      - Only clusters in one of these states (for example C(Running), C(Provisioning), C(Deleting), C(Deleted)).
      - When empty, every cluster that is not C(Deleted) is listed. Deleted clusters stay visible in Palette for 72 hours;
        list C(Deleted) here to see them.
    type: list
    elements: str
    default: []
    choices: [Pending, Provisioning, Running, Deleting, Deleted, Importing, Unknown]
  cloud_types:
    description: Only clusters of these cloud types; C(eks) is EKS, C(aws) is AWS IaaS. When empty, both.
    type: list
    elements: str
    choices: [eks, aws]
    default: []
  tags:
    description:
      - Only clusters that carry all of these tags (Palette cluster tags, C(metadata.labels)).
      - A tag given with an empty value matches any value of that key.
    type: dict
    default: {}
'''

EXAMPLES = r'''
# fleet.palette_clusters.yml: every Running EKS cluster of the Default project, grouped by region and tag.
# Connection details come from PALETTE_HOST / PALETTE_API_KEY (an AWX credential injects them).
plugin: palette.aws.palette_clusters
palette_project: Default
states: [Running]
cloud_types: [eks]
keyed_groups:
  - key: palette_region
    prefix: region
  - key: palette_tags.env | default('none')
    prefix: env
  - key: palette_cloud_type
    prefix: palette
groups:
  unhealthy: palette_health != 'Healthy'
compose:
  # clusters are not SSH hosts: run everything locally
  ansible_connection: "'local'"
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/palette_inventory
cache_timeout: 300

# Then:  ansible-inventory -i fleet.palette_clusters.yml --graph
'''

import hashlib
import json

from ansible.errors import AnsibleParserError
from ansible.module_utils.common.text.converters import to_native
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.client import PaletteClient
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteError
from ansible_collections.palette.aws.plugins.module_utils._api.lookup import search_cluster_summaries

FILE_SUFFIXES = ("palette_clusters.yml", "palette_clusters.yaml")


def _tags(labels):
    # Palette stores a bare tag "k" as k=spectro__tag (Terraform provider convention); show it as "".
    return dict((k, "" if v == "spectro__tag" else v) for k, v in (labels or {}).items())


def cluster_record(summary, meta):
    """Host variables of one cluster from its search summary and its dashboard meta entry."""
    metadata = summary.get("metadata") or {}
    spec = summary.get("specSummary") or {}
    status = summary.get("status") or {}
    meta_spec = (meta or {}).get("spec") or {}
    return {
        "palette_cluster_name": metadata.get("name"),
        "palette_cluster_uid": metadata.get("uid"),
        "palette_cloud_type": (spec.get("cloudConfig") or {}).get("cloudType") or meta_spec.get("cloudType"),
        "palette_state": status.get("state"),
        "palette_health": (status.get("health") or {}).get("state"),
        "palette_region": meta_spec.get("cloudRegion") or None,
        "palette_tags": _tags(metadata.get("labels")),
        "palette_cloud_account_uid": (spec.get("cloudAccountMeta") or {}).get("uid") or meta_spec.get("cloudAccountUid"),
        "palette_project": (spec.get("projectMeta") or {}).get("name") or None,
    }


def wanted(record, states, cloud_types, tags):
    """Client-side filters (cheap; the API's own filters differ between Palette versions)."""
    if states and record["palette_state"] not in states:
        return False
    if not states and record["palette_state"] == "Deleted":
        return False
    if cloud_types and record["palette_cloud_type"] not in cloud_types:
        return False
    for key, value in (tags or {}).items():
        if key not in record["palette_tags"]:
            return False
        if value not in (None, "") and record["palette_tags"][key] != str(value):
            return False
    return True


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = "palette.aws.palette_clusters"

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(FILE_SUFFIXES)

    def _option(self, name):
        value = self.get_option(name)
        # Values such as "{{ lookup('env', 'X') }}" or vaulted variables are templated here.
        if isinstance(value, str) and self.templar.is_template(value):
            value = self.templar.template(value)
        return value

    def _connection(self):
        host, api_key = self._option("palette_host"), self._option("palette_api_key")
        if not host or not api_key:
            raise AnsibleParserError("palette.aws.palette_clusters needs palette_host and palette_api_key "
                                     "(or the PALETTE_HOST and PALETTE_API_KEY environment variables)")
        return host, api_key, self._option("palette_project") or None

    def _cache_key(self, path, host, project, include_deleted):
        # Same file, other Palette or project (env vars differ) => other cache entry. Never the API key.
        scope = hashlib.sha256(json.dumps([host, project, include_deleted]).encode("utf-8")).hexdigest()[:10]
        return "%s_%s" % (self.get_cache_key(path), scope)

    def fetch(self, host, api_key, project, include_deleted):
        """All clusters as host-variable dicts: the search pages plus one meta call for the regions."""
        client = PaletteClient(host, api_key, project=project, validate_certs=self.get_option("validate_certs"),
                               timeout=self.get_option("palette_timeout"),
                               ca_bundle=self._option("palette_ca_bundle") or None)
        try:
            summaries = search_cluster_summaries(client, include_deleted=include_deleted)
            metas = client.get(paths.CLUSTERS_META) or []
        except PaletteError as err:
            raise AnsibleParserError("palette.aws.palette_clusters: cannot list clusters: %s" % to_native(err))
        if isinstance(metas, dict):  # some Palette versions wrap the list
            metas = metas.get("items") or []
        by_uid = dict(((m.get("metadata") or {}).get("uid"), m) for m in metas)
        summaries = sorted(summaries, key=lambda s: (s.get("metadata") or {}).get("name") or "")
        return [cluster_record(s, by_uid.get((s.get("metadata") or {}).get("uid"))) for s in summaries]

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache=cache)
        self._read_config_data(path)
        host, api_key, project = self._connection()
        states = self.get_option("states") or []
        include_deleted = "Deleted" in states
        key = self._cache_key(path, host, project, include_deleted)

        use_cache = self.get_option("cache") and cache
        update_cache = self.get_option("cache") and not cache
        records = None
        if use_cache:
            try:
                records = self._cache[key]
            except KeyError:
                update_cache = True
        if records is None:
            records = self.fetch(host, api_key, project, include_deleted)
        if update_cache:
            self._cache[key] = records
        self.populate(records, states, self.get_option("cloud_types"), self.get_option("tags"))

    def populate(self, records, states, cloud_types, tags):
        strict = self.get_option("strict")
        for record in records:
            if not wanted(record, states, cloud_types, tags):
                continue
            name = record["palette_cluster_name"]
            if name in self.inventory.hosts:
                # Two clusters with one name (other projects in tenant scope): keep both, tell them apart by uid.
                name = "%s_%s" % (name, record["palette_cluster_uid"])
            # Palette data is untrusted: unsafe values are never templated (compose, groups, plays), on every
            # ansible-core from 2.16 on (2.19 also tags untrusted data itself; wrapping is harmless there). The host
            # name stays a plain string: Palette allows only a DNS-1123 label (and the uid is hex), so it cannot hold
            # a template, and ansible-core 2.16 would list a wrapped name as {"__ansible_unsafe": ...} in the
            # groups of ansible-inventory --list, which AWX cannot import.
            self.inventory.add_host(name)
            for var, value in record.items():
                self.inventory.set_variable(name, var, wrap_var(value))
            hostvars = self.inventory.get_host(name).get_vars()
            self._set_composite_vars(self.get_option("compose"), hostvars, name, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), hostvars, name, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), hostvars, name, strict=strict)
