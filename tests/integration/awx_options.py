"""Option names of the awx.awx modules the files under extensions/awx/ are written for (facts recorded from awx.awx's
source, so the tests need neither the collection nor a controller).

Recorded from github.com/ansible/awx, awx_collection/plugins/modules/<module>.py, the ``argument_spec`` of main():
  job_template.py      commit 534763727f58b5e06153f6d0db01553bfcf7823a
  schedule.py          commit 0e11de05d224d076d02205295c8dfa34376d7aed
  inventory_source.py  commit 03308705ea5995cd4395b45755d4b202c3a0fece
  inventory.py         commit 0e3acc969fcb16aecf3f2a1e5880f4d35c5cff6a
  credential_type.py   commit 06b04007a033aa6462cd1836e02e75a78c4f08d0
Aliases are listed with the option they stand for; the controller connection options that every awx.awx module
takes (controller_host, ...) are not used here and not listed.
"""

JOB_TEMPLATE = {
    "name", "new_name", "copy_from", "description", "organization", "job_type", "inventory", "project", "playbook",
    "credential", "vault_credential", "credentials", "execution_environment", "custom_virtualenv", "instance_groups",
    "forks", "limit", "verbosity", "extra_vars", "job_tags", "force_handlers", "skip_tags", "start_at_task", "timeout",
    "use_fact_cache", "host_config_key", "ask_diff_mode_on_launch", "ask_variables_on_launch", "ask_limit_on_launch",
    "ask_tags_on_launch", "ask_skip_tags_on_launch", "ask_job_type_on_launch", "ask_verbosity_on_launch",
    "ask_inventory_on_launch", "ask_credential_on_launch", "ask_execution_environment_on_launch", "ask_forks_on_launch",
    "ask_instance_groups_on_launch", "ask_job_slice_count_on_launch", "ask_labels_on_launch", "ask_timeout_on_launch",
    "survey_enabled", "survey_spec", "become_enabled", "diff_mode", "allow_simultaneous", "scm_branch",
    "ask_scm_branch_on_launch", "job_slice_count", "webhook_service", "webhook_credential", "labels",
    "notification_templates_started", "notification_templates_success", "notification_templates_error",
    "prevent_instance_group_fallback", "state",
    # aliases
    "force_handlers_enabled", "fact_caching_enabled", "ask_diff_mode", "ask_extra_vars", "ask_limit", "ask_tags",
    "ask_skip_tags", "ask_job_type", "ask_verbosity", "ask_inventory", "ask_credential", "ask_execution_environment",
    "ask_forks", "ask_instance_groups", "ask_job_slice_count", "ask_labels", "ask_timeout", "diff_mode_enabled",
    "concurrent_jobs_enabled",
}
JOB_TEMPLATE_CHOICES = {"job_type": {"run", "check"}}

SCHEDULE = {
    "rrule", "name", "new_name", "description", "execution_environment", "extra_data", "forks", "instance_groups",
    "inventory", "job_slice_count", "labels", "timeout", "credentials", "scm_branch", "job_type", "job_tags",
    "skip_tags", "limit", "diff_mode", "verbosity", "unified_job_template", "organization", "enabled", "state",
}

INVENTORY_SOURCE = {
    "name", "new_name", "description", "inventory", "source", "source_path", "source_vars", "enabled_var",
    "enabled_value", "host_filter", "limit", "credential", "execution_environment", "custom_virtualenv", "organization",
    "overwrite", "overwrite_vars", "timeout", "verbosity", "update_on_launch", "update_cache_timeout", "source_project",
    "scm_branch", "notification_templates_started", "notification_templates_success", "notification_templates_error",
    "state",
}
INVENTORY_SOURCE_CHOICES = {"source": {"scm", "ec2", "gce", "azure_rm", "vmware", "satellite6", "openstack", "rhv",
                                       "controller", "insights", "hcloud"}}

INVENTORY = {
    "name", "new_name", "copy_from", "description", "organization", "variables", "kind", "host_filter",
    "instance_groups", "prevent_instance_group_fallback", "state", "input_inventories",
}
INVENTORY_REQUIRED = {"name", "organization"}

CREDENTIAL_TYPE = {"name", "description", "kind", "inputs", "injectors", "state"}

# The keys a field of a custom credential type's inputs may have (awx/main/fields.py, CredentialTypeInputField:
# its JSON schema has additionalProperties false); "default" is left out: older controllers reject it.
CREDENTIAL_INPUT_FIELD = {"id", "label", "type", "format", "choices", "help_text", "multiline", "secret",
                          "ask_at_runtime"}

# A survey question must carry these keys, and its type be one of these (the controller's survey spec validation,
# awx/api/views/__init__.py, JobTemplateSurveySpec).
SURVEY_QUESTION_REQUIRED = {"question_name", "variable", "type", "required"}
SURVEY_TYPES = {"text", "textarea", "password", "integer", "float", "multiplechoice", "multiselect"}

MODULES = {"credential_type": CREDENTIAL_TYPE, "inventory": INVENTORY, "inventory_source": INVENTORY_SOURCE,
           "job_template": JOB_TEMPLATE, "schedule": SCHEDULE}
