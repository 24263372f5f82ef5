"""What a person looks at, computed once: one function per screen, returning typed rows.

The CLI renders these with Rich (``planscope.cli.terminal``), the web with templates and the
reports with docx/xlsx writers; none of them computes a row, a column set, a label or a
summary of its own.

    docs_view(session)                      → list[DocRow]        the plan library
    document_view(session, ref, with_text)  → DocumentView        facts, outline, tables, text and its records
    targets_view(session, TargetFilter)     → TargetsView         targets or reported actuals
    progress_view(session, region, year)    → ProgressView        every target's progress + summary
    completion_view(session, doc)           → CompletionView      a completion table judged
    alignment_view(session, region, …)      → AlignmentView       comparisons, chains, implied checks, coverage
    evaluation_view(gold, what, corpus)     → EvaluationView      extraction scored against annotations
    report_view(session, region, year, kind) → ReportView         a monitoring/evaluation report's rows (views.report)
"""

from planscope.records import CompletionRow
from planscope.views.completion import CompletionView, completion_view
from planscope.views.document import DocumentView, FactRow, SectionNode, TableItem, document_view
from planscope.views.library import DocRow, docs_view
from planscope.views.progress import PROGRESS_COLUMNS, ProgressView, SummaryRow, progress_view
from planscope.views.targets import ACTUAL_COLUMNS, TARGET_COLUMNS, TargetsView, targets_view

__all__ = [
    "ACTUAL_COLUMNS", "PROGRESS_COLUMNS", "TARGET_COLUMNS", "CompletionRow", "CompletionView", "DocRow",
    "DocumentView", "FactRow", "ProgressView", "SectionNode", "SummaryRow", "TableItem", "TargetsView",
    "completion_view", "docs_view", "document_view", "progress_view", "targets_view",
]  # fmt: skip
