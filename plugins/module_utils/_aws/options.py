# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWS connection options (INTERFACE.md section 0), without boto3.

``PaletteModule`` gives these options to every module, so that one ``module_defaults`` block for
``group/palette.aws.palette`` can carry both connection sets; Palette-only modules accept and ignore them.
This file must stay free of boto3/botocore imports: Palette-only modules load it on every run
(``_aws.py``, which builds the clients, re-exports ``aws_argument_spec`` for its callers).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def aws_argument_spec():
    """The AWS connection options (no defaults: unset = boto3's standard chain)."""
    return dict(
        region=dict(type='str', aliases=['aws_region']),
        aws_access_key=dict(type='str', aliases=['aws_access_key_id'], no_log=False),
        aws_secret_key=dict(type='str', aliases=['aws_secret_access_key'], no_log=True),
        session_token=dict(type='str', aliases=['aws_session_token'], no_log=True),
        profile=dict(type='str', aliases=['aws_profile']),
        endpoint_url=dict(type='str', aliases=['aws_endpoint_url']),
        aws_ca_bundle=dict(type='path'),
    )
