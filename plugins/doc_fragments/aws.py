# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # AWS connection options (plugins/module_utils/_aws/options.py), for the modules that talk to AWS: palette.aws.aws
    DOCUMENTATION = r'''
options:
  region:
    description:
      - The AWS region to use, for example C(us-east-1).
      - When unset, boto3's standard chain is used (E(AWS_REGION), E(AWS_DEFAULT_REGION), the profile's region).
      - A region is required, except for the global services IAM and STS, which then use the partition's main region
        (C(us-east-1), or C(us-gov-west-1) for C(aws-us-gov)); without one, the module fails naming this option.
      - The region, wherever it comes from, is checked to be a region name before any AWS call.
    type: str
    aliases: [aws_region]
  aws_access_key:
    description:
      - AWS access key ID.
      - When unset, boto3's standard credential chain is used (E(AWS_ACCESS_KEY_ID), profiles,
        container and instance roles).
    type: str
    aliases: [aws_access_key_id]
  aws_secret_key:
    description:
      - AWS secret access key, used together with O(aws_access_key).
      - When unset, boto3's standard credential chain is used (E(AWS_SECRET_ACCESS_KEY), profiles, roles).
    type: str
    aliases: [aws_secret_access_key]
  session_token:
    description:
      - AWS session token for temporary credentials.
      - When unset, boto3's standard credential chain is used (E(AWS_SESSION_TOKEN)).
    type: str
    aliases: [aws_session_token]
  profile:
    description:
      - Named profile from the AWS config and credentials files.
      - When unset, E(AWS_PROFILE) or the default profile is used.
      - Do not combine with O(aws_access_key) and O(aws_secret_key).
    type: str
    aliases: [aws_profile]
  endpoint_url:
    description:
      - URL of the AWS API endpoint to use for every service, for example a local test endpoint.
      - When unset, E(AWS_ENDPOINT_URL) (and the per-service E(AWS_ENDPOINT_URL_<SERVICE>) variables) or the
        regular AWS endpoints are used.
    type: str
    aliases: [aws_endpoint_url]
  aws_ca_bundle:
    description:
      - Path of a PEM file with the CA certificates to verify the AWS endpoints with (a TLS-inspecting proxy, a
        private endpoint).
      - When unset, E(AWS_CA_BUNDLE) or botocore's own CA bundle is used. O(validate_certs=false) turns the checks off.
      - Palette has its own O(palette_ca_bundle).
    type: path
requirements:
  - boto3 >= 1.28
  - botocore >= 1.31
notes:
  - AWS calls use botocore's C(standard) retry mode, which backs off and retries throttling and
    transient server errors.
  - Credentials are never returned or logged; the secret key and session token a call signs with are masked in
    every output, also when they come from E(AWS_SECRET_ACCESS_KEY), E(AWS_SESSION_TOKEN) or a profile.
  - Every AWS error (including an HTML page from a proxy where AWS XML or JSON was expected, or missing credentials)
    fails the task with a message that names the AWS call and how to fix it, never with a Python traceback.
'''

    # The same options on a module that does not call AWS: palette.aws.aws.accepted_only.
    # Every module takes them (PaletteModule), so that one module_defaults block for group/palette.aws.palette can
    # carry both connection sets.
    ACCEPTED_ONLY = r'''
options:
  region:
    description:
      - Accepted so that C(module_defaults) for C(group/palette.aws.palette) can carry the AWS connection options.
      - Not used by this module, which does not call AWS.
    type: str
    aliases: [aws_region]
  aws_access_key:
    description:
      - Accepted so that C(module_defaults) for C(group/palette.aws.palette) can carry the AWS connection options.
      - Not used by this module, which does not call AWS.
    type: str
    aliases: [aws_access_key_id]
  aws_secret_key:
    description:
      - Accepted so that C(module_defaults) for C(group/palette.aws.palette) can carry the AWS connection options.
      - Not used by this module, which does not call AWS. Never returned or logged.
    type: str
    aliases: [aws_secret_access_key]
  session_token:
    description:
      - Accepted so that C(module_defaults) for C(group/palette.aws.palette) can carry the AWS connection options.
      - Not used by this module, which does not call AWS. Never returned or logged.
    type: str
    aliases: [aws_session_token]
  profile:
    description:
      - Accepted so that C(module_defaults) for C(group/palette.aws.palette) can carry the AWS connection options.
      - Not used by this module, which does not call AWS.
    type: str
    aliases: [aws_profile]
  endpoint_url:
    description:
      - Accepted so that C(module_defaults) for C(group/palette.aws.palette) can carry the AWS connection options.
      - Not used by this module, which does not call AWS.
    type: str
    aliases: [aws_endpoint_url]
  aws_ca_bundle:
    description:
      - Accepted so that C(module_defaults) for C(group/palette.aws.palette) can carry the AWS connection options.
      - Not used by this module, which does not call AWS.
    type: path
'''

    # ACCEPTED_ONLY minus region, for a module whose own option region means something else (aws_palette_cluster:
    # the cluster's region): palette.aws.aws.accepted_only_without_region. Ansible merges a fragment's option into
    # the module's option of the same name key by key, so a fragment region would leak its aliases and description.
    ACCEPTED_ONLY_WITHOUT_REGION = r'''
options:
  aws_access_key:
    description:
      - Accepted so that C(module_defaults) for C(group/palette.aws.palette) can carry the AWS connection options.
      - Not used by this module, which does not call AWS.
    type: str
    aliases: [aws_access_key_id]
  aws_secret_key:
    description:
      - Accepted so that C(module_defaults) for C(group/palette.aws.palette) can carry the AWS connection options.
      - Not used by this module, which does not call AWS. Never returned or logged.
    type: str
    aliases: [aws_secret_access_key]
  session_token:
    description:
      - Accepted so that C(module_defaults) for C(group/palette.aws.palette) can carry the AWS connection options.
      - Not used by this module, which does not call AWS. Never returned or logged.
    type: str
    aliases: [aws_session_token]
  profile:
    description:
      - Accepted so that C(module_defaults) for C(group/palette.aws.palette) can carry the AWS connection options.
      - Not used by this module, which does not call AWS.
    type: str
    aliases: [aws_profile]
  endpoint_url:
    description:
      - Accepted so that C(module_defaults) for C(group/palette.aws.palette) can carry the AWS connection options.
      - Not used by this module, which does not call AWS.
    type: str
    aliases: [aws_endpoint_url]
  aws_ca_bundle:
    description:
      - Accepted so that C(module_defaults) for C(group/palette.aws.palette) can carry the AWS connection options.
      - Not used by this module, which does not call AWS.
    type: path
'''
