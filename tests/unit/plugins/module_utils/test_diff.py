# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._api.diff import (
    SECRET_MARKER,
    changed_keys,
    hide_secrets,
    normalise,
    overlay,
)


def test_normalise_drops_empties_and_sorts_keys():
    value = {"b": None, "a": {"y": [], "x": 1}, "c": "", "d": {}, "e": [None, {"k": None}], "f": 0, "g": False}
    result = normalise(value)
    assert result == {"a": {"x": 1}, "e": [None, None], "f": 0, "g": False}
    assert list(result) == ["a", "e", "f", "g"]


def test_none_empty_list_and_empty_dict_compare_equal():
    assert [normalise(v) for v in (None, [], {}, "")] == [None] * 4
    assert normalise({"taints": None}) == normalise({"taints": []})


def test_lists_keep_their_order():
    assert normalise(["b", "a"]) == ["b", "a"]
    assert normalise(("a",)) == ["a"]


def test_changed_keys_ignores_unmanaged_keys():
    desired = {"size": 3, "min_size": None, "labels": {"team": "a"}}
    current = {"size": 3, "min_size": 1, "labels": {"team": "a", "other": "x"}, "extra": True}
    assert changed_keys(desired, current) == []


def test_changed_keys_reports_nested_paths():
    desired = {"size": 4, "endpoint": {"public": False, "cidrs": ["10.0.0.0/8"]}}
    current = {"size": 3, "endpoint": {"public": True, "cidrs": ["10.0.0.0/8"]}}
    assert changed_keys(desired, current) == ["endpoint.public", "size"]


def test_changed_keys_empty_wanted_list_is_managed():
    assert changed_keys({"taints": []}, {"taints": [{"key": "a"}]}) == ["taints"]
    assert changed_keys({"taints": []}, {"taints": None}) == []
    assert changed_keys({"taints": []}, {}) == []


def test_changed_keys_whole_dicts():
    desired = {"tags": {"a": "1"}}
    current = {"tags": {"a": "1", "b": "2"}}
    assert changed_keys(desired, current) == []
    assert changed_keys(desired, current, whole=("tags",)) == ["tags"]


def test_changed_keys_against_missing_current():
    assert changed_keys({"a": {"b": 1}}, None) == ["a.b"]


def test_overlay_predicts_the_object():
    current = {"uid": "p1", "size": 2, "labels": {"a": "1"}, "tags": {"x": "1"}}
    predicted = overlay(current, {"size": 5, "labels": {"b": "2"}, "tags": {"y": "2"}, "min_size": None},
                        whole=("tags",))
    assert predicted == {"uid": "p1", "size": 5, "labels": {"a": "1", "b": "2"}, "tags": {"y": "2"}}
    assert current["size"] == 2  # untouched


def test_hide_secrets():
    value = {"name": "acct", "spec": {"secretKey": "abc", "accessKey": "AKIA"}, "list": [{"secretKey": None}]}
    hidden = hide_secrets(value, {"secretKey"})
    assert hidden["spec"] == {"secretKey": SECRET_MARKER, "accessKey": "AKIA"}
    assert hidden["list"] == [{"secretKey": None}]
    assert value["spec"]["secretKey"] == "abc"
