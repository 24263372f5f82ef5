"""Headline facts of statistical bulletins (统计公报) and government work reports (政府工作报告).

A bulletin states hundreds of numbers; its headline facts are few (GDP and its growth,
the sectors, population, income, retail sales, trade, budget revenue, grain, CPI …).
``select_headlines`` finds them, named after the headline list in
``data/headline_indicators.toml`` and with the catalogue id of the measure;
``select_work_report`` keeps, of a work report's reported actuals, its headline facts.

Stages.

1. **Reading** (``bulletins.reading``): the text as a PDF converter left it is read
   back into sentences: page footers and running headers dropped, lines broken inside
   a sentence rejoined (``地区生产总\\n值``), footnote marks dropped (``[2]``, ``②``),
   with an offset map so that every value keeps the span of its number in the original.
2. **Prose** (``bulletins.prose``): every number of the reading is matched to the
   headline whose name ends nearest before it in the same sentence, when only
   connective wording stands between (为, 达到, 比上年增长, 按可比价格计算, a bracketed
   aside, at most two earlier numbers of the same subject: 常住人口942.34万人，比上年末
   增加10.37万人，增长1.11%).  Where names overlap, the longest wins (城镇居民人均可支配
   收入 over 居民人均可支配收入); a name right after a qualifier of the headline's
   ``not_after`` (限额以上社会消费品零售总额) is a breakdown and names nothing.  The last
   verb and the unit give the measure: a % after 增长/上涨/下降 is a growth rate, signed
   (下降 is negative); 个百分点 or an amount after 增加/减少/提升 is a change; a verb
   followed by 至/到 (提升至63%) gives the new level; a % without a verb is a share, an
   amount a level; 年均 marks an average annual rate; a value after 高于/快于 (a gap
   to another subject) is none.  A 美元 amount of a 元 subject is reported as
   ``<name>（美元）``.  A measure the headline does not list is dropped.
3. **Tables**: the tables ``planscope.structure.tables`` rebuilt (the ones the document stores:
   grids, spaced and ``-layout`` tables, flattened ones with labels and values
   interleaved or apart); ``bulletins.tables`` says which column holds which year, unit
   and measure.  A table value belongs to
   a headline when its row label, without numbering, footnote marks and bracketed
   units, is one of the headline's names (全年/全市/年末 allowed in front); a price
   index with the previous year = 100 (101.5) becomes a change (1.5).
4. **Year**: prose values are of the bulletin's year (``bulletin_year``: the title's,
   else the first ``YYYY年`` that is not a release date); a table value keeps its
   column's year.
5. **First mention wins**: of several values for one (headline, measure, year) the
   first in the document is kept; later ones are breakdowns, restatements or summaries.
"""

from planscope.extraction.bulletins.data import Headline, headlines
from planscope.extraction.bulletins.select import bulletin_year, select_headlines
from planscope.extraction.bulletins.work_reports import select_work_report

__all__ = ["Headline", "bulletin_year", "headlines", "select_headlines", "select_work_report"]
