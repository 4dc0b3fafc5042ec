"""The project lookup is paid once (issue 15 item 3), counted in the emulator's request log.

- A project given by name costs one lookup (GET /v1/dashboard/projects/metadata) per task and host.
- A project given by uid costs none.
- The palette.aws.palette_project_uid lookup, run once with set_fact and passed in module_defaults, makes it one
  lookup per play, whatever the number of tasks and hosts.
"""

from support import play, res, task

PROJECTS = "/v1/dashboard/projects/metadata"
INVENTORY = "\n".join("%s ansible_connection=local" % h for h in ("cluster-a", "cluster-b", "cluster-c")) + "\n"


def lookups(emu):
    return len(emu.requests(method="GET", path_prefix=PROJECTS))


def profile_tasks(count):
    return [task("profiles %d" % n, "palette.aws.cluster_profile_info", {"cloud_type": "eks"},
                 delegate_to="localhost") for n in range(count)]


def test_a_name_costs_a_lookup_per_task_and_host_a_uid_none(clean_env, run_playbook):
    emu = clean_env
    emu.clear_requests()
    by_name = run_playbook(play(profile_tasks(2), hosts="all"), inventory=INVENTORY)
    assert by_name.rc == 0, by_name
    assert lookups(emu) == 2 * 3

    emu.clear_requests()
    uid = emu.project_uid("Default")
    by_uid = run_playbook(play(profile_tasks(2), hosts="all"), inventory=INVENTORY, env={"PALETTE_PROJECT": uid})
    assert by_uid.rc == 0, by_uid
    assert lookups(emu) == 0
    assert len(emu.requests(path_prefix="/v1/dashboard/clusterprofiles/metadata")) == 2 * 3
    # the same profiles: the uid selected the same project
    assert res(by_uid, "profiles 0")["profiles"] == res(by_name, "profiles 0")["profiles"] != []


def test_the_lookup_plugin_resolves_the_project_once_per_play(clean_env, run_playbook):
    emu = clean_env
    resolve = {"name": "resolve the project once",
               "ansible.builtin.set_fact": {"project_uid": "{{ lookup('palette.aws.palette_project_uid', 'Team-B') }}"},
               "run_once": True}
    tasks = [resolve] + profile_tasks(3)
    playbook = play(tasks, hosts="all",
                    module_defaults={"group/palette.aws.palette": {"palette_project": "{{ project_uid }}"}})
    emu.clear_requests()

    result = run_playbook(playbook, inventory=INVENTORY)

    assert result.rc == 0, result
    assert lookups(emu) == 1                     # 3 tasks x 3 hosts = 9 module runs, one lookup
    searches = emu.requests(path_prefix="/v1/dashboard/clusterprofiles/metadata")
    assert len(searches) == 9
    team_b = emu.project_uid("Team-B")
    assert team_b != emu.project_uid("Default")
    assert {e["project"] for e in searches} == {team_b}


def test_the_lookup_plugin_names_a_missing_project(clean_env, run_playbook):
    tasks = [{"name": "resolve", "ansible.builtin.debug": {"msg": "{{ lookup('palette.aws.palette_project_uid', "
                                                                  "'Team-Z') }}"}, "ignore_errors": True}]
    result = run_playbook(play(tasks))
    msg = res(result, "resolve")["msg"]
    assert "palette_project_uid" in msg and "'Team-Z' not found" in msg and "Default" in msg, msg
    assert clean_env.api_key not in result.stdout + result.stderr
