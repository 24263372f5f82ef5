"""Rebuild the indicator tables of plan documents into rows and columns.

``find_tables(text, grids)`` returns every table of a document as a
:class:`planscope.model.Table`. Three layouts are read:

* ``grid``: tables that arrived as grids from docx/html readers;
* ``spaced``: cells separated by runs of spaces or tabs, rows wrapping over lines
  (``pdftotext -layout`` columns aligned by position included);
* ``flattened``: one cell per line (PDF text), some cells and characters lost: numbered
  rows (``flattened.py``), and rows of a label and values without 序号, interleaved or in
  separate blocks of labels and values, headers broken a character a line around the
  caption (``labelled.py``, the tables of statistical bulletins).

Tables are found from a header word (序号, 指标, 类别 …) standing as a whole cell, or
from a numbered title (表N) where the header has none. Every front end cuts the table
into pieces; one reader (``reader.py`` + ``rows.py``) rebuilds the rows from them.

The language knowledge (units, attribute words, header words, category patterns)
is data: ``planscope/data/table_vocab.toml``.
"""

from planscope.structure.tables.detect import find_tables

__all__ = ["find_tables"]
