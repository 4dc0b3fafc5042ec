# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure payload builders, read normalisers and input validation (no I/O).

* ``options``    - argument_spec sub-options shared by several modules (one definition).
* ``validation`` - small validators returning lists of error strings.
* ``node_pool``  - machine pools (EKS and IaaS); ``pool_validation`` holds its validators.
* ``fargate``    - EKS Fargate profiles.
* ``cluster``    - cluster create entity, read normaliser, day-2 bodies; ``cluster_validation`` its validator.
* ``settings``   - OS patch, backup, compliance scan and RBAC settings.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type
