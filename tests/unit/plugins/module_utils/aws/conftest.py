# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures for the AWS module_utils tests: fake credentials and moto's in-process mock."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest

boto3 = pytest.importorskip('boto3')
moto = pytest.importorskip('moto')

REGION = 'us-east-1'


@pytest.fixture
def aws_env(monkeypatch):
    """Fake credentials, a region, no metadata probing and no endpoint/profile leaking in from the shell."""
    for name in list(os.environ):
        if name.startswith('AWS_'):
            monkeypatch.delenv(name)
    monkeypatch.setenv('AWS_ACCESS_KEY_ID', 'testing')
    monkeypatch.setenv('AWS_SECRET_ACCESS_KEY', 'testing')
    monkeypatch.setenv('AWS_DEFAULT_REGION', REGION)
    monkeypatch.setenv('AWS_EC2_METADATA_DISABLED', 'true')


@pytest.fixture
def mocked(aws_env):
    with moto.mock_aws():
        yield


@pytest.fixture
def clients(mocked):
    """clients(service) -> one boto3 client per service, like the modules' aws_client()."""
    cache = {}

    def get(service):
        if service not in cache:
            cache[service] = boto3.client(service, region_name=REGION)
        return cache[service]
    return get


@pytest.fixture
def ec2(clients):
    return clients('ec2')


class CallCounter(object):
    """Counts API operations made by a boto3 client (botocore 'before-call' event)."""

    def __init__(self, *clients):
        self.calls = []
        for client in clients:
            client.meta.events.register('before-call.*.*', self._record)

    def _record(self, model, **kwargs):
        self.calls.append(model.name)

    def count(self, name):
        return self.calls.count(name)


@pytest.fixture
def count_calls():
    return CallCounter
