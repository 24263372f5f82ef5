"""Rebuild the indicator tables of plan documents into rows and columns.

``find_tables(text, grids)`` returns every table of a document as a
:class:`planscope.model.Table`. Three layouts are read:

* ``grid``: tables that arrived as grids from docx/html readers;
* ``spaced``: cells separated by runs of spaces or tabs, rows wrapping over lines;
* ``flattened``: one cell per line (PDF text), some cells and characters lost.

The language knowledge (units, attribute words, header words, category patterns)
is data: ``planscope/data/table_vocab.toml``.
"""

from planscope.tables.detect import find_tables

__all__ = ["find_tables"]
