# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from specs_fixtures import assert_valid, example

from ansible_collections.palette.aws.plugins.module_utils._specs import fargate as fp

WEB = {'name': 'fp-web', 'subnets': ['subnet-0aaa1111bbbb2222c'], 'additional_tags': {'team': 'web'},
       'selectors': [{'namespace': 'web', 'labels': {'app': 'frontend'}}, {'namespace': 'jobs'}]}
CURRENT = [
    {'name': 'fp-web', 'subnetIds': ['subnet-0aaa1111bbbb2222c'], 'additionalTags': {'team': 'web'},
     'selectors': [{'namespace': 'web', 'labels': {'app': 'frontend'}}]},
    {'name': 'fp-other', 'subnetIds': ['subnet-0ddd3333eeee4444f'], 'additionalTags': None,
     'selectors': [{'namespace': 'other', 'labels': None}]},
]


def test_build_matches_example():
    body = {'fargateProfiles': [fp.build_fargate_profile(WEB)]}
    assert_valid('v1EksFargateProfiles', body)
    assert body == example('eks-fargate-update')


def test_merge_replaces_one_and_keeps_the_others_untouched():
    merged = fp.merge_fargate_profiles(copy.deepcopy(CURRENT), WEB, 'present')
    assert_valid('v1EksFargateProfiles', {'fargateProfiles': merged})
    assert [p['name'] for p in merged] == ['fp-web', 'fp-other']
    assert merged[0]['selectors'][1] == {'namespace': 'jobs'}
    assert merged[1] == {'name': 'fp-other', 'subnetIds': ['subnet-0ddd3333eeee4444f'],
                         'selectors': [{'namespace': 'other', 'labels': None}]}


def test_merge_keeps_unset_options_of_the_current_profile():
    merged = fp.merge_fargate_profiles(CURRENT, {'name': 'fp-web', 'selectors': [{'namespace': 'api'}]}, 'present')
    assert merged[0] == {'name': 'fp-web', 'subnetIds': ['subnet-0aaa1111bbbb2222c'], 'additionalTags': {'team': 'web'},
                         'selectors': [{'namespace': 'api'}]}


def test_merge_appends_and_removes():
    added = fp.merge_fargate_profiles(CURRENT, {'name': 'new', 'selectors': [{'namespace': 'n'}]}, 'present')
    assert [p['name'] for p in added] == ['fp-web', 'fp-other', 'new']
    removed = fp.merge_fargate_profiles(CURRENT, {'name': 'fp-web'}, 'absent')
    assert [p['name'] for p in removed] == ['fp-other']
    assert fp.merge_fargate_profiles(CURRENT, {'name': 'missing'}, 'absent') == fp.merge_fargate_profiles(CURRENT, {'name': 'x'}, 'absent')
    assert fp.merge_fargate_profiles([], {'name': 'fp-web'}, 'absent') == []


def test_merge_list_with_purge():
    merged = fp.merge_fargate_profile_list(CURRENT, [WEB], purge=True)
    assert [p['name'] for p in merged] == ['fp-web']
    assert [p['name'] for p in fp.merge_fargate_profile_list(CURRENT, [WEB])] == ['fp-web', 'fp-other']


def test_normalise_and_differences():
    current = fp.normalise_fargate_profile(CURRENT[0])
    assert current == {'name': 'fp-web', 'subnets': ['subnet-0aaa1111bbbb2222c'],
                       'selectors': [{'namespace': 'web', 'labels': {'app': 'frontend'}}], 'additional_tags': {'team': 'web'}}
    assert fp.fargate_profile_differences({'name': 'fp-web'}, current) == {}
    diffs = fp.fargate_profile_differences(WEB, current)
    assert list(diffs) == ['selectors']
    same_other_order = {'name': 'fp-web', 'selectors': [{'namespace': 'web', 'labels': {'app': 'frontend'}}]}
    assert fp.fargate_profile_differences(same_other_order, current) == {}


def test_validate_good_profile():
    assert fp.validate_fargate_profile(WEB, 'fargate_profiles[0]', static=True) == []
    assert fp.validate_fargate_profile({'name': 'wild', 'selectors': [{'namespace': 'team-*'}]}) == []


def test_effective_fargate_profile_keeps_unset_options():
    current = [{"name": "fp", "subnetIds": ["subnet-b", "subnet-a"], "additionalTags": {"t": "1"},
                "selectors": [{"namespace": "web"}]}]
    desired = {"name": "fp", "subnets": None, "selectors": [{"namespace": "api", "labels": None}],
               "additional_tags": None}
    eff = fp.effective_fargate_profile(desired, current)
    assert eff == {"name": "fp", "subnets": ["subnet-a", "subnet-b"],
                   "selectors": [{"namespace": "api", "labels": None}], "additional_tags": {"t": "1"}}
    new = dict(desired, name="other")
    assert fp.effective_fargate_profile(new, current) is new
