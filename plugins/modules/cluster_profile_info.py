#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: cluster_profile_info
short_description: Find Palette cluster profiles
version_added: 1.0.0
author:
  - palette.aws maintainers (@palette-aws)
description:
  - Lists the cluster profiles visible in the selected scope (O(palette_project), else the tenant), filtered by name,
    version, cloud type and profile type, for example to pick the infrastructure profile of a new cluster.
  - Names, versions and cloud types are matched exactly; every given filter must match.
options:
  name:
    description: Profile name (exact, case-sensitive).
    type: str
  version:
    description: Profile version, for example C(1.0.0).
    type: str
  cloud_type:
    description:
      - Cloud type of the profile, for example C(eks) (EKS infrastructure profiles) or C(aws) (AWS IaaS).
      - Cloud-agnostic add-on profiles have the cloud type C(all).
    type: str
  profile_type:
    description: Profile type.
    type: str
    choices: [cluster, infra, add-on, system]
extends_documentation_fragment:
  - palette.aws.palette
  - palette.aws.aws.accepted_only
  - palette.aws.attributes.info_module
seealso:
  - module: palette.aws.aws_palette_cluster
  - name: Palette docs, cluster profiles
    description: What cluster profiles are and how to create them.
    link: https://docs.spectrocloud.com/profiles/cluster-profiles/
'''

EXAMPLES = r'''
- name: Find every version of the EKS infrastructure profile
  palette.aws.cluster_profile_info:
    name: eks-infra
    cloud_type: eks
    profile_type: infra
  register: found

- name: Use the newest one
  ansible.builtin.set_fact:
    infra_profile_version: "{{ found.profiles[0].versions | last }}"
  when: found.profiles | length > 0
'''

RETURN = r'''
profiles:
  description: The matching profiles, sorted by name then version; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    uid:
      description: Uid of this profile version (what a cluster references).
      type: str
      sample: 6650a1b2c3d4e5f60000aaaa
    name:
      description: Profile name.
      type: str
      sample: eks-infra
    version:
      description: Profile version.
      type: str
      sample: 1.0.0
    cloud_type:
      description: Cloud type (C(eks), C(aws), C(all), ...).
      type: str
      sample: eks
    profile_type:
      description: C(cluster), C(infra), C(add-on) or C(system); null when Palette's search did not describe it.
      type: str
      sample: infra
    scope:
      description: Where the profile is defined (C(project), C(tenant) or C(system)), when Palette says.
      type: str
      sample: project
    packs:
      description: The packs of the published profile.
      type: list
      elements: dict
      sample: [{name: kubernetes-eks, tag: "1.30", layer: k8s, type: spectro}]
    versions:
      description: All versions of the profile with the same name and cloud type, oldest first.
      type: list
      elements: str
      sample: [1.0.0, 1.1.0]
'''

from ansible_collections.palette.aws.plugins.module_utils._flows.cluster_profiles import run  # noqa: E402
from ansible_collections.palette.aws.plugins.module_utils.palette import PaletteModule  # noqa: E402


def main():
    module = PaletteModule(
        argument_spec=dict(
            name=dict(type='str'),
            version=dict(type='str'),
            cloud_type=dict(type='str'),
            profile_type=dict(type='str', choices=['cluster', 'infra', 'add-on', 'system']),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == '__main__':
    main()
