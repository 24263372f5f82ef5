"""Report writers: documents made from the views (``planscope.views``), never from queries.

- ``bulletin``: the periodic bulletin (通报) as a docx in official document style (GB/T 9704-2012)
  and as an xlsx of every task;
- ``convert``: docx → PDF with LibreOffice headless, the GB fonts rendered with Noto CJK
  (``fonts.conf``) where they are absent.
"""
