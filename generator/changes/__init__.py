"""Changes between two versions of the standards: compared entity by entity (`diff`), said in
the playbook's language (`wording`), and gathered release by release (`history`)."""
