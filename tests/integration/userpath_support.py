"""Helpers for the tests of the user's path (issue 14): the shipped example variables, collection playbooks run by
their FQCN, and the results of the roles' tasks by their short names."""

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
EMULATOR_VARS = REPO / "playbooks" / "vars" / "emulator.yml"


def emulator_vars(**overrides):
    """playbooks/vars/emulator.yml as a dict (the file `make emulator` users pass with -e @), plus overrides."""
    data = yaml.safe_load(EMULATOR_VARS.read_text())
    data.update(overrides)
    return data


def fqcn_playbook(directory, name):
    """A one-line playbook importing the collection playbook ``palette.aws.<name>`` (FQCN), as users run it."""
    path = Path(directory) / ("%s.yml" % name)
    path.write_text("---\n- name: palette.aws.%s\n  ansible.builtin.import_playbook: palette.aws.%s\n" % (name, name))
    return path


def short(task):
    """Task name without the "palette.aws.<role> : " prefix the callback records for role tasks."""
    return task.split(" : ", 1)[-1]


def task_entries(result, task):
    return [e for e in result.results if short(e["task"]) == task]


def changed_tasks(result):
    return [short(e["task"]) for e in result.results if e["status"] == "changed"]
