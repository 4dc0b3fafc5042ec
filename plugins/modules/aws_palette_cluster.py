# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: aws_palette_cluster
short_description: Create, change and delete Palette EKS and AWS IaaS clusters
version_added: 1.0.0
description:
  - Deploys a Palette cluster on AWS, EKS (O(cloud_type=eks)) or IaaS (O(cloud_type=aws)), as the Palette docs' "Deploy"
    pages do, with one create request carrying the node pools, Fargate profiles, secrets encryption, endpoint access,
    cluster profiles with pack values and the cluster settings.
  - The cluster is found by O(cluster) in the selected project. An existing cluster is adopted and changed in place;
    a create whose answer was lost, or that another run won, is found by name and adopted, never sent twice.
  - "Day-2 changes, in this order: the repave gate (see O(review_repave_state)), endpoint access CIDRs, Fargate
    profiles, node pools (by name), tags and description, the cluster settings (OS patch, backup, scan, RBAC,
    namespaces, time zone, agent upgrades, host cluster), cluster profiles and pack values, then
    O(install_profile_changes)."
  - The cluster-config update is built from what Palette returned, so fields this collection does not know are
    kept. Each settings write re-reads the setting right before it and checks it afterwards; a write another run
    undid is retried, then the module fails naming the setting. A tag merge (O(purge_tags=false)) does the same.
  - What Palette cannot change in place (O(cloud_type), O(region), O(vpc_id), O(ssh_key_name), O(endpoint_access),
    O(control_plane_subnets), O(control_plane_load_balancer), O(cloud_account), O(encryption_kms_key_arn) and
    O(update_worker_pools_in_parallel)) makes the module fail naming each field; nothing is ever replaced.
  - Every option is checked before the first request, and each error names the option and the fix.
  - An option left unset is not managed.
  - With O(wait=true) the module waits for the state C(Running) and the health C(Healthy) after a create or change,
    and for C(Deleted) after a delete. A run that changes nothing on a C(Running) cluster only reads its state.
    A cluster that stays C(Running) but not C(Healthy) (C(UnHealthy) or C(Unknown)) until O(wait_timeout) is a
    warning with the health and the recent events, or a failure with O(require_healthy=true).
  - Roles that must show progress while a cluster is built run this module with O(wait=false), then wait with
    M(palette.aws.aws_palette_cluster_info) O(palette.aws.aws_palette_cluster_info#module:wait_for=running), which prints
    one progress line per poll and waits for a whole fleet in one task (one search request per poll). While this module
    waits it writes every new state to the module log (syslog / journald).
author:
  - palette.aws maintainers (@palette-aws)
options:
  cluster:
    description:
      - Name of the cluster (a DNS-1123 label, at most 63 lower-case letters, digits and C(-)).
    type: str
    required: true
    aliases: [name]
  state:
    description:
      - V(present) creates the cluster or brings it to the given options; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  cloud_type:
    description:
      - V(eks) for an EKS cluster, V(aws) for an AWS IaaS cluster. Required to create a cluster.
    type: str
    choices: [eks, aws]
  description:
    description:
      - Description of the cluster.
    type: str
  tags:
    description:
      - Cluster tags. Palette propagates them to the cluster's AWS resources.
      - A tag with an empty value is a key-only tag.
    type: dict
  purge_tags:
    description:
      - Whether tags not in O(tags) are removed. Has no effect when O(tags) is unset.
    type: bool
    default: true
  cloud_account:
    description:
      - Name or uid of the Palette AWS cloud account. Required to create a cluster.
    type: str
  cluster_profiles:
    description:
      - Cluster profiles of the cluster; the infrastructure profile is required to create one.
      - When given on an existing cluster, the cluster gets exactly these profiles.
    type: list
    elements: dict
    suboptions:
      name:
        description: Profile name; give O(cluster_profiles[].name) or O(cluster_profiles[].uid).
        type: str
      version:
        description: Profile version, for example C(1.0.0); needed when several versions exist.
        type: str
      uid:
        description: Profile uid.
        type: str
      pack_values:
        description:
          - Pack values that override the profile's, per pack.
          - Values given for a pack are compared with what the cluster runs; other packs keep their values.
        type: list
        elements: dict
        suboptions:
          name:
            description: Pack name.
            type: str
            required: true
          values:
            description: The pack's values YAML, as a string.
            type: str
          tag:
            description: Pack version tag.
            type: str
      variables:
        description:
          - Profile variables. Palette does not return them, so they are sent at create and with any profile change.
        type: dict
  region:
    description:
      - AWS region of the cluster. Required to create a cluster.
      - This module does not call AWS, so this is not a connection option; but a O(region) set in C(module_defaults)
        for C(group/palette.aws.palette) applies here too, as the cluster's region.
    type: str
    aliases: [aws_region]
  ssh_key_name:
    description:
      - Name of the EC2 key pair put on the nodes.
    type: str
  vpc_id:
    description:
      - Existing VPC to put the cluster in (static placement). Unset, Palette creates a VPC (dynamic placement).
      - With static placement, node pools take O(node_pools[].subnets) instead of O(node_pools[].azs).
    type: str
  control_plane_subnets:
    description:
      - EKS with static placement; subnets of the EKS control plane, in at least two availability zones.
      - A zone may carry several subnets (usually a public and a private one); list each as its own entry, or give
        their ids comma-joined in O(control_plane_subnets[].subnet_id). They are sent as one entry per zone and
        compared as a set.
    type: list
    elements: dict
    suboptions:
      az:
        description: Availability zone of the subnet.
        type: str
        required: true
      subnet_id:
        description: Id of the subnet, C(subnet-...).
        type: str
        required: true
  endpoint_access:
    description:
      - EKS; who can reach the Kubernetes API endpoint. V(public) when a cluster is created without it.
      - With V(public), the Palette docs advise including C(0.0.0.0/0) in O(public_access_cidrs), and recommend
        V(private_and_public); the module warns otherwise.
    type: str
    choices: [public, private, private_and_public]
  public_access_cidrs:
    description:
      - EKS; IPv4 CIDR blocks allowed to reach the public endpoint. Changed in place.
    type: list
    elements: str
  private_access_cidrs:
    description:
      - EKS; IPv4 CIDR blocks allowed to reach the private endpoint. Changed in place.
    type: list
    elements: str
  control_plane_load_balancer:
    description:
      - IaaS; scheme of the control plane's load balancer. V(internet-facing) when a cluster is created without it.
    type: str
    choices: [internet-facing, internal]
  encryption_kms_key_arn:
    description:
      - EKS; ARN (or alias) of the KMS key that encrypts Kubernetes secrets.
      - Secrets encryption is chosen when the cluster is created (Palette docs; Terraform C(encryption_config_arn) is
        ForceNew). Enabling it on an existing cluster, or changing the key, fails naming this option, with no write.
      - The create runs the key checks of M(palette.aws.kms_secret_encryption) before its request.
    type: str
  accept_unverified_key:
    description:
      - With O(encryption_kms_key_arn) on a create; the create runs the KMS key checks first and stops when one of them
        cannot be verified (for example the principal Palette uses is unknown), because encryption cannot be changed
        later. V(true) creates the cluster anyway (a failed check still stops it).
    type: bool
    default: false
    version_added: 1.0.0
  principal_arn:
    description:
      - With O(encryption_kms_key_arn) on a create; ARN of the IAM role or user Palette uses in AWS, for the KMS key
        checks when it cannot be found from O(cloud_account) (an access-key account whose user is not visible).
    type: str
    version_added: 1.0.0
  update_worker_pools_in_parallel:
    description:
      - Whether worker pools are updated at the same time. Palette takes it only at create time.
    type: bool
  os_patch:
    description:
      - OS patching of the nodes.
    type: dict
    suboptions:
      schedule:
        description: Cron schedule (5 fields) of the OS patching, for example C(0 2 * * 0); V('') disables it.
        type: str
      patch_after:
        description:
          - Patch the nodes once, on demand, after this time (RFC 3339, for example C(2026-12-24T02:00:00Z)); a time
            from now on patches them at once. Palette's C(onDemandPatchAfter); Terraform C(os_patch_after).
          - A new value more than 10 minutes in the past is refused.
        type: str
        version_added: 1.0.0
      patch_on_boot:
        description: Whether nodes are patched when they boot.
        type: bool
      reboot_if_required:
        description: Whether nodes reboot when a patch needs it.
        type: bool
  backup:
    description:
      - Backup settings. Setting up backups needs O(backup.location), O(backup.prefix), O(backup.schedule) and
        O(backup.expiry_hours).
    type: dict
    suboptions:
      location:
        description: Name or uid of the Palette backup location.
        type: str
      prefix:
        description: Prefix of the backup names.
        type: str
      schedule:
        description: Cron schedule of the backups; V('') stops scheduled backups.
        type: str
      expiry_hours:
        description: Hours a backup is kept.
        type: int
      include_all_disks:
        description: Whether disk snapshots are included. V(true) when backups are set up without it.
        type: bool
      include_cluster_resources:
        description: Whether cluster-scoped resources are included. V(Auto) when backups are set up without it.
        type: str
        choices: [Always, Auto, Never]
      namespaces:
        description: Namespaces to back up; all when unset.
        type: list
        elements: str
  scan:
    description:
      - Compliance scan schedules (cron); V('') unschedules a scan.
    type: dict
    suboptions:
      configuration_scan_schedule:
        description: Kubernetes configuration security scan (kube-bench).
        type: str
      penetration_scan_schedule:
        description: Penetration test (kube-hunter).
        type: str
      conformance_scan_schedule:
        description: Conformance test (sonobuoy).
        type: str
  rbac:
    description:
      - RBAC bindings (needed for OIDC). When given, the cluster gets exactly these bindings.
    type: dict
    suboptions:
      cluster_role_bindings:
        description: Cluster role bindings.
        type: list
        elements: dict
        suboptions:
          role:
            description: Name of the ClusterRole.
            type: str
            required: true
          subjects:
            description: Users, groups or service accounts bound to the role.
            type: list
            elements: dict
            required: true
            suboptions:
              type:
                description: Kind of subject.
                type: str
                required: true
                choices: [User, Group, ServiceAccount]
              name:
                description: Name of the subject.
                type: str
                required: true
              namespace:
                description: Namespace of a ServiceAccount.
                type: str
      role_bindings:
        description: Namespaced role bindings.
        type: list
        elements: dict
        suboptions:
          namespace:
            description: Namespace of the binding.
            type: str
            required: true
          role:
            description: Name of the role.
            type: str
            required: true
          role_kind:
            description: Kind of the role; V(Role) when unset.
            type: str
            choices: [Role, ClusterRole]
          subjects:
            description: Users, groups or service accounts bound to the role.
            type: list
            elements: dict
            required: true
            suboptions:
              type:
                description: Kind of subject.
                type: str
                required: true
                choices: [User, Group, ServiceAccount]
              name:
                description: Name of the subject.
                type: str
                required: true
              namespace:
                description: Namespace of a ServiceAccount.
                type: str
  namespaces:
    description:
      - Namespaces with resource quotas (the docs' Settings step; Terraform C(namespaces)). When given, the cluster
        gets exactly these namespace settings.
      - A name written C(/.../) or C(~/.../) is a regular expression matching several namespaces.
    type: list
    elements: dict
    version_added: 1.0.0
    suboptions:
      name:
        description: Namespace name (a DNS-1123 label), or a regular expression in slashes.
        type: str
        required: true
      cpu_cores:
        description: CPU quota in cores (more than 0); no quota when unset.
        type: float
      memory_mib:
        description: Memory quota in MiB (more than 0); no quota when unset.
        type: int
      gpu_limit:
        description: NVIDIA GPU limit (C(-1) = unlimited); none when unset.
        type: int
  timezone:
    description:
      - Time zone of the cluster (IANA name, for example C(America/New_York)), used by schedules such as the OS
        patch schedule. Terraform C(cluster_timezone). Palette cannot clear it once set.
    type: str
    version_added: 1.0.0
  pause_agent_upgrades:
    description:
      - Whether Palette's agent upgrades are paused on this cluster (Terraform C(pause_agent_upgrades) V(lock) /
        V(unlock)). Read back from the cluster annotation C(spectroComponentsUpgradeForbidden).
    type: bool
    version_added: 1.0.0
  host_cluster:
    description:
      - Whether the cluster hosts Palette Virtual Clusters, and how they are reached (Terraform C(host_config)).
    type: dict
    version_added: 1.0.0
    suboptions:
      enabled:
        description: Whether the cluster is a host cluster.
        type: bool
        required: true
      endpoint_type:
        description: How virtual clusters are exposed; V(Ingress) when unset.
        type: str
        choices: [Ingress, LoadBalancer]
      ingress_host:
        description: With V(Ingress), the host name of the ingress.
        type: str
      load_balancer_source_ranges:
        description: With V(LoadBalancer), CIDRs allowed to reach it.
        type: list
        elements: str
  apply_setting:
    description:
      - How a change of O(cluster_profiles) is applied (Terraform C(apply_setting)). V(DownloadAndInstall) (Palette's
        default) installs it at once; the module then waits until Palette can apply it (C(status.spcApply.canBeApplied)).
        V(DownloadAndInstallLater) only downloads it; the module reports the change as pending
        (C(profile_changes_pending)) until O(install_profile_changes=true).
      - Profile changes are sent with C(resolveNotification=true), as Palette's SDK does.
    type: str
    choices: [DownloadAndInstall, DownloadAndInstallLater]
    version_added: 1.0.0
  install_profile_changes:
    description:
      - V(true) installs profile changes that wait to be installed (downloaded with
        O(apply_setting=DownloadAndInstallLater)), by Palette's spc-apply trigger. Nothing happens when none wait.
        V(false) leaves them waiting.
    type: bool
    version_added: 1.0.0
  review_repave_state:
    description:
      - Approval of a node repave that Palette holds for review (a change that replaces the nodes, for example a
        Kubernetes version change). Same values as Terraform's C(review_repave_state).
      - While a repave waits for approval the module fails listing Palette's reasons, unless this is V(Approved);
        then it approves the repave and goes on. Checked before the day-2 changes and again after them.
    type: str
    choices: ['', Pending, Approved]
    version_added: 1.0.0
  require_healthy:
    description:
      - With O(wait=true), fail when the cluster is C(Running) but not C(Healthy) at the end of the wait (or, on a
        run that changes nothing, when it is read). By default that is a warning with the health and recent events.
    type: bool
    default: false
    version_added: 1.0.0
  purge_node_pools:
    description:
      - Whether worker pools not listed in O(node_pools) are deleted. Control-plane pools are never deleted.
    type: bool
    default: false
  purge_fargate_profiles:
    description:
      - Whether Fargate profiles not listed in O(fargate_profiles) are removed.
    type: bool
    default: false
  force_delete:
    description:
      - With O(state=absent), force-delete the cluster once it has been C(Deleting) for O(force_delete_after) minutes.
      - A force delete can leave AWS resources behind (the module warns); see M(palette.aws.orphaned_resources_info).
    type: bool
    default: false
  force_delete_after:
    description:
      - Minutes (0 or more) a cluster must have been C(Deleting) before it is force-deleted. The default, 20, is
        Terraform's C(force_delete_delay) default and minimum, above Palette's 15-minute rule; smaller values are
        accepted (Palette refuses too early a force delete, and the module retries it).
      - The time counts from the server's deletion timestamp, so a later run continues the count of an earlier one.
      - A force delete that Palette refuses with any 4xx other than 401, 403 or 404 means "not yet"; it is retried
        while the module waits, until O(wait_timeout). In check mode a force delete that is due is a change.
    type: int
    default: 20
extends_documentation_fragment:
  - palette.aws.node_pools
  - palette.aws.palette
  - palette.aws.aws.accepted_only_without_region
  - palette.aws.wait
  - palette.aws.attributes
notes:
  - In check mode nothing is written; a create is checked with Palette's validate endpoint and the predicted cluster
    is returned with Palette's rate estimate (RV(cost_estimate)).
  - The module does not return a kubeconfig; use M(palette.aws.aws_palette_cluster_info) with C(kubeconfig_path).
seealso:
  - module: palette.aws.aws_palette_cluster_info
  - module: palette.aws.preflight_info
  - module: palette.aws.cluster_profile_info
  - module: palette.aws.node_pool
  - module: palette.aws.fargate_profile
  - module: palette.aws.kms_secret_encryption
  - module: palette.aws.orphaned_resources_info
  - name: Palette docs, Create and Manage AWS EKS Cluster
    description: The Palette docs' EKS deploy page this module follows.
    link: https://docs.spectrocloud.com/clusters/public-cloud/aws/eks/
'''

EXAMPLES = r'''
- name: EKS cluster, dynamic placement
  palette.aws.aws_palette_cluster:
    cluster: eks-demo
    cloud_type: eks
    cloud_account: aws-demo
    region: us-east-1
    ssh_key_name: my-ec2-keypair
    cluster_profiles:
      - name: eks-infra
        version: 1.0.0
    endpoint_access: private_and_public
    public_access_cidrs: [0.0.0.0/0]
    tags:
      env: dev
    node_pools:
      - name: workers
        instance_type: t3.large
        count: 2
        azs: [us-east-1a, us-east-1b]

- name: EKS cluster in an existing VPC, with a spot pool, Fargate and KMS secrets encryption
  palette.aws.aws_palette_cluster:
    cluster: eks-static
    cloud_type: eks
    cloud_account: aws-demo
    region: us-east-1
    vpc_id: vpc-0a1b2c3d4e5f67890
    control_plane_subnets:
      - {az: us-east-1a, subnet_id: subnet-0aaa1111bbbb2222c}
      - {az: us-east-1b, subnet_id: subnet-0ddd3333eeee4444f}
    endpoint_access: private_and_public
    public_access_cidrs: [203.0.113.0/24]
    private_access_cidrs: [10.0.0.0/16]
    encryption_kms_key_arn: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
    cluster_profiles:
      - name: eks-infra
        pack_values:
          - name: kubernetes-eks
            values: |
              managedControlPlane:
                logging:
                  apiServer: true
    os_patch:
      schedule: "0 2 * * 0"
      reboot_if_required: true
    node_pools:
      - name: general
        instance_type: t3.large
        count: 2
        subnets:
          - {az: us-east-1a, subnet_id: subnet-0aaa1111bbbb2222c}
          - {az: us-east-1b, subnet_id: subnet-0ddd3333eeee4444f}
      - name: batch
        instance_type: m5.large
        capacity_type: spot
        max_price: "0.08"
        count: 1
        subnets:
          - {az: us-east-1a, subnet_id: subnet-0aaa1111bbbb2222c}
        taints:
          - {key: workload, value: batch, effect: NoSchedule}
    fargate_profiles:
      - name: fp-web
        subnets: [subnet-0aaa1111bbbb2222c, subnet-0ddd3333eeee4444f]
        selectors:
          - namespace: web

- name: AWS IaaS cluster with 3 control-plane nodes behind an internal load balancer
  palette.aws.aws_palette_cluster:
    cluster: iaas-demo
    cloud_type: aws
    cloud_account: aws-demo
    region: us-west-2
    ssh_key_name: my-ec2-keypair
    control_plane_load_balancer: internal
    cluster_profiles:
      - name: aws-iaas-infra
    node_pools:
      - name: control-plane
        control_plane: true
        count: 3
        instance_type: m5.xlarge
        azs: [us-west-2a]
      - name: workers
        instance_type: m5.large
        capacity_type: spot
        count: 3
        azs: [us-west-2a]
        taints:
          - {key: gpu, value: "true", effect: NoSchedule}

- name: Start a create and let a role report progress
  palette.aws.aws_palette_cluster:
    cluster: eks-demo
    cloud_type: eks
    cloud_account: aws-demo
    region: us-east-1
    cluster_profiles: [{name: eks-infra}]
    node_pools: [{name: workers, instance_type: t3.large, count: 2, azs: [us-east-1a, us-east-1b]}]
    wait: false

- name: Poll until it is Running and Healthy, showing the state every 30 s
  palette.aws.aws_palette_cluster_info:
    name: eks-demo
  register: info
  until: info.clusters[0].state == 'Running' and info.clusters[0].health == 'Healthy'
  retries: 120
  delay: 30

- name: Cluster settings of the docs' Settings step
  palette.aws.aws_palette_cluster:
    cluster: eks-demo
    timezone: Europe/Paris
    pause_agent_upgrades: true
    os_patch:
      schedule: "0 2 * * 0"
      patch_after: "2026-12-24T02:00:00Z"
    namespaces:
      - {name: web, cpu_cores: 2, memory_mib: 4096}
      - {name: "/^team-.*/", cpu_cores: 1}
    host_cluster:
      enabled: true
      endpoint_type: Ingress
      ingress_host: vclusters.example.com

- name: Move to a new profile version; download now, install in the maintenance window
  palette.aws.aws_palette_cluster:
    cluster: eks-demo
    cluster_profiles: [{name: eks-infra, version: 1.1.0}]
    apply_setting: DownloadAndInstallLater

- name: In the maintenance window, install it and approve the node repave it needs
  palette.aws.aws_palette_cluster:
    cluster: eks-demo
    install_profile_changes: true
    review_repave_state: Approved
    require_healthy: true

- name: What would it cost? (check mode returns Palette's rate estimate)
  palette.aws.aws_palette_cluster:
    cluster: eks-new
    cloud_type: eks
    cloud_account: aws-demo
    region: us-east-1
    cluster_profiles: [{name: eks-infra}]
    node_pools: [{name: workers, instance_type: t3.large, count: 2, azs: [us-east-1a, us-east-1b]}]
  check_mode: true
  register: plan

- name: Show the monthly total
  ansible.builtin.debug:
    msg: "{{ plan.cost_estimate.monthly.total }}"

- name: Delete, force-deleting if it is stuck in Deleting for 20 minutes
  palette.aws.aws_palette_cluster:
    cluster: eks-demo
    state: absent
    force_delete: true
'''

RETURN = r'''
cluster:
  description:
    - The cluster after the task; predicted in check mode. Empty when O(state=absent) and there was no cluster.
  returned: always
  type: dict
  contains:
    uid:
      description: Cluster uid (null for a cluster predicted in check mode).
      type: str
      sample: 6650a1b2c3d4e5f60000abcd
    name:
      description: Cluster name.
      type: str
      sample: eks-demo
    cloud_type:
      description: C(eks) or C(aws).
      type: str
      sample: eks
    state:
      description: Palette state, for example C(Pending), C(Provisioning), C(Running), C(Deleting), C(Deleted).
      type: str
      sample: Running
    health:
      description: Health from the cluster overview (C(Healthy) once the cluster works), null when unknown.
      type: str
      sample: Healthy
    api_endpoints:
      description: Kubernetes API server endpoints (C(host:port)) Palette reports once the cluster is provisioned.
      type: list
      elements: str
      sample: ["eks-demo-apiserver-1234.us-east-1.elb.amazonaws.com:443"]
    region:
      description: AWS region.
      type: str
      sample: us-east-1
    cloud_account_uid:
      description: Uid of the cloud account.
      type: str
      sample: 6650a1b2c3d4e5f601234567
    cloud_config_uid:
      description: Uid of the cluster's cloud config.
      type: str
      sample: 6650a1b2c3d4e5f60000ef01
    vpc_id:
      description: VPC of a cluster with static placement.
      type: str
      sample: vpc-0a1b2c3d4e5f67890
    ssh_key_name:
      description: EC2 key pair name.
      type: str
      sample: my-ec2-keypair
    endpoint_access:
      description: EKS endpoint access mode.
      type: str
      sample: private_and_public
    public_access_cidrs:
      description: EKS public endpoint CIDRs.
      type: list
      elements: str
      sample: [0.0.0.0/0]
    private_access_cidrs:
      description: EKS private endpoint CIDRs.
      type: list
      elements: str
      sample: [10.0.0.0/16]
    control_plane_subnets:
      description: EKS control-plane subnets (static placement), each with C(az) and C(subnet_id).
      type: list
      elements: dict
      sample: [{"az": "us-east-1a", "subnet_id": "subnet-0aaa1111bbbb2222c"}]
    control_plane_load_balancer:
      description: IaaS control-plane load balancer scheme.
      type: str
      sample: internet-facing
    encryption:
      description: EKS secrets encryption, with C(enabled) and C(kms_key_arn).
      type: dict
      sample: {"enabled": true, "kms_key_arn": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}
    tags:
      description: Cluster tags (a key-only tag has a null value).
      type: dict
      sample: {"env": "dev"}
    description:
      description: Cluster description.
      type: str
      sample: EKS cluster managed by Ansible
    node_pools:
      description: Node pools with the option names of O(node_pools) (the EKS control-plane placement pool left out).
      type: list
      elements: dict
      sample: [{"name": "workers", "count": 2, "instance_type": "t3.large", "capacity_type": "on-demand"}]
    karpenter_pools:
      description:
        - Names of the node pools Karpenter manages (label C(spectrocloud.com/managed-by:karpenter)). They are not listed
          in RV(cluster.node_pools) and palette.aws never resizes, changes or purges them.
      type: list
      elements: str
      sample: ["karpenter"]
      version_added: 1.0.0
    fargate_profiles:
      description: Fargate profiles with the option names of O(fargate_profiles).
      type: list
      elements: dict
      sample: [{"name": "fp-web", "subnets": [], "selectors": [{"namespace": "web", "labels": {}}], "additional_tags": {}}]
    os_patch:
      description: OS patch settings.
      type: dict
      sample: {"schedule": "0 2 * * 0", "patch_on_boot": false, "reboot_if_required": true}
    update_worker_pools_in_parallel:
      description: Whether worker pools update in parallel.
      type: bool
      sample: false
    cluster_profiles:
      description: Profiles of the cluster, each with C(uid), C(name) and C(version).
      type: list
      elements: dict
      sample: [{"uid": "6650a1b2c3d4e5f60000aaaa", "name": "eks-infra", "version": "1.0.0"}]
    backup:
      description: Backup settings, when O(backup) is given.
      returned: when O(backup) is given
      type: dict
    scan:
      description: Compliance scan schedules, when O(scan) is given.
      returned: when O(scan) is given
      type: dict
    rbac:
      description: RBAC bindings, when O(rbac) is given.
      returned: when O(rbac) is given
      type: dict
    namespaces:
      description: Namespace settings, when O(namespaces) is given.
      returned: when O(namespaces) is given
      type: list
      elements: dict
    timezone:
      description: Time zone, when O(timezone) is given.
      returned: when O(timezone) is given
      type: str
    pause_agent_upgrades:
      description: Whether agent upgrades are paused, when O(pause_agent_upgrades) is given.
      returned: when O(pause_agent_upgrades) is given
      type: bool
    host_cluster:
      description: Host-cluster setting, when O(host_cluster) is given.
      returned: when O(host_cluster) is given
      type: dict
    install_profile_changes:
      description: Whether no profile change waits to be installed, when O(install_profile_changes) is given.
      returned: when O(install_profile_changes) is given
      type: bool
    force_deleted:
      description: Whether the cluster was force-deleted.
      returned: when O(state=absent) and a cluster was deleted
      type: bool
      sample: false
states_seen:
  description:
    - The states the module saw while it waited, in order, each with C(state), C(health) and C(elapsed) (seconds since
      the wait began).
  returned: always
  type: list
  elements: dict
  sample: [{"state": "Provisioning", "health": null, "elapsed": 0.0}, {"state": "Running", "health": "Healthy", "elapsed": 912.4}]
cost_estimate:
  description:
    - Check mode of a create; Palette's rate estimate of the requested pools (C(POST /v1/spectroclusters/{eks,aws}/rate)),
      hourly and monthly, each with C(compute), C(storage) and C(total), and per pool (C(pools)).
  returned: in check mode, when the cluster would be created
  type: dict
  sample: {"hourly": {"compute": 0.17, "storage": 0.02, "total": 0.19}, "monthly": {"compute": 121.5, "storage": 12.0,
           "total": 133.5}, "pools": [{"name": "workers", "nodes": 2, "hourly": 0.19, "monthly": 133.5}]}
repave:
  description: A repave that waited for approval, with its C(state) (C(Pending), or C(Approved) once approved) and
    Palette's C(reasons).
  returned: when the cluster had a repave waiting for approval
  type: dict
  sample: {"state": "Approved", "reasons": ["Repave - Code: PackValuesChanged, Reason: kubernetes values changed"]}
profile_changes_pending:
  description: True when a profile change of this run waits (O(apply_setting=DownloadAndInstallLater) or O(wait=false)).
  returned: when a profile change is pending
  type: bool
elapsed:
  description: Seconds the module waited.
  returned: always
  type: float
  sample: 912.4
'''

from ansible_collections.palette.aws.plugins.module_utils._flows.cluster import run  # noqa: E402
from ansible_collections.palette.aws.plugins.module_utils._flows.cluster_delete import FORCE_DELETE_AFTER_DEFAULT  # noqa: E402
from ansible_collections.palette.aws.plugins.module_utils._specs import cluster_config, settings_table  # noqa: E402
from ansible_collections.palette.aws.plugins.module_utils._specs.cluster_validation import REVIEW_REPAVE_STATES  # noqa: E402
from ansible_collections.palette.aws.plugins.module_utils._specs.pool_options import fargate_profile_options, node_pool_options  # noqa: E402
from ansible_collections.palette.aws.plugins.module_utils.palette import PaletteModule  # noqa: E402

APPLY_SETTINGS = ('DownloadAndInstall', 'DownloadAndInstallLater')


def argument_spec():
    spec = dict(
        cluster=dict(type='str', required=True, aliases=['name']),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
        cloud_type=dict(type='str', choices=['eks', 'aws']),
        description=dict(type='str'),
        tags=dict(type='dict'),
        purge_tags=dict(type='bool', default=True),
        cloud_account=dict(type='str'),
        cluster_profiles=dict(type='list', elements='dict', options=dict(
            name=dict(type='str'),
            version=dict(type='str'),
            uid=dict(type='str'),
            pack_values=dict(type='list', elements='dict', options=dict(
                name=dict(type='str', required=True),
                values=dict(type='str'),
                tag=dict(type='str'),
            )),
            variables=dict(type='dict'),
        )),
        apply_setting=dict(type='str', choices=list(APPLY_SETTINGS)),
        review_repave_state=dict(type='str', choices=list(REVIEW_REPAVE_STATES)),
        require_healthy=dict(type='bool', default=False),
        accept_unverified_key=dict(type='bool', default=False),
        principal_arn=dict(type='str'),
        node_pools=dict(type='list', elements='dict', options=node_pool_options()),
        purge_node_pools=dict(type='bool', default=False),
        fargate_profiles=dict(type='list', elements='dict', options=fargate_profile_options()),
        purge_fargate_profiles=dict(type='bool', default=False),
        force_delete=dict(type='bool', default=False),
        force_delete_after=dict(type='int', default=FORCE_DELETE_AFTER_DEFAULT),
    )
    spec.update(cluster_config.argument_spec())  # the cloud config options, from their table
    spec.update(settings_table.argument_spec())  # the cluster settings, from their table
    return spec


def main():
    module = PaletteModule(argument_spec=argument_spec(), wait=True, supports_check_mode=True)
    module.run(run)


if __name__ == '__main__':
    main()
