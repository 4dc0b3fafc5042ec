# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Palette IAM policy documents, as data.

Source: the policies published in the Palette documentation (spectrocloud/librarium), as collected in the
project's palette-iam/ folder (see its SOURCES.md for the file, commit and "Last Update" of each):
  PaletteControllerPolicy       _partials/permissions/_aws-controller-policy.mdx (April 20, 2023)
  PaletteControlPlanePolicy     _partials/permissions/_aws-control-plane-policy.mdx (May 25, 2025)
  PaletteNodesPolicy            _partials/permissions/_aws-nodes-policy.mdx (May 25, 2025)
  PaletteDeploymentPolicy       _partials/permissions/_aws-deployment-policy.mdx (May 25, 2025)
  PaletteControllersEKSPolicy   _partials/permissions/_aws-eks-controller-policy.mdx (October 9, 2026)
  PaletteEKSSecretsEncryptionKMSPolicy  enable-secrets-encryption-kms-key.md example (name is ours)
Later docs revisions may add actions; users can pass their own documents (sts_role policy_documents).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# The four core policies every Palette AWS account role needs; the EKS one is added for EKS clusters.
CORE_POLICY_NAMES = ('PaletteControllerPolicy', 'PaletteControlPlanePolicy', 'PaletteNodesPolicy',
                     'PaletteDeploymentPolicy')
EKS_POLICY_NAMES = ('PaletteControllersEKSPolicy',)
KMS_POLICY_NAME = 'PaletteEKSSecretsEncryptionKMSPolicy'

# Trust policy template (add-aws-accounts.md "Dynamic Access Credentials"); see trust_policy() in _aws_iam.py.
TRUST_POLICY_TEMPLATE = {
    'Version': '2012-10-17',
    'Statement': [
        {
            'Effect': 'Allow',
            'Principal': {'AWS': 'arn:aws:iam::<PALETTE_AWS_ACCOUNT_ID>:root'},
            'Action': 'sts:AssumeRole',
            'Condition': {'StringEquals': {'sts:ExternalId': '<PALETTE_EXTERNAL_ID>'}},
        },
    ],
}

POLICY_DOCUMENTS = {
    'PaletteControllerPolicy': {
        'Version': '2012-10-17',
        'Statement': [
            {
                'Action': [
                    'iam:DeleteOpenIDConnectProvider', 'iam:GetOpenIDConnectProvider',
                    'iam:ListOpenIDConnectProviders', 'iam:TagOpenIDConnectProvider',
                    'autoscaling:DescribeAutoScalingGroups', 'autoscaling:DescribeInstanceRefreshes',
                    'ec2:AllocateAddress', 'ec2:AssociateRouteTable', 'ec2:AttachInternetGateway',
                    'ec2:AuthorizeSecurityGroupIngress', 'ec2:CreateInternetGateway',
                    'ec2:CreateLaunchTemplate', 'ec2:CreateLaunchTemplateVersion', 'ec2:CreateNatGateway',
                    'ec2:CreateRoute', 'ec2:CreateRouteTable', 'ec2:CreateSecurityGroup', 'ec2:CreateSubnet',
                    'ec2:CreateTags', 'ec2:CreateVpc', 'ec2:DeleteInternetGateway', 'ec2:DeleteLaunchTemplate',
                    'ec2:DeleteLaunchTemplateVersions', 'ec2:DeleteNatGateway', 'ec2:DeleteRouteTable',
                    'ec2:DeleteSecurityGroup', 'ec2:DeleteSubnet', 'ec2:DeleteTags', 'ec2:DeleteVpc',
                    'ec2:DescribeAccountAttributes', 'ec2:DescribeAddresses', 'ec2:DescribeAvailabilityZones',
                    'ec2:DescribeImages', 'ec2:DescribeInstances', 'ec2:DescribeInternetGateways',
                    'ec2:DescribeKeyPairs', 'ec2:DescribeLaunchTemplates', 'ec2:DescribeLaunchTemplateVersions',
                    'ec2:DescribeNatGateways', 'ec2:DescribeNetworkInterfaceAttribute',
                    'ec2:DescribeNetworkInterfaces', 'ec2:DescribeRouteTables', 'ec2:DescribeSecurityGroups',
                    'ec2:DescribeSubnets', 'ec2:DescribeVolumes', 'ec2:DescribeVpcAttribute',
                    'ec2:DescribeVpcs', 'ec2:DetachInternetGateway', 'ec2:DisassociateAddress',
                    'ec2:DisassociateRouteTable', 'ec2:ModifyInstanceAttribute',
                    'ec2:ModifyNetworkInterfaceAttribute', 'ec2:ModifySubnetAttribute',
                    'ec2:ModifyVpcAttribute', 'ec2:ReleaseAddress', 'ec2:ReplaceRoute',
                    'ec2:RevokeSecurityGroupIngress', 'ec2:RunInstances', 'ec2:TerminateInstances',
                    'elasticloadbalancing:AddTags', 'elasticloadbalancing:ApplySecurityGroupsToLoadBalancer',
                    'elasticloadbalancing:ConfigureHealthCheck', 'elasticloadbalancing:CreateLoadBalancer',
                    'elasticloadbalancing:DeleteLoadBalancer', 'elasticloadbalancing:DeleteTargetGroup',
                    'elasticloadbalancing:DeregisterInstancesFromLoadBalancer',
                    'elasticloadbalancing:DescribeLoadBalancerAttributes',
                    'elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeTags',
                    'elasticloadbalancing:ModifyLoadBalancerAttributes',
                    'elasticloadbalancing:RegisterInstancesWithLoadBalancer', 'elasticloadbalancing:RemoveTags',
                    'iam:CreateOpenIDConnectProvider', 'tag:GetResources',
                ],
                'Resource': ['*'],
                'Effect': 'Allow',
            },
            {
                'Action': [
                    'autoscaling:CreateAutoScalingGroup', 'autoscaling:UpdateAutoScalingGroup',
                    'autoscaling:CreateOrUpdateTags', 'autoscaling:StartInstanceRefresh',
                    'autoscaling:DeleteAutoScalingGroup', 'autoscaling:DeleteTags',
                ],
                'Resource': ['arn:*:autoscaling:*:*:autoScalingGroup:*:autoScalingGroupName/*'],
                'Effect': 'Allow',
            },
            {
                'Condition': {'StringLike': {'iam:AWSServiceName': 'autoscaling.amazonaws.com'}},
                'Action': ['iam:CreateServiceLinkedRole'],
                'Resource': ['arn:*:iam::*:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'],
                'Effect': 'Allow',
            },
            {
                'Condition': {'StringLike': {'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com'}},
                'Action': ['iam:CreateServiceLinkedRole'],
                'Resource': [
                    'arn:*:iam::*:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing',
                ],
                'Effect': 'Allow',
            },
            {
                'Condition': {'StringLike': {'iam:AWSServiceName': 'spot.amazonaws.com'}},
                'Action': ['iam:CreateServiceLinkedRole'],
                'Resource': ['arn:*:iam::*:role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot'],
                'Effect': 'Allow',
            },
            {
                'Action': ['iam:PassRole'],
                'Resource': ['arn:*:iam::*:role/*.cluster-api-provider-aws.sigs.k8s.io'],
                'Effect': 'Allow',
            },
            {
                'Action': ['secretsmanager:CreateSecret', 'secretsmanager:DeleteSecret', 'secretsmanager:TagResource'],
                'Resource': ['arn:*:secretsmanager:*:*:secret:aws.cluster.x-k8s.io/*'],
                'Effect': 'Allow',
            },
            {
                'Action': [
                    's3:DeleteObject', 's3:PutBucketOwnershipControls', 's3:PutBucketPolicy',
                    's3:PutBucketPublicAccessBlock', 's3:PutObjectAcl', 's3:PutObject',
                ],
                'Resource': ['arn:*:s3:::*'],
                'Effect': 'Allow',
            },
        ],
    },
    'PaletteControlPlanePolicy': {
        'Version': '2012-10-17',
        'Statement': [
            {
                'Action': [
                    'autoscaling:DescribeAutoScalingGroups', 'autoscaling:DescribeLaunchConfigurations',
                    'autoscaling:DescribeTags', 'ec2:DescribeInstances', 'ec2:DescribeImages',
                    'ec2:DescribeRegions', 'ec2:DescribeRouteTables', 'ec2:DescribeSecurityGroups',
                    'ec2:DescribeSubnets', 'ec2:DescribeVolumes', 'ec2:CreateSecurityGroup', 'ec2:CreateTags',
                    'ec2:CreateVolume', 'ec2:ModifyInstanceAttribute', 'ec2:ModifyVolume', 'ec2:AttachVolume',
                    'ec2:AuthorizeSecurityGroupIngress', 'ec2:CreateRoute', 'ec2:DeleteRoute',
                    'ec2:DeleteSecurityGroup', 'ec2:DeleteVolume', 'ec2:DetachVolume',
                    'ec2:RevokeSecurityGroupIngress', 'ec2:DescribeVpcs', 'elasticloadbalancing:AddTags',
                    'elasticloadbalancing:AttachLoadBalancerToSubnets',
                    'elasticloadbalancing:ApplySecurityGroupsToLoadBalancer',
                    'elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateLoadBalancerPolicy',
                    'elasticloadbalancing:CreateLoadBalancerListeners',
                    'elasticloadbalancing:ConfigureHealthCheck', 'elasticloadbalancing:DeleteLoadBalancer',
                    'elasticloadbalancing:DeleteLoadBalancerListeners',
                    'elasticloadbalancing:DescribeLoadBalancers',
                    'elasticloadbalancing:DescribeLoadBalancerAttributes',
                    'elasticloadbalancing:DetachLoadBalancerFromSubnets',
                    'elasticloadbalancing:DeregisterInstancesFromLoadBalancer',
                    'elasticloadbalancing:ModifyLoadBalancerAttributes',
                    'elasticloadbalancing:RegisterInstancesWithLoadBalancer',
                    'elasticloadbalancing:SetLoadBalancerPoliciesForBackendServer',
                    'elasticloadbalancing:CreateListener', 'elasticloadbalancing:CreateTargetGroup',
                    'elasticloadbalancing:DeleteListener', 'elasticloadbalancing:DeleteTargetGroup',
                    'elasticloadbalancing:DescribeListeners',
                    'elasticloadbalancing:DescribeLoadBalancerPolicies',
                    'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetHealth',
                    'elasticloadbalancing:ModifyListener', 'elasticloadbalancing:ModifyTargetGroup',
                    'elasticloadbalancing:RegisterTargets',
                    'elasticloadbalancing:SetLoadBalancerPoliciesOfListener', 'iam:CreateServiceLinkedRole',
                    'kms:DescribeKey', 'ec2:AssignIpv6Addresses', 'elasticloadbalancing:SetSecurityGroups',
                    'elasticloadbalancing:DeregisterTargets', 'sts:AssumeRole',
                ],
                'Resource': ['*'],
                'Effect': 'Allow',
            },
        ],
    },
    'PaletteNodesPolicy': {
        'Version': '2012-10-17',
        'Statement': [
            {
                'Action': [
                    'ec2:DescribeInstances', 'ec2:DescribeRegions', 'ecr:GetAuthorizationToken',
                    'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:GetRepositoryPolicy',
                    'ecr:DescribeRepositories', 'ecr:ListImages', 'ecr:BatchGetImage',
                    'ec2:AssignIpv6Addresses', 'ec2:CreateTags', 'ec2:DescribeTags',
                    'ec2:DescribeNetworkInterfaces', 'ec2:DescribeInstanceTypes',
                ],
                'Resource': ['*'],
                'Effect': 'Allow',
            },
            {
                'Action': ['secretsmanager:DeleteSecret', 'secretsmanager:GetSecretValue'],
                'Resource': ['arn:*:secretsmanager:*:*:secret:aws.cluster.x-k8s.io/*'],
                'Effect': 'Allow',
            },
            {
                'Action': [
                    'ssm:UpdateInstanceInformation', 'ssmmessages:CreateControlChannel',
                    'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel',
                    'ssmmessages:OpenDataChannel', 's3:GetEncryptionConfiguration',
                ],
                'Resource': ['*'],
                'Effect': 'Allow',
            },
        ],
    },
    'PaletteDeploymentPolicy': {
        'Version': '2012-10-17',
        'Statement': [
            {
                'Effect': 'Allow',
                'Action': [
                    'cloudformation:CreateStack', 'cloudformation:DescribeStacks', 'cloudformation:UpdateStack',
                    'ec2:CreateSnapshot', 'ec2:DeleteSnapshot', 'ec2:DescribeSnapshots', 'ec2:DescribeTags',
                    'ec2:DescribeVolumesModifications', 'ec2:DescribeKeyPairs', 'ec2:DeleteNetworkInterface',
                    'iam:AttachGroupPolicy', 'iam:CreatePolicy', 'iam:CreatePolicyVersion', 'iam:DeletePolicy',
                    'iam:DeletePolicyVersion', 'iam:DetachGroupPolicy', 'iam:GetGroup',
                    'iam:GetInstanceProfile', 'iam:GetPolicy', 'iam:GetUser', 'iam:ListPolicies',
                    'iam:ListPolicyVersions', 'pricing:GetProducts', 'sts:AssumeRole',
                    'sts:GetServiceBearerToken', 'iam:AddRoleToInstanceProfile', 'iam:AddUserToGroup',
                    'iam:CreateGroup', 'iam:CreateInstanceProfile', 'iam:CreateUser', 'iam:DeleteGroup',
                    'iam:DeleteInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:RemoveUserFromGroup',
                    'ec2:AttachVolume', 'ec2:CreateTags', 'ec2:CreateVolume', 'ec2:DeleteTags',
                    'ec2:DeleteVolume', 'ec2:DescribeAvailabilityZones', 'ec2:DescribeInstances',
                    'ec2:DescribeVolumes', 'ec2:DetachVolume', 'ec2:ModifyVolume',
                ],
                'Resource': '*',
            },
        ],
    },
    'PaletteControllersEKSPolicy': {
        'Version': '2012-10-17',
        'Statement': [
            {
                'Action': ['ssm:GetParameter'],
                'Resource': ['arn:*:ssm:*:*:parameter/aws/service/eks/optimized-ami/*'],
                'Effect': 'Allow',
            },
            {
                'Condition': {'StringLike': {'iam:AWSServiceName': 'eks.amazonaws.com'}},
                'Action': ['iam:CreateServiceLinkedRole'],
                'Resource': ['arn:*:iam::*:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS'],
                'Effect': 'Allow',
            },
            {
                'Condition': {'StringLike': {'iam:AWSServiceName': 'eks-nodegroup.amazonaws.com'}},
                'Action': ['iam:CreateServiceLinkedRole'],
                'Resource': [
                    'arn:*:iam::*:role/aws-service-role/eks-nodegroup.amazonaws.com/AWSServiceRoleForAmazonEKSNodegroup',
                ],
                'Effect': 'Allow',
            },
            {
                'Condition': {'StringLike': {'iam:AWSServiceName': 'eks-fargate.amazonaws.com'}},
                'Action': ['iam:CreateServiceLinkedRole'],
                'Resource': [
                    'arn:*:iam::*:role/aws-service-role/eks-fargate-pods.amazonaws.com/AWSServiceRoleForAmazonEKSForFargate',
                ],
                'Effect': 'Allow',
            },
            {
                'Action': [
                    'iam:AddClientIDToOpenIDConnectProvider', 'iam:CreateOpenIDConnectProvider',
                    'iam:DeleteOpenIDConnectProvider', 'iam:ListOpenIDConnectProviders',
                    'iam:UpdateOpenIDConnectProviderThumbprint', 'iam:GetOpenIDConnectProvider',
                ],
                'Resource': ['*'],
                'Effect': 'Allow',
            },
            {
                'Action': [
                    'iam:GetRole', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies',
                    'iam:DetachRolePolicy', 'iam:DeleteRole', 'iam:CreateRole', 'iam:TagRole', 'iam:UntagRole',
                    'iam:AttachRolePolicy',
                ],
                'Resource': ['arn:*:iam::*:role/*'],
                'Effect': 'Allow',
            },
            {'Action': ['iam:ListRoles'], 'Resource': ['*'], 'Effect': 'Allow'},
            {
                'Action': ['iam:GetPolicy'],
                'Resource': ['arn:aws:iam::aws:policy/AmazonEKSClusterPolicy'],
                'Effect': 'Allow',
            },
            {
                'Action': [
                    'eks:DescribeCluster', 'eks:ListClusters', 'eks:CreateCluster', 'eks:TagResource',
                    'eks:UpdateClusterVersion', 'eks:DeleteCluster', 'eks:UpdateClusterConfig',
                    'eks:UntagResource', 'eks:UpdateNodegroupVersion', 'eks:DescribeNodegroup',
                    'eks:DeleteNodegroup', 'eks:UpdateNodegroupConfig', 'eks:CreateNodegroup',
                    'eks:AssociateEncryptionConfig', 'eks:ListIdentityProviderConfigs',
                    'eks:AssociateIdentityProviderConfig', 'eks:DescribeIdentityProviderConfig',
                    'eks:DisassociateIdentityProviderConfig',
                ],
                'Resource': ['arn:*:eks:*:*:cluster/*', 'arn:*:eks:*:*:nodegroup/*/*/*'],
                'Effect': 'Allow',
            },
            {
                'Action': [
                    'ec2:AssociateVpcCidrBlock', 'ec2:DisassociateVpcCidrBlock', 'eks:ListAddons',
                    'eks:CreateAddon', 'eks:DescribeAddonVersions', 'eks:DescribeAddon', 'eks:DeleteAddon',
                    'eks:UpdateAddon', 'eks:TagResource', 'eks:DescribeFargateProfile',
                    'eks:CreateFargateProfile', 'eks:DeleteFargateProfile',
                ],
                'Resource': ['*'],
                'Effect': 'Allow',
            },
            {
                'Condition': {'StringEquals': {'iam:PassedToService': 'eks.amazonaws.com'}},
                'Action': ['iam:PassRole'],
                'Resource': ['*'],
                'Effect': 'Allow',
            },
            {
                'Condition': {'ForAnyValue:StringLike': {'kms:ResourceAliases': 'alias/cluster-api-provider-aws-*'}},
                'Action': ['kms:CreateGrant', 'kms:DescribeKey'],
                'Resource': ['*'],
                'Effect': 'Allow',
            },
        ],
    },
    'PaletteEKSSecretsEncryptionKMSPolicy': {
        'Version': '2012-10-17',
        'Statement': [
            {
                'Sid': 'Statement1',
                'Effect': 'Allow',
                'Action': ['kms:ListKeys', 'kms:ListAliases'],
                'Resource': ['*'],
            },
            {
                'Sid': 'Statement2',
                'Effect': 'Allow',
                'Action': ['kms:DescribeKey', 'kms:CreateGrant'],
                'Resource': ['*'],
            },
        ],
    },
}
