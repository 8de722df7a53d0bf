"""Projects: each project's amount in its overview (实施方案, 年度预算安排) and target table.

The overview is numbered ①…⑥ or （1）…（6）; the 实施方案 lists items and their total (共计),
the 年度预算安排 gives the year's amount. The 项目绩效目标表 is a table in the text layer: its
项目名称 may wrap over lines, and 年度资金总额 / 财政拨款 / 其他资金 / 上年结转 carry bare numbers
(the table is in 万元), so it is read line by line rather than as sentences.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

from .claims import FIGURE, Claim, stated
from .document import Document, Sentence, normalise_line

if TYPE_CHECKING:
    from .claims import Extraction

# "④实施方案：", "（6）年度预算安排：", "6.年度预算安排" — the numbered items of an overview.
PROJECT_ITEM = re.compile(
    r"^(?:[①②③④⑤⑥⑦⑧⑨⑩]|（\d{1,2}）|\d{1,2}[.、](?!\d))?\s*"
    r"(?P<item>项目概述|立项依据|实施主体|实施方案|实施周期|年度预算安排|年度预算)"
)
# "1.2024年医保经办激励经费、慢性病鉴定费" — a project title.
PROJECT_TITLE = re.compile(r"^\d{1,2}[.、](?=\D|20\d\d)\s*(?P<name>.+)$")
SECTION_NAME = re.compile(r"^（[一二三四五六七八九十]+）\s*(?P<name>.*?)(?:项目)?(?:情况)?说明$")
PLAN_TOTAL = re.compile(r"共计|合计|总计|共$|共\d")
TARGET_FIELD = re.compile(
    r"^(?P<field>年度资金总额|其中：财政拨款|财政拨款|其他资金|上年结转)(?P<num>-?\d+(?:\.\d+)?)?$"
)
TARGET_KEYS = {"年度资金总额": "total", "其中：财政拨款": "fiscal", "财政拨款": "fiscal",
               "其他资金": "other", "上年结转": "carryover"}
NAME_END = ("主管部门", "实施单位", "项目属性", "项目资金", "项目日期")


def clean_name(name: str) -> str:
    return re.sub(r"[\s\"“”]", "", name)


def name_similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, clean_name(a), clean_name(b)).ratio()


def pair_names(left: dict[str, str], right: dict[str, str], least: float) -> dict[str, str]:
    """Left number -> right number, most alike names first (at least ``least`` alike); one of
    each pairs by itself."""
    scored = sorted(((name_similarity(a, b), m, n) for m, a in left.items()
                     for n, b in right.items()), reverse=True)
    pairs: dict[str, str] = {}
    for score, m, n in scored:
        if score >= least and m not in pairs and n not in pairs.values():
            pairs[m] = n
    if len(left) == 1 and len(right) == 1 and not pairs:
        pairs[next(iter(left))] = next(iter(right))
    return pairs



class ProjectReader:
    """Reads the project section sentence by sentence into project claims."""

    def __init__(self, out: Extraction) -> None:
        self.out = out
        self.count = 0
        self.name: str | None = None
        self.pending: str | None = None
        self.items: set[str] = set()

    def start(self, sentence: Sentence) -> None:
        m = SECTION_NAME.match(sentence.text)
        self.pending = m["name"].strip() if m and m["name"].strip() else None

    def _new(self, name: str | None) -> None:
        self.count += 1
        self.name = name or f"项目{self.count}"
        self.items = set()

    def sentence(self, sentence: Sentence) -> None:
        text = sentence.text
        item = PROJECT_ITEM.match(text)
        if item is None:
            title = PROJECT_TITLE.match(text)
            if title:
                self._new(title["name"])
            return
        kind = item["item"]
        if self.count == 0 or kind in self.items:
            self._new(self.pending)
            self.pending = None
        self.items.add(kind)
        if kind == "实施方案":
            self._plan(sentence, item.end())
        elif kind.startswith("年度预算"):
            self._annual(sentence, item.end())

    def _claim(self, key: str, label: str, m: re.Match[str], sentence: Sentence) -> Claim:
        claim = Claim(f"project.{self.count}.{key}", label, stated(m["num"]), "万元",
                      sentence.line_at(m.start()), sentence, project=self.name)
        self.out.claims.append(claim)
        return claim

    def _figures(self, sentence: Sentence, start: int) -> list[re.Match[str]]:
        return [m for m in FIGURE.finditer(sentence.text, start)
                if m["unit"] in ("万元", "万") and not m["sign"] and not m["bound"]]

    def _plan(self, sentence: Sentence, start: int) -> None:
        prev = start
        n = 0
        for m in self._figures(sentence, start):
            pre = sentence.text[prev:m.start()]
            prev = m.end()
            label = re.split(r"[，；。、：]", pre)[-1] or pre
            if PLAN_TOTAL.search(pre):
                self._claim("plan_total", label, m, sentence)
            else:
                n += 1
                self._claim(f"plan.{n}", label, m, sentence)

    def _annual(self, sentence: Sentence, start: int) -> None:
        figures = self._figures(sentence, start)
        if figures:
            self._claim("annual", "年度预算安排", figures[0], sentence)


def read_targets(doc: Document) -> list[Claim]:
    """The amounts of every 项目绩效目标表 in the text layer, as target.<n>.<field> claims."""
    lines = [(i, normalise_line(raw)) for i, raw in enumerate(doc.lines, start=1)]
    lines = [(i, text) for i, text in lines if text]
    claims: list[Claim] = []
    count = 0
    name: str | None = None
    k = 0
    while k < len(lines):
        number, text = lines[k]
        if text.startswith("项目名称"):
            count += 1
            parts = [text[len("项目名称"):]]
            while k + 1 < len(lines) and not lines[k + 1][1].startswith(NAME_END) \
                    and len(parts) < 4:
                k += 1
                parts.append(lines[k][1])
            name = "".join(parts)
        elif name is not None and (m := TARGET_FIELD.match(text)):
            num = m["num"]
            if num is None and k + 1 < len(lines) and re.fullmatch(r"-?\d+(?:\.\d+)?",
                                                                  lines[k + 1][1]):
                k += 1
                num = lines[k][1]
            if num is not None:
                field = TARGET_KEYS[m["field"]]
                sentence = Sentence(text, [number] * len(text), -1)
                claims.append(Claim(f"target.{count}.{field}", m["field"], stated(num), "万元",
                                    number, sentence, project=name))
        k += 1
    return claims
