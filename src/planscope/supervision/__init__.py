"""Supervision of plan implementation (issue 13): tasks and their units, progress updates,
status computed as of a date, revisions of targets and tasks, the periodic bulletin's rows and
the assessment.

- ``units``: a region's responsible units with aliases and members;
- ``tasks``: create (by hand), follow (frequency, start, milestones, links), read back;
- ``importing``: tasks from task extraction's records, units assigned by the body catalogue;
- ``updates``: progress updates, attachments, the lead unit's confirmation;
- ``status``: ``task_status`` — the one rule (未启动/推进中/已完成/滞后/有风险);
- ``revisions``: 调整修订 of targets and tasks, and the value in force at a date;
- ``assessment``: scores per unit and region from ``data/scoring.toml``;
- ``periods``: periods (2026-Q1) and deadlines typed by hand;
- ``rules``: the data files of supervision.

Every write takes the acting principal, checks ``accounts.can`` for the region and is audited
in the same transaction.
"""
