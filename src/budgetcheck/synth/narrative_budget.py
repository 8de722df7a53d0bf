"""The sections of a generated 部门预算/决算 情况说明 beyond “三公”: 收入, 支出, 机关运行经费,
政府采购 and 人员情况, written from the generated unit's figures.

A budget states 收入预算总额 and its sources (上年结转 among them), 支出预算总额 split into 基本支出
and 项目支出 and by function class; a final account states 收入总计 / 支出总计 with 年初结转和结余
and shares (占 …%). Last year's figures and the budget are drawn around this year's per leaf and
summed, so every whole is the sum of its parts exactly; the printed figures are rounded each on
its own. An injection moves one printed figure (and whatever is computed from it in the text) so
that exactly one relation breaks.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .data import FUNCTIONAL_CLASSES, STAFF_KINDS
from .model import FISCAL_SOURCES, Unit
from .narrative_style import Stated
from .narrative_text import HUNDRED, Quantity, Text, drift, ratio_bounds

SOURCE_NAMES = {"business": "事业收入", "operating": "事业单位经营收入",
                "affiliated": "附属单位上缴收入", "superior": "上级补助收入", "other": "其他收入",
                "education_fees": "教育收费收入", "nonfiscal_balance": "使用非财政拨款结余"}
FISCAL_NAMES = {"general": "一般公共预算拨款收入", "fund": "政府性基金预算拨款收入",
                "soe": "国有资本经营预算拨款收入"}
# headcount kinds as 编制 and 在职 sentences name them
ESTABLISHMENT_NAMES = {"行政": "行政编制", "参照公务员法管理事业": "参照公务员法管理的事业编制",
                       "全额补助事业": "全额拨款事业编制", "部分补助事业": "差额拨款事业编制"}
SERVING_NAMES = {"行政": "行政在职人员", "参照公务员法管理事业": "参照公务员法管理的事业单位在职人员",
                 "全额补助事业": "全额拨款事业单位在职人员", "部分补助事业": "差额拨款事业单位在职人员"}


YEAR_PREFIX = re.compile(r"^\d{4}年")


def _sum(parts: list[Quantity], name: str) -> Quantity:
    return Quantity(name, sum((p.cur for p in parts), Decimal(0)),
                    sum((p.last for p in parts), Decimal(0)))


class Money:
    """收入 and 支出: the figures of the unit with a last year drawn per leaf."""

    def __init__(self, t: Text, unit: Unit) -> None:
        rng = t.rng
        self.t = t
        fiscal = [Quantity(FISCAL_NAMES[s], unit.income(s), Decimal(0)) for s in FISCAL_SOURCES
                  if unit.income(s) > 0]
        for q in fiscal:
            q.last = drift(rng, q.cur)
        self.fiscal_parts = fiscal
        self.fiscal = _sum(fiscal, "财政拨款收入")
        others = [Quantity(name, unit.income(s), Decimal(0)) for s, name in SOURCE_NAMES.items()]
        for q in others:
            q.last = drift(rng, q.cur, 0.9)
        carry = unit.income("carryover")
        self.carryover = Quantity("上年结转" if t.kind == "budget" else "年初结转和结余", carry,
                                  drift(rng, carry, 0.7))
        self.sources = [q for q in others if q.cur > 0 or q.last > 0 or rng.random() < 0.2]
        hidden = [q for q in others if q not in self.sources]
        # the sources left unnamed are zero both years: the total stays the sum of the named
        for q in hidden:
            q.cur = q.last = Decimal(0)
        for q in (*fiscal, *self.sources, self.carryover):
            t.settle(q)
        self.fiscal = _sum(fiscal, "财政拨款收入")
        self.income = _sum([self.fiscal, *self.sources, self.carryover], "收入")
        basic = sum((i.amount("basic") for i in unit.items), Decimal(0))
        project = sum((i.amount("project") for i in unit.items), Decimal(0))
        self.basic = Quantity("基本支出", basic, Decimal(0))
        self.project = Quantity("项目支出", project, Decimal(0))
        self.classes: list[Quantity] = []
        for code in sorted({i.code[:3] for i in unit.items}):
            amount = sum((i.amount("all") for i in unit.items if i.code[:3] == code), Decimal(0))
            self.classes.append(Quantity(FUNCTIONAL_CLASSES[code], amount, Decimal(0)))
        # last year's spending is last year's income, split as this year's is
        ratio = self.income.last / self.income.cur if self.income.cur else Decimal(1)
        for q in (self.basic, self.project, *self.classes):
            q.last = (q.cur * ratio).quantize(Decimal(1))
        for group in ((self.basic, self.project), self.classes):
            gap = self.income.last - sum((q.last for q in group), Decimal(0))
            max(group, key=lambda q: q.cur).last += gap
            for q in group:
                t.settle(q)
            gap = self.income.last - sum((q.last for q in group), Decimal(0))
            max(group, key=lambda q: q.cur).last += gap  # settled parts still add up
        self.expense = Quantity("支出", self.income.cur, self.income.last)
        self.projects = [Quantity(YEAR_PREFIX.sub("", p.name), p.total, p.total)
                         for p in unit.projects]


class Budget:
    """收入, 支出 and the balance between their totals."""

    def __init__(self, t: Text, unit: Unit, inject: str | None) -> None:
        self.t, self.inject = t, inject
        self.m = Money(t, unit)

    def _whole(self, word: str) -> str:
        t = self.t
        if t.kind == "budget":
            return t.rng.choice((f"{word}预算总额", f"{word}预算总额为"))
        return t.rng.choice((f"{word}总计", f"{word}决算总计"))

    def income(self, n: int) -> None:
        t, m, rng = self.t, self.m, self.t.rng
        t.used.add("income")
        t.add(f"{t.style.section(n)}收入{'预算' if t.kind == 'budget' else '决算'}情况")
        if t.kind == "final" and self.inject != "sum_income" and (
                rng.random() < 0.4 or self.inject == "share_income"):
            self._income_current()
            return
        if rng.random() < 0.2:  # a total of both sides, not read as either: unread, no finding
            t.used.add("budget_of_both")
            t.add(f"{t.year}年收支总{'预算' if t.kind == 'budget' else '决算'}"
                  f"{t.fmt(t.money(m.income.cur))}。")
        total = t.money(m.income.cur)
        parts = [m.fiscal, *m.sources, m.carryover]
        moved = None  # sum_income: one source printed off (the total stays: it balances)
        if self.inject == "sum_income":
            moved = max(parts, key=lambda q: q.cur)
            t.cite("income")
        text = f"{t.year}年{rng.choice(('', '本单位', '我单位'))}{self._whole('收入')}{t.fmt(total)}"
        text += t.comparison("收入", m.income.cur, m.income.last, self._last_word())
        text += rng.choice(("。其中：", "，其中："))
        items = []
        half = sum((t.money(p.cur).half for p in parts), total.half)
        for q in parts:
            shown = t.money(q.cur)
            if q is moved:
                shown = t.off(shown, half)
            item = f"{q.name}{t.fmt(shown)}"
            if q is moved:
                pass  # its change, if stated, would be off against the moved figure too
            elif q is m.fiscal and len(m.fiscal_parts) > 1 and rng.random() < 0.5:
                subs = "，".join(f"{p.name}{t.fmt(t.money(p.cur))}" for p in m.fiscal_parts)
                item += f"（其中：{subs}）"
            elif rng.random() < 0.5:
                item += t.comparison(q.name, q.cur, q.last, self._last_word())
            items.append(item)
        t.add(text + "；".join(items) + "。", "income")

    def _income_current(self) -> None:
        """Final accounts: 本年收入合计 and its sources with their shares of it, then 年初结转和
        结余 and 收入总计 (which holds both)."""
        t, m, rng = self.t, self.m, self.t.rng
        t.used.add("current_income")
        current = _sum([m.fiscal, *m.sources], "本年收入合计")
        shown = t.money(current.cur)
        text = f"{t.year}年度本年收入合计{t.fmt(shown)}"
        text += t.comparison("本年收入合计", current.cur, current.last, "上年")
        items = []
        for i, q in enumerate([m.fiscal, *m.sources]):
            value = t.money(q.cur)
            item = f"{q.name}{t.fmt(value)}"
            if shown.value > 0 and (i == 0 or rng.random() < 0.5):
                rate = t.style.rate(value.value / shown.value * HUNDRED)
                if self.inject == "share_income" and i == 0:
                    bounds = ratio_bounds(value, shown)
                    assert bounds is not None
                    step = Decimal(1).scaleb(-t.style.rate_decimals)
                    rate = t.style.rate(bounds[0] - 5 if bounds[0] > 10 else bounds[1] + 5)
                    assert rate.value + step < bounds[0] or rate.value - step > bounds[1]
                    t.cite("income")
                item += f"，占本年收入合计的{t.style.pct(rate)}"
            items.append(item)
        text += "。其中：" + "；".join(items) + "。"
        text += (f"年初结转和结余{t.fmt(t.money(m.carryover.cur))}，"
                 f"收入总计{t.fmt(t.money(m.income.cur))}。")
        t.add(text, "income")

    def _floor(self, high: Decimal) -> Decimal:
        """How low a part moved off its whole may go: a final account's 支出总计 also holds
        年末结转和结余 (and 结余分配) the text need not state, so there only a part above what
        the whole allows breaks the sum."""
        return self.t.style.one() if self.t.kind == "budget" else high

    def _last_word(self) -> str:
        return "上年预算安排" if self.t.kind == "budget" and self.t.rng.random() < 0.5 else "上年"

    def _change(self, q: Quantity) -> Stated:
        c = self.t.money(abs(q.cur - q.last))
        return c if q.cur >= q.last else Stated(-c.value, c.text, c.half)

    def expense(self, n: int) -> None:
        t, m, rng = self.t, self.m, self.t.rng
        t.add(f"{t.style.section(n)}支出{'预算' if t.kind == 'budget' else '决算'}情况")
        total = t.money(m.expense.cur)
        change = None
        if self.inject == "balance":
            total = t.off(total)
            change = self._change(m.expense)
            t.cite("expense", "income")
        elif self.inject == "sum_expense":
            t.cite("expense")
        text = f"{t.year}年{rng.choice(('', '本单位', '我单位'))}{self._whole('支出')}{t.fmt(total)}"
        text += t.comparison("支出", m.expense.cur, m.expense.last, self._last_word(),
                             change=change, shown=total)
        text += rng.choice(("。其中：", "，其中："))
        if rng.random() < 0.5:
            text += "按支出项目类别划分："
        parts = [m.basic, m.project]
        shown = {id(q): t.money(q.cur) for q in parts}
        if self.inject == "balance":
            # the split agrees with the printed total: only the balance breaks
            shown[id(m.project)] = t.style.printed(total.value - shown[id(m.basic)].value)
        if self.inject == "sum_expense":  # a part off: the total still balances the income
            basic, half = shown[id(m.basic)], total.half + shown[id(m.project)].half
            shown[id(m.basic)] = t.outside(basic.low - half, basic.high + half,
                                           floor=self._floor(basic.high + half))
        items = []
        shares = rng.random() < 0.5 or self.inject == "share_expense"
        for q in parts:
            item = f"{q.name}{t.fmt(shown[id(q)])}"
            if shares and total.value > 0:
                rate = t.style.rate(shown[id(q)].value / total.value * HUNDRED)
                if self.inject == "share_expense" and q is m.basic:
                    bounds = ratio_bounds(shown[id(q)], total)
                    assert bounds is not None
                    step = Decimal(1).scaleb(-t.style.rate_decimals)
                    rate = t.style.rate(max(bounds[1] + 3 * step, bounds[1] * Decimal("1.1"))
                                        if bounds[1] < 90 else bounds[0] - 10)
                    t.cite("expense")
                item += f"，占{'支出预算总额' if t.kind == 'budget' else '支出总计'}的{t.style.pct(rate)}"
            elif self.inject not in ("balance", "sum_expense") and rng.random() < 0.5:
                item += t.comparison(q.name, q.cur, q.last, self._last_word())
            if q is m.project and m.projects and rng.random() < 0.4:
                # a partial list of what it is for: not a sum
                named = rng.sample(m.projects, min(len(m.projects), rng.randint(1, 3)))
                t.used.add("partial_list")
                item += "，主要用于" + "、".join(
                    f"{p.name}{t.fmt(t.money(p.cur))}" for p in named) + "等"
            items.append(item)
        t.add(text + "；".join(items) + "。", "expense")
        if self.inject != "balance" and (rng.random() < 0.6 or self.inject == "sum_class"):
            t.used.add("function_classes")
            self.classes()

    def classes(self) -> None:
        t, m, rng = self.t, self.m, self.t.rng
        total = t.money(m.expense.cur)
        text = "按支出功能分类划分：" if rng.random() < 0.5 else "按支出功能科目划分："
        items = []
        for i, q in enumerate(m.classes):
            shown = t.money(q.cur)
            if self.inject == "sum_class" and i == 0:
                half = sum((t.money(c.cur).half for c in m.classes), total.half)
                low = total.value - sum((t.money(c.cur).value for c in m.classes[1:]), Decimal(0))
                shown = t.outside(low - half, low + half, floor=self._floor(low + half))
                t.cite("expense", "classes")
            items.append(f"{q.name}{t.fmt(shown)}")
        t.add(text + "；".join(items) + "。", "classes")


class Office:
    """机关运行经费: a figure against last year, sometimes with last year's figure stated."""

    def __init__(self, t: Text, unit: Unit, inject: str | None) -> None:
        self.t, self.inject = t, inject
        public = sum((v for k, v in unit.economic.items() if k.startswith("302")), Decimal(0))
        public = public or Decimal(t.rng.randint(100, 900) * 100)
        last = drift(t.rng, public)
        if last == public:
            last = (public * Decimal("1.2") / 100).quantize(Decimal(1)) * 100
        if inject == "office_truncated" and public < 300000:
            # small figures round too coarsely to tell a cut rate from a rounded one
            public = Decimal(t.rng.randint(3000, 9000) * 100)
        self.q = Quantity("机关运行经费", public, last)

    def write(self, n: int) -> None:
        t, q, rng = self.t, self.q, self.t.rng
        t.add(f"{t.style.section(n)}机关运行经费{'预算' if t.kind == 'budget' else '支出'}情况")
        name = rng.choice(("机关运行经费", "机关运行费"))
        verb = "预算" if t.kind == "budget" else rng.choice(("支出", "决算"))
        now = t.money(q.cur)
        text = f"{t.year}年{rng.choice(('', '本单位', '本部门'))}{name}{verb}{t.fmt(now)}"
        if self.inject == "office_truncated":
            text += self._truncated(name)
            t.cite("office")
        elif self.inject in ("office_growth", "office_direction"):
            text += t.comparison(name, q.cur, q.last, "上年", self.inject.split("_")[1])
            t.cite("office")
        elif self.inject == "office_change" or rng.random() < 0.3:
            change = t.money(abs(q.cur - q.last))
            last = t.money(q.last)
            if self.inject == "office_change":
                last = t.off(last, now.half + change.half)
                t.cite("office")
            word = "增加" if q.cur > q.last else "减少"
            base = rng.choice(("比上年的", f"较{t.year - 1}年的"))
            text += f"，{base}{t.fmt(last)}{word}{t.fmt(change)}"
        else:
            text += t.comparison(name, q.cur, q.last, rng.choice(("上年", f"{t.year - 1}年")))
        t.add(text + "。", "office")


    def _truncated(self, name: str) -> str:
        """"比上年增加 x，增长 y%" with y cut, not rounded, at its decimals: last year's figure
        is drawn until the computed rate's whole interval lies above y + ½ unit and below y + 1
        unit (so the rate is off under rounding, and matches only truncated: a warning)."""
        t, q, rng = self.t, self.q, self.t.rng
        unit = Decimal(1).scaleb(-t.style.rate_decimals)
        for _ in range(2000):
            last = (q.cur * (1 + Decimal(rng.randint(-400, 400)) / 1000)).quantize(Decimal(1))
            now, size = t.money(q.cur), t.money(abs(q.cur - last))
            change = size if q.cur >= last else Stated(-size.value, size.text, size.half)
            bounds = ratio_bounds(size, Stated(now.value - change.value, "",
                                               now.half + size.half))
            if bounds is None or size.value == 0:
                continue
            cut = (bounds[0] / unit).to_integral_value(rounding="ROUND_FLOOR") * unit
            if cut > 0 and bounds[0] - cut > unit * Decimal("0.6") and bounds[1] < cut + unit:
                q.last = last
                t.used.add("truncated_rate")
                word, rate_word = ("增加", "增长") if change.value > 0 else ("减少", "下降")
                return (f"，比上年{word}{t.fmt(size)}，{rate_word}"
                        f"{t.style.pct(t.style.rate(cut))}")
        raise AssertionError("no truncated rate found")  # pragma: no cover - 2000 draws


class Procurement:
    """政府采购: a total and its goods / works / services, and the share awarded to SMEs."""

    def __init__(self, t: Text, unit: Unit, inject: str | None) -> None:
        self.t, self.inject = t, inject
        rng = t.rng
        self.parts = {k: Decimal(rng.randint(0, 4000) * 100) if rng.random() < 0.8 else
                      Decimal(0) for k in ("goods", "works", "services")}
        if sum(self.parts.values()) == 0:
            self.parts["goods"] = Decimal(rng.randint(50, 900) * 100)
        self.total = sum(self.parts.values(), Decimal(0))

    def write(self, n: int) -> None:
        t, rng = self.t, self.t.rng
        t.add(f"{t.style.section(n)}政府采购情况")
        shown = t.money(self.total)
        parts = {k: t.money(v) for k, v in self.parts.items()}
        if self.inject == "sum_procurement":
            shown = t.off(shown, sum((p.half for p in parts.values()), Decimal(0)))
            t.cite("procurement")
        budget = t.kind == "budget"
        word = "预算" if budget else "支出"
        whole = f"政府采购{word}总额" if rng.random() < 0.7 or not budget else "政府采购总额"
        names = {"goods": "货物", "works": "工程", "services": "服务"}
        if rng.random() < 0.3:  # "货物、工程、服务政府采购预算分别为 x、y和z"
            t.used.add("respectively")
            figures = [t.fmt(v) for v in parts.values()]
            listed = (f"货物、工程、服务政府采购{word}分别为" + "、".join(figures[:-1])
                      + rng.choice(("、", "和")) + figures[-1])
        else:
            listed = rng.choice(("、", "，", "；")).join(
                f"政府采购{names[k]}{word}{t.fmt(v)}" for k, v in parts.items())
        text = (f"{t.year}年{rng.choice(('', '本单位', '本部门'))}{whole}{t.fmt(shown)}，其中："
                + listed + "。")
        if not budget and shown.value > 0 and (rng.random() < 0.6 or self.inject == "share_sme"):
            sme = t.money((self.total * Decimal(rng.randint(30, 100)) / 100).quantize(Decimal(1)))
            rate = t.style.rate(sme.value / shown.value * HUNDRED)
            if self.inject == "share_sme":
                bounds = ratio_bounds(sme, shown)
                assert bounds is not None
                rate = t.style.rate(bounds[0] - 5 if bounds[0] > 10 else bounds[1] + 5)
                t.cite("procurement")
            t.used.add("sme_share")
            text += (f"授予中小企业合同金额{t.fmt(sme)}，占政府采购{word}总额的"
                     f"{t.style.pct(rate)}。")
        t.add(text, "procurement")


class Staff:
    """机构设置及人员情况: 编制 and 在职 by kind, 实有 = 在职 (+ 离退休)."""

    def __init__(self, t: Text, unit: Unit, inject: str | None) -> None:
        self.t, self.inject = t, inject
        s = unit.staffing
        self.est = {k: s.establishment[k] for k in STAFF_KINDS if s.establishment[k]}
        self.serving = {k: s.serving[k] for k in STAFF_KINDS if s.establishment[k]}
        self.retired, self.veteran = s.retired, s.retired_before_1949
        if inject == "hc_over":
            kind = next(iter(self.est))
            self.serving[kind] = self.est[kind] + t.rng.randint(1, 5)

    def write(self, n: int) -> None:
        t, rng, inject = self.t, self.t.rng, self.inject
        t.add(f"{t.style.section(n)}机构设置及人员情况")
        est_total = sum(self.est.values())
        serving_total = sum(self.serving.values())
        if inject == "hc_establishment":
            # off, and still above the staff serving (NAR-HC-004 is another relation)
            est_total += rng.choice([d for d in (-2, -1, 1, 2, 3) if est_total + d >= serving_total])
            t.cite("staff")
        shown_serving = serving_total
        if inject == "hc_serving":
            # off, and still within the establishment (NAR-HC-004 is another relation)
            room = [d for d in (-2, -1, 1, 2) if 0 < shown_serving + d <= est_total]
            shown_serving += rng.choice(room or [1])
            t.cite("staff")
        actual = shown_serving + self.retired + self.veteran if rng.random() < 0.5 \
            else shown_serving
        if inject == "hc_actual":
            actual = shown_serving + self.retired + self.veteran + rng.randint(1, 4)
            t.cite("staff")
        if inject == "hc_over":
            t.cite("staff")
        people = rng.choice(("人员", "人数"))
        est = "，".join(f"{ESTABLISHMENT_NAMES[k]}人数{v}人" for k, v in self.est.items())
        serving = "，".join(f"{SERVING_NAMES[k].replace('人员', people)}{v}人"
                            for k, v in self.serving.items())
        retired = f"退休{people}{self.retired}人"
        if self.veteran:
            retired = f"离休{people}{self.veteran}人，" + retired
        total = rng.choice(("编制人数", "编制人数小计", "核定编制"))
        t.used.add("staff")
        if rng.random() < 0.5:  # the kinds in parentheses after the total
            staff = f"在职{people}{shown_serving}人（{serving}），{retired}"
        else:  # or listed after it, as a sentence's 其中 does
            staff = f"在职{people}{'小计' if rng.random() < 0.5 else ''}{shown_serving}人，{serving}；{retired}"
        t.add(f"{total}{est_total}人，其中：{est}。实有人数{actual}人，其中：{staff}。", "staff")


ECONOMIC_NAMES = {"301": "工资福利支出", "302": "商品和服务支出", "303": "对个人和家庭的补助",
                  "310": "资本性支出"}
PERSONNEL = ("301", "303")  # 人员经费; 302 and 310 are 公用经费


class Fiscal:
    """财政拨款支出: 基本支出 (by economic class, or 人员经费 + 公用经费) and 项目支出."""

    def __init__(self, t: Text, unit: Unit, inject: str | None) -> None:
        self.t, self.inject = t, inject
        rng = t.rng
        classes: dict[str, Decimal] = {}
        for code, amount in unit.economic.items():
            classes[code[:3]] = classes.get(code[:3], Decimal(0)) + amount
        self.econ = {c: Quantity(ECONOMIC_NAMES[c], v, drift(rng, v)) for c, v in
                     sorted(classes.items())}
        project = sum((p.fiscal for p in unit.projects), Decimal(0))
        self.project = Quantity("项目支出", project, drift(rng, project))
        for q in (*self.econ.values(), self.project):
            t.settle(q)
        self.basic = _sum(list(self.econ.values()), "基本支出")
        self.total = _sum([self.basic, self.project], "财政拨款支出")

    def write(self, n: int) -> None:
        t, rng, inject = self.t, self.t.rng, self.inject
        t.add(f"{t.style.section(n)}财政拨款支出{'预算' if t.kind == 'budget' else '决算'}情况")
        word = "预算" if t.kind == "budget" else "决算"
        total = t.money(self.total.cur)
        basic = t.money(self.basic.cur)
        project = t.money(self.project.cur)
        if inject == "sum_fiscal":  # the project part off: only the whole's split breaks
            project = t.off(project, total.half + basic.half)
            t.cite("fiscal")
        text = f"{t.year}年财政拨款支出{word}{rng.choice(('总额', '总额为', ''))}{t.fmt(total)}"
        text += t.comparison("财政拨款支出", self.total.cur, self.total.last, "上年")
        text += "，其中：" + ("按支出项目类别划分：" if rng.random() < 0.6 else "")
        text += f"基本支出{t.fmt(basic)}"
        if inject != "sum_fiscal" and rng.random() < 0.4:
            text += t.comparison("基本支出", self.basic.cur, self.basic.last, "上年")
        text += "，其中：" + self._basic_parts() + "；"
        text += f"项目支出{t.fmt(project)}。"
        t.add(text, "fiscal")

    def _basic_parts(self) -> str:
        t, rng = self.t, self.t.rng
        if rng.random() < 0.5:
            t.used.add("personnel_public")
            personnel = sum((q.cur for c, q in self.econ.items() if c in PERSONNEL), Decimal(0))
            public = self.basic.cur - personnel
            values = [t.money(personnel), t.money(public)]
            if self.inject == "sum_basic":
                values[1] = t.off(values[1], values[0].half + t.money(self.basic.cur).half)
                t.cite("fiscal")
            return f"人员经费{t.fmt(values[0])}，公用经费{t.fmt(values[1])}"
        t.used.add("economic_classes")
        items = []
        for i, (code, q) in enumerate(self.econ.items()):
            shown = t.money(q.cur)
            if self.inject == "sum_basic" and i == 0:
                half = sum((t.money(x.cur).half for x in self.econ.values()),
                           t.money(self.basic.cur).half)
                shown = t.off(shown, half)
                t.cite("fiscal")
            items.append(f"{ECONOMIC_NAMES[code]}{t.fmt(shown)}")
        return rng.choice(("，", "、")).join(items)
