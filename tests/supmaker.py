"""A small supervised library for the bulletin, assessment and command-line tests: 示例市's
units and five tasks as they stand at the end of 2026-Q3 — one done, one late with its reason,
one late without, one in progress, one never reported (at risk by then)."""

from __future__ import annotations

from datetime import date

from planscope.accounts.roles import local_operator
from planscope.store import Database
from planscope.supervision.tasks import NewTask, create_task
from planscope.supervision.units import add_unit
from planscope.supervision.updates import NewUpdate, add_update

OP = local_operator()
START = date(2026, 1, 20)
UNITS = (("示例市发展和改革委员会", ("市发改委", "发改委")), ("示例市财政局", ("市财政局",)),
         ("示例市科学技术局", ("市科技局",)), ("示例市交通运输局", ("市交通运输局",)))
TASKS = (
    ("全面实施行政许可事项清单管理", "市发改委", ("市财政局",), "2026年3月底前"),
    ("落实减税降费政策，完成涉企收费目录清单动态调整", "市财政局", ("市发改委",), "2026年6月底前"),
    ("建设示例市科技成果转化中心", "市科技局", (), "2026年8月底前"),
    ("示例港二期码头工程完成主体结构施工", "市交通运输局", ("市发改委",), "2026年12月底前"),
    ("实施研发投入提升行动", "市科技局", ("市财政局",), "2026年12月底前"),
)
UPDATES = (  # task number, unit, day, text, percent, reason
    (1, "市发改委", date(2026, 3, 25), "市级行政许可事项清单已编制完成并公布，共312项。", 100, None),
    (2, "市财政局", date(2026, 7, 10), "收费目录清单已完成调整，待审定后公布。", 80,
     "涉及省级收费项目调整，待省财政厅批复"),
    (4, "市交通运输局", date(2026, 9, 20), "码头主体结构完成65%，沉箱预制全部完成。", 65, None),
)


def build(db: Database) -> list[int]:
    """The units, tasks and updates; the tasks' ids in the order of TASKS."""
    with db.session() as s:
        for name, aliases in UNITS:
            add_unit(s, OP, "示例市", name, aliases)
        ids = [create_task(s, OP, NewTask(region="示例市", text=text, lead=[lead], co=co, deadline=deadline,
                                          started_on=START, frequency="quarterly")).id
               for text, lead, co, deadline in TASKS]
        for n, unit, day, text, percent, reason in UPDATES:
            add_update(s, OP, NewUpdate(ids[n - 1], unit, day, text, percent, late_reason=reason))
    return ids
