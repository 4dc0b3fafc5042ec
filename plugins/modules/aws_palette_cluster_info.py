# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: aws_palette_cluster_info
short_description: Find Palette EKS and AWS IaaS clusters, report their state and health, wait for many of them
version_added: 1.0.0
description:
  - Lists the EKS and AWS IaaS clusters of the selected Palette project that match every filter given (all of them
    when no filter is given).
  - "Two levels of detail (O(details)): C(summary) answers from Palette's dashboard search alone, one request per
    page of 50 clusters (plus one request for the regions of all of them), whatever the size of the tenant; C(full)
    adds, for each selected cluster only, the view of M(palette.aws.aws_palette_cluster) (cloud config, node pools
    and each pool's machines): about 5 requests per cluster. The RV(clusters) documentation says which field comes
    from which level."
  - "Waits for many clusters at once (O(wait_for)): a play starts N creates or changes with
    M(palette.aws.aws_palette_cluster) C(wait=false), then one task (C(run_once)) waits for all of them in one poll
    loop that reads their states with one search request per poll. Each poll prints one progress line."
  - Optionally writes the kubeconfig (user, admin or client, O(kubeconfig_type)) of the one matching cluster to a file
    with mode C(0600); the directories it creates get mode C(0700). The kubeconfig is never returned.
author:
  - palette.aws maintainers (@palette-aws)
options:
  cluster:
    description:
      - Name of the cluster.
      - O(details=auto) reads the full view for the one cluster named here (or by O(uid)).
    type: str
    aliases: [name]
  uid:
    description:
      - Uid of the cluster.
    type: str
  clusters:
    description:
      - Names or uids of several clusters (a fleet); a cluster matches when it has one of them.
      - The clusters a O(wait_for) waits for.
    type: list
    elements: str
    version_added: 1.0.0
  tags:
    description:
      - Tags the clusters must all carry, with these values (an empty value matches a key-only tag).
    type: dict
  states:
    description:
      - States the clusters must be in (any of them), for example C(Running) or C(Deleting).
      - Deleted clusters are listed only when C(Deleted) is one of them.
      - A value that is not a state Palette reports fails the module (a typo would otherwise match nothing).
    type: list
    elements: str
    choices: [Pending, Provisioning, Running, Deleting, Deleted, Importing, Unknown]
  cloud_types:
    description: Only clusters of these cloud types; C(eks) is EKS, C(aws) is AWS IaaS. When empty, both.
    type: list
    elements: str
    choices: [eks, aws]
    version_added: 1.0.0
  details:
    description:
      - C(summary) reads only the dashboard search (one request per 50 clusters, plus one for the regions).
      - C(full) also reads, for each selected cluster, the cluster, its overview, its cloud config and the machines
        of each pool (what the deploy role and drift checks use).
      - C(auto) is C(full) when one cluster is named by O(cluster) or O(uid) (what single-cluster plays read), and
        C(summary) for lists, O(clusters) and O(wait_for).
    type: str
    choices: [auto, summary, full]
    default: auto
    version_added: 1.0.0
  wait_for:
    description:
      - Wait until every cluster named by O(cluster), O(uid) or O(clusters) meets this condition, reading them all
        with one search request per poll.
      - C(running) is state C(Running), health C(Healthy) and every machine of every pool ready; it stops at once
        when a cluster is missing or goes C(Deleting) or C(Deleted).
      - C(deleted) is state C(Deleted) or no longer found.
      - Fails after O(wait_timeout) seconds with RV(wait) telling which clusters are still pending.
      - One progress line per poll is printed (state, health and ready machines of one cluster, or counts per state
        for a fleet). C(wait_timeout=0) polls once and reports where the wait stands.
      - In check mode the clusters are read once and nothing is awaited.
    type: str
    choices: [running, deleted]
    version_added: 1.0.0
  wait_timeout:
    description: Seconds O(wait_for) waits at most.
    type: int
    default: 3600
    version_added: 1.0.0
  wait_sleep:
    description:
      - Longest pause in seconds between two polls of O(wait_for). By default the pause grows from 2 s up to a cap
        that depends on O(wait_timeout).
    type: int
    version_added: 1.0.0
  kubeconfig_path:
    description:
      - Write the kubeconfig of the matching cluster to this file, with mode C(0600); exactly one cluster must match.
      - Missing directories are created with mode C(0700), whatever the umask.
      - The file is rewritten only when its content differs; a file with the same content and another mode gets mode
        C(0600). The task is C(changed) when the file is written or its mode fixed. In check mode nothing is written.
      - Palette serves a kubeconfig once the cluster is C(Running).
    type: path
  kubeconfig_type:
    description:
      - Which kubeconfig O(kubeconfig_path) receives.
      - C(user) is the cluster's kubeconfig (C(/assets/kubeconfig)).
      - C(admin) is the admin kubeconfig (C(/assets/adminKubeconfig)), as Terraform's C(admin_kube_config).
      - C(client) is the kubeconfig client file (C(/assets/kubeconfigclient)), the kubeconfig without a credential of
        its own for users who log in through the cluster's OIDC provider; use it where Palette deprecates the plain
        download.
    type: str
    choices: [user, admin, client]
    default: user
    version_added: 1.0.0
  cost_estimate:
    description:
      - Add Palette's rate estimate of each matching cluster (C(GET /v1/spectroclusters/{uid}/rate), hourly and
        monthly) to its entry as C(cost_estimate). One request per period and cluster, so keep the selection small.
    type: bool
    default: false
    version_added: 1.0.0
extends_documentation_fragment:
  - palette.aws.palette
  - palette.aws.aws.accepted_only
  - palette.aws.attributes.info_module
seealso:
  - module: palette.aws.aws_palette_cluster
  - module: palette.aws.node_pool
  - plugin: palette.aws.palette_clusters
    plugin_type: inventory
  - name: Palette cluster management
    description: Cluster states, health and the kubeconfig in Palette.
    link: https://docs.spectrocloud.com/clusters/cluster-management/
'''

EXAMPLES = r'''
- name: One cluster by name (full view, with node pools and machines)
  palette.aws.aws_palette_cluster_info:
    cluster: eks-demo
  register: info

- name: Every cluster of the project, state and health only (one request per 50 clusters)
  palette.aws.aws_palette_cluster_info:
  register: all_clusters

- name: Running production clusters
  palette.aws.aws_palette_cluster_info:
    tags:
      env: prod
    states: [Running]

- name: Start the creates of a fleet without waiting (one host per cluster)
  palette.aws.aws_palette_cluster:
    name: "{{ inventory_hostname }}"
    cloud_type: eks
    cloud_account: aws-prod
    region: us-east-1
    cluster_profiles: [{name: eks-infra, version: 1.0.0}]
    node_pools: [{name: workers, instance_type: t3.large, count: 2, azs: [us-east-1a]}]
    wait: false
  delegate_to: localhost

- name: Wait for all of them in one poll loop (one search request per poll, one line per poll)
  palette.aws.aws_palette_cluster_info:
    clusters: "{{ ansible_play_batch }}"
    wait_for: running
    wait_timeout: 3600
  run_once: true
  delegate_to: localhost

- name: Save the admin kubeconfig
  palette.aws.aws_palette_cluster_info:
    cluster: eks-demo
    kubeconfig_path: "{{ lookup('env', 'HOME') }}/.kube/eks-demo-admin.yaml"
    kubeconfig_type: admin

- name: What does the cluster cost? (Palette's rate estimate)
  palette.aws.aws_palette_cluster_info:
    cluster: eks-demo
    details: summary
    cost_estimate: true
  register: priced

- name: Show the monthly estimate
  ansible.builtin.debug:
    msg: "{{ priced.clusters[0].cost_estimate.monthly.total }} per month"
'''

RETURN = r'''
clusters:
  description:
    - The matching clusters, sorted by name.
    - "Fields marked I(summary) come from the dashboard search (every level); fields marked I(full) only with
      C(details=full) (see O(details)); they are shaped like the C(cluster) result of
      M(palette.aws.aws_palette_cluster)."
  returned: always
  type: list
  elements: dict
  contains:
    details:
      description: The level this entry was read at, C(summary) or C(full).
      type: str
      sample: summary
    uid:
      description: Cluster uid (summary).
      type: str
      sample: 6650a1b2c3d4e5f60000abcd
    name:
      description: Cluster name (summary).
      type: str
      sample: eks-demo
    cloud_type:
      description: C(eks) or C(aws) (summary).
      type: str
      sample: eks
    state:
      description: Palette state (summary).
      type: str
      sample: Running
    health:
      description: Health (summary; with C(full) from the cluster overview), null when unknown.
      type: str
      sample: Healthy
    region:
      description:
        - AWS region (summary, from one dashboard meta request for all clusters; with C(full) from the cloud
          config). Null in the result of a O(wait_for), which reads only the search.
      type: str
      sample: us-east-1
    tags:
      description: Cluster tags (summary).
      type: dict
      sample: {"env": "prod"}
    cloud_account_uid:
      description: Uid of the cloud account (summary).
      type: str
      sample: 6650a1b2c3d4e5f601234567
    cloud_account_name:
      description: Name of the cloud account (summary).
      type: str
      sample: aws-prod
    cloud_config_uid:
      description: Uid of the cloud config (summary).
      type: str
      sample: 6650a1b2c3d4e5f60000ef01
    project:
      description: Name of the Palette project of the cluster (summary); null in tenant scope.
      type: str
      sample: Default
    created:
      description: Creation time (summary).
      type: str
      sample: "2026-05-24T10:00:00.000Z"
    machines_wanted:
      description: Machines the pools of the cluster should have, summed over its pools (summary).
      type: int
      sample: 3
    machines_ready:
      description: Machines that are up, summed over its pools (summary).
      type: int
      sample: 3
    repave_state:
      description: Repave approval state, for example C(Approved) or C(Pending) (summary).
      type: str
      sample: Approved
    cost_estimate:
      description:
        - Palette's rate estimate of the cluster, with O(cost_estimate=true) only; C(hourly) and C(monthly) each hold
          C(compute), C(storage) and C(total); C(pools) lists C(name), C(nodes), C(hourly) and C(monthly) per pool.
      returned: when O(cost_estimate=true)
      type: dict
      sample: {"hourly": {"compute": 0.19, "storage": 0.02, "total": 0.21}, "monthly": {"total": 153.3}, "pools": []}
      version_added: 1.0.0
    api_endpoints:
      description:
        - Kubernetes API server endpoints (C(host:port)) Palette reports once the cluster is provisioned (full).
      type: list
      elements: str
      sample: ["eks-demo-apiserver-1234.us-east-1.elb.amazonaws.com:443"]
    vpc_id:
      description: VPC of a cluster with static placement (full).
      type: str
      sample: vpc-0a1b2c3d4e5f67890
    endpoint_access:
      description: EKS endpoint access mode (full).
      type: str
      sample: public
    encryption:
      description: EKS secrets encryption, with C(enabled) and C(kms_key_arn) (full).
      type: dict
      sample: {"enabled": false, "kms_key_arn": null}
    fargate_profiles:
      description: Fargate profiles (full).
      type: list
      elements: dict
      sample: []
    node_pools:
      description: Node pools, each with the option names of M(palette.aws.node_pool) and C(machines) (full).
      type: list
      elements: dict
      contains:
        machines:
          description: Machines of the pool, each with C(name), C(uid), C(state), C(health) and C(ready).
          type: list
          elements: dict
          sample: [{"name": "workers-1a2b3", "uid": "6650a1b2c3d4e5f60000abce", "state": "Running",
                    "health": "Healthy", "ready": true}]
wait:
  description: Where the O(wait_for) ended (also returned when it fails).
  returned: when O(wait_for) is given
  type: dict
  contains:
    condition:
      description: The O(wait_for) condition.
      type: str
      sample: running
    done:
      description: Whether every cluster met the condition.
      type: bool
      sample: true
    ready:
      description: Names of the clusters that met the condition.
      type: list
      elements: str
      sample: [fleet-01, fleet-02]
    pending:
      description: Names (or the names and uids given) of the clusters that did not meet it yet.
      type: list
      elements: str
      sample: []
    stopped:
      description: Why the wait stopped early, one entry per cluster that will not meet the condition.
      type: list
      elements: str
      sample: []
    line:
      description: The progress line of the last poll.
      type: str
      sample: "2/2 Running and Healthy with every machine ready"
    polls:
      description: Polls made (one search request each, per 50 clusters).
      type: int
      sample: 7
    elapsed:
      description: Seconds waited.
      type: float
      sample: 63.2
kubeconfig_path:
  description: Where the kubeconfig was written.
  returned: when O(kubeconfig_path) is given
  type: str
  sample: /home/me/.kube/eks-demo.yaml
kubeconfig_written:
  description:
    - Whether the kubeconfig file was (re)written; false when it already held the same content, and in check mode.
  returned: when O(kubeconfig_path) is given
  type: bool
  sample: true
'''

from ansible_collections.palette.aws.plugins.module_utils._flows.info import run  # noqa: E402
from ansible_collections.palette.aws.plugins.module_utils._specs.options import CLUSTER_STATES  # noqa: E402
from ansible_collections.palette.aws.plugins.module_utils.palette import PaletteModule  # noqa: E402


def main():
    argument_spec = dict(
        cluster=dict(type='str', aliases=['name']),
        uid=dict(type='str'),
        clusters=dict(type='list', elements='str'),
        tags=dict(type='dict'),
        states=dict(type='list', elements='str', choices=list(CLUSTER_STATES)),
        cloud_types=dict(type='list', elements='str', choices=['eks', 'aws']),
        details=dict(type='str', default='auto', choices=['auto', 'summary', 'full']),
        wait_for=dict(type='str', choices=['running', 'deleted']),
        wait_timeout=dict(type='int', default=3600),
        wait_sleep=dict(type='int'),
        kubeconfig_path=dict(type='path'),
        kubeconfig_type=dict(type='str', default='user', choices=['user', 'admin', 'client']),
        cost_estimate=dict(type='bool', default=False),
    )
    module = PaletteModule(argument_spec=argument_spec, supports_check_mode=True)
    module.run(run)


if __name__ == '__main__':
    main()
