"""Changes between two versions of the standards: compared entity by entity (`diff`), said in
the playbook's language (`wording`), listed as Markdown (`markdown`: for `diff` and the site) and
gathered release by release (`history`)."""
