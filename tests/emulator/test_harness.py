"""The run_playbook harness works end to end (ansible-playbook -> emulator) and records results."""


def test_run_playbook_uri_against_emulator(clean_env, run_playbook):
    play = [{
        "hosts": "localhost", "gather_facts": False,
        "tasks": [
            {"name": "who am i", "ansible.builtin.uri": {
                "url": "{{ lookup('env', 'PALETTE_HOST') }}/v1/users/info",
                "headers": {"ApiKey": "{{ lookup('env', 'PALETTE_API_KEY') }}"}, "return_content": True}},
            {"name": "bad key", "ansible.builtin.uri": {
                "url": "{{ lookup('env', 'PALETTE_HOST') }}/v1/users/info", "headers": {"ApiKey": "nope"},
                "status_code": 401}},
            {"name": "skipped one", "ansible.builtin.debug": {"msg": "x"}, "when": "false"},
            {"name": "aws env is set", "ansible.builtin.assert": {"that": [
                "lookup('env', 'AWS_ENDPOINT_URL') == aws_url", "lookup('env', 'PALETTE_PROJECT') == 'Default'"]}},
        ]}]
    res = run_playbook(play, extra_vars={"aws_url": clean_env.aws_endpoint_url})
    assert res.rc == 0, res
    assert res.result("who am i")["result"]["json"]["tenantUid"]
    assert res.result("who am i")["status"] == "ok" and res.result("who am i")["host"] == "localhost"
    assert res.result("skipped one")["status"] == "skipped"
    assert [(e["method"], e["path"], e["status"]) for e in clean_env.requests()] == [
        ("GET", "/v1/users/info", 200), ("GET", "/v1/users/info", 401)]


def test_run_playbook_failure_and_check_mode(clean_env, run_playbook):
    play = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: fails
      ansible.builtin.fail:
        msg: boom
"""
    res = run_playbook(play, check=True, diff=True)
    assert res.rc == 2
    assert res.result("fails")["status"] == "failed" and res.result("fails")["result"]["msg"] == "boom"
