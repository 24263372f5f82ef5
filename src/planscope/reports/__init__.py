"""Report writers: documents made from the views (``planscope.views``), never from queries.

- ``bulletin``: the periodic bulletin (通报) as a docx in official document style (GB/T 9704-2012)
  and as an xlsx of every task;
- ``monitoring``, ``monitoring_xlsx``: the plan-implementation report (年度监测报告, 中期评估报告,
  总结评估报告) from ``views.report.report_view`` as a docx and an xlsx (``write_report`` also
  makes the PDF), with ``charts`` (matplotlib, Noto CJK) for its figures;
- ``officialdoc``: the page, fonts, paragraphs and tables of GB/T 9704 that the writers share;
- ``convert``: docx → PDF with LibreOffice headless, the GB fonts rendered with Noto CJK
  (``fonts.conf``) where they are absent.
"""
