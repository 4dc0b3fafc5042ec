# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every Palette API path the collection calls, in one place (REFERENCE.md sections 2, 10 and 11).

Constants are fixed paths; functions fill in uids, names and cloud types (``cloud_type`` is ``eks`` or ``aws``).
Values put into a path are quoted by the client, so names with odd characters stay one path segment.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

V1 = "/v1"

# -- identity and projects
PROJECTS_METADATA = V1 + "/dashboard/projects/metadata"
USER_INFO = V1 + "/users/info"

# -- cloud accounts
AWS_ACCOUNTS = V1 + "/cloudaccounts/aws"
AWS_ACCOUNT_VALIDATE = V1 + "/clouds/aws/account/validate"
AWS_ACCOUNT_STS = V1 + "/clouds/aws/account/sts"


def aws_account(uid):
    return "%s/%s" % (AWS_ACCOUNTS, uid)


# -- AWS helper look-ups (all take the query cloudAccountUid)
AMI_TYPES = V1 + "/clouds/aws/amiTypes"


def region_path(region, suffix=""):
    return "%s/clouds/aws/regions/%s%s" % (V1, region, suffix)


def kms_key_validate(region):
    return region_path(region, "/kmskeys/validate")


def key_pair_validate(region, key_pair):
    return region_path(region, "/keypairs/%s/validate" % key_pair)


def eks_name_validate(region):
    return region_path(region, "/eksClusters/name/validate")


def instance_types(region):
    return region_path(region, "/instancetypes")


# -- cluster profiles
PROFILES_METADATA = V1 + "/dashboard/clusterprofiles/metadata"
PROFILES_SEARCH = V1 + "/dashboard/clusterprofiles"


def profile(uid):
    return "%s/clusterprofiles/%s" % (V1, uid)


# -- clusters
CLUSTERS = V1 + "/spectroclusters"
CLUSTER_SEARCH = V1 + "/dashboard/spectroclusters/search"
CLUSTERS_META = V1 + "/dashboard/spectroclusters/meta"
CLUSTER_NAME_VALIDATE = CLUSTERS + "/validate/name"
BACKUP_LOCATIONS = V1 + "/users/assets/locations"


def cluster_create(cloud_type):
    """POST a create entity; ``cluster_create(t) + '/validate'`` and ``+ '/rate'`` are Palette's checks."""
    return "%s/%s" % (CLUSTERS, cloud_type)


def cluster_validate(cloud_type):
    return cluster_create(cloud_type) + "/validate"


def cluster_rate_estimate(cloud_type):
    return cluster_create(cloud_type) + "/rate"


def cluster(uid, suffix=""):
    """``/v1/spectroclusters/{uid}`` plus an optional sub-resource (``/metadata``, ``/profiles``, ...)."""
    return "%s/%s%s" % (CLUSTERS, uid, suffix)


def cluster_overview(uid):
    return "%s/dashboard/spectroclusters/%s/overview" % (V1, uid)


def cluster_events(uid):
    return "%s/events/components/spectrocluster/%s" % (V1, uid)


def workspace_cluster_rbacs(cluster_uid):
    """SDK ``ApplyClusterRbacConfig``: where the first RBAC binding of a cluster is created."""
    return "%s/workspaces/%s/clusterRbacs" % (V1, cluster_uid)


# -- cloud configs
def cloud_config(cloud_type, config_uid, suffix=""):
    return "%s/cloudconfigs/%s/%s%s" % (V1, cloud_type, config_uid, suffix)


def machine_pools(cloud_type, config_uid, name=None):
    return cloud_config(cloud_type, config_uid, "/machinePools" + ("/%s" % name if name else ""))


def machines(cloud_type, config_uid, pool_name):
    return machine_pools(cloud_type, config_uid, pool_name) + "/machines"
