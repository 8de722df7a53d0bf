"""The sections of a generated 情况说明: “三公”经费, 机关运行经费, 政府采购.

Each section writes its paragraphs into a ``Text`` from the figures of a generated unit (and a
last year and a budget drawn around them) and, when asked, injects the one inconsistency of its
kind, citing the keys of the paragraphs a finding must name.
"""

from __future__ import annotations

from decimal import Decimal

from .model import Unit
from .narrative_style import Stated
from .narrative_text import HUNDRED, Quantity, Text, beyond, drift, ratio_bounds

NAMES = {"abroad": "因公出国（境）费", "reception": "公务接待费",
         "vehicle": "公务用车购置及运行维护费", "purchase": "公务用车购置费",
         "operation": "公务用车运行维护费", "total": "“三公”经费"}
ITEMS = ("abroad", "reception", "vehicle")


def _rate_off(t: Text, num: Stated, den: Stated) -> Stated | None:
    bounds = ratio_bounds(num, den)
    if bounds is None:
        return None
    step = Decimal(1).scaleb(-t.style.rate_decimals)
    return t.style.rate(beyond(t.rng, bounds[0], bounds[1], step, floor=step))


class SanGong:
    """The “三公” section: a whole, its listed parts, each part's detail, shares."""

    def __init__(self, t: Text, unit: Unit, inject: str | None) -> None:
        self.t, self.inject = t, inject
        sg = unit.sangong
        leaves = {"abroad": sg.abroad, "reception": sg.reception,
                  "purchase": sg.vehicle_purchase, "operation": sg.vehicle_operation}
        if all(v == 0 for v in leaves.values()):
            leaves["reception"] = Decimal(t.rng.randint(50, 600) * 100)
        rng = t.rng
        q = {k: Quantity(NAMES[k], v, drift(rng, v),
                         drift(rng, v, 0.8) if t.kind == "final" else None)
             for k, v in leaves.items()}
        for x in q.values():
            t.settle(x)
        if inject in ("growth", "direction", "change_sum", "change") and \
                t.money(sum(x.cur for x in q.values())).value == \
                t.money(sum(x.last for x in q.values())).value:
            # the injection needs the whole to have changed: last year's largest part was less
            big = max(q.values(), key=lambda x: x.cur)
            big.last = (big.cur * Decimal("0.7") / 100).quantize(Decimal(1)) * 100
        if inject == "budget_change" and q["reception"].budget is not None and \
                t.money(q["reception"].budget).value == t.money(q["reception"].cur).value:
            q["reception"].budget = q["reception"].cur + Decimal(rng.randint(10, 90) * 100)
        q["vehicle"] = self._add("vehicle", [q["purchase"], q["operation"]])
        q["total"] = self._add("total", [q["abroad"], q["reception"], q["vehicle"]])
        self.q = q
        self.listed = inject in ("sum", "twice") or rng.random() < 0.7
        self.split_vehicle = rng.random() < 0.6  # the vehicle's own parts are listed too

    @staticmethod
    def _add(key: str, parts: list[Quantity]) -> Quantity:
        budget = None if parts[0].budget is None else sum((p.budget or Decimal(0))
                                                           for p in parts)
        return Quantity(NAMES[key], sum(p.cur for p in parts), sum(p.last for p in parts),
                        budget)

    def write(self, n: int) -> None:
        t = self.t
        t.add(f"{t.style.section(n)}“三公”经费{'预算' if t.kind == 'budget' else '决算'}情况")
        self.overview()
        self.details()
        if self.inject == "share" or t.rng.random() < 0.5:
            self.share()
        if self.inject == "change":
            self.stated_last()
        if t.rng.random() < 0.15:
            self.table()
        if t.kind == "final" and t.rng.random() < 0.4:
            self.counts()

    # -- the whole and its list ------------------------------------------------------------------
    def overview(self) -> None:
        t, q, inject, rng = self.t, self.q, self.inject, self.t.rng
        total = q["total"]
        shown = t.money(total.cur)
        parts_half = sum((t.money(q[k].cur).half for k in ITEMS), Decimal(0))
        if inject == "sum":
            shown = t.off(shown, parts_half)
            t.cite("total")
        self.shown_total = shown
        change = None
        if inject == "change_sum":
            change = self._change_off()
            t.cite("total")
            t.cite_any(*[f"item-{k}" for k in ITEMS])
        elif shown.value != t.money(total.cur).value:
            change = self._printed_change(total)
        who = rng.choice(("", "本单位", "我单位"))
        if t.kind == "budget":
            verb = rng.choice(("预算安排", "财政拨款预算", "预算"))
            text = f"{t.year}年{who}“三公”经费{verb}{t.fmt(shown)}"
            base_word = rng.choice(("上年", "上年预算"))
        else:
            text, base_word = self._final_head(shown)
        text += t.comparison("“三公”经费", total.cur, total.last, base_word,
                             inject if inject in ("growth", "direction") else None,
                             change=change, shown=shown)
        if inject in ("growth", "direction", "completion"):
            t.cite("total")
        if self.listed:
            text += rng.choice(("。其中：", "，其中：", "。其中，", "，包括："))
            text += self._list()
        t.add(text + "。", "total")

    def _final_head(self, shown: Stated) -> tuple[str, str]:
        t, q, rng = self.t, self.q, self.t.rng
        budget = t.money(q["total"].budget or Decimal(0))
        form = rng.choice(("rate", "rate2", "plain"))
        if self.inject == "completion":
            form = rng.choice(("rate", "rate2"))
        if budget.value == 0:
            form = "plain"
        rate = None
        if form != "plain":
            bounds = ratio_bounds(shown, budget)
            assert bounds is not None
            rate = t.style.rate(shown.value / budget.value * HUNDRED)
            if self.inject == "completion":
                rate = _rate_off(t, shown, budget) or rate
        t.used.add(f"final_head:{form}")
        if form == "rate":
            return (f"{t.year}年“三公”经费年初预算为{t.fmt(budget)}，支出决算为{t.fmt(shown)}，"
                    f"完成年初预算的{t.style.pct(rate)}"), rng.choice(("上年", "上年决算"))
        if form == "rate2":
            return (f"{t.year}年度“三公”经费预算数为{t.fmt(budget)}，决算支出数为{t.fmt(shown)}，"
                    f"完成年初预算数的{t.style.pct(rate)}"), "上年"
        text = f"{t.year}年度“三公”经费支出决算{t.fmt(shown)}"
        if q["total"].budget and self.inject not in ("sum", "change_sum", "budget_change") \
                and rng.random() < 0.6:
            # against the budget first, then against last year ("较年初预算数减少 …，较上年 …")
            t.used.add("against_budget")
            text += t.comparison("“三公”经费", q["total"].cur, q["total"].budget,
                                 rng.choice(("年初预算", "年初预算数", "预算数")))
        return text, rng.choice(("上年", "上年支出数", "上年决算数"))

    def _printed_change(self, qty: Quantity) -> Stated:
        t = self.t
        c = t.money(abs(qty.cur - qty.last))
        return c if qty.cur >= qty.last else Stated(-c.value, c.text, c.half)

    def _change_off(self) -> Stated:
        """The whole's change off by more than its parts' changes can round to."""
        t, q = self.t, self.q
        c = self._printed_change(q["total"])
        parts_half = sum((t.money(abs(q[k].cur - q[k].last)).half for k in ITEMS), Decimal(0))
        floor = Decimal(0) if c.value > 0 else Decimal("-1e30")
        wrong = t.outside(c.low - parts_half, c.high + parts_half, floor=floor)
        if wrong.value == 0:
            wrong = t.outside(c.low - parts_half, c.high + parts_half + 3 * t.style.one(),
                              floor=Decimal(1))
        return wrong

    def _list(self) -> str:
        t, q, rng = self.t, self.q, self.t.rng
        sep = rng.choice(("，", "、", "；"))
        keys = list(ITEMS)
        if rng.random() < 0.3:
            rng.shuffle(keys)
        if rng.random() < 0.25:
            # "A、B、C分别为 x万元、y万元和z万元"
            t.used.add("respectively")
            names = "、".join(NAMES[k] for k in keys)
            figures = [t.fmt(t.money(q[k].cur)) for k in keys]
            joined = "、".join(figures[:-1]) + rng.choice(("、", "和")) + figures[-1]
            return f"{names}{rng.choice(('分别为', '分别是'))}{joined}"
        out = []
        for k in keys:
            value = t.money(q[k].cur)
            if k == "vehicle" and self.split_vehicle:
                parts = "，".join(f"{NAMES[p]}{t.fmt(t.money(q[p].cur))}"
                                 for p in ("purchase", "operation"))
                out.append(f"{NAMES[k]}{t.fmt(value)}（其中：{parts}）")
            else:
                out.append(f"{NAMES[k]}{t.fmt(value)}")
        return sep.join(out)

    # -- each part -----------------------------------------------------------------------------
    def details(self) -> None:
        t = self.t
        if t.rng.random() < 0.5 and self.inject not in ("twice", "change_sum", "budget_change"):
            return  # many notices give the list only
        for n, k in enumerate(ITEMS, start=1):
            self.item(n, k)

    def item(self, n: int, k: str) -> None:
        t, q, rng = self.t, self.q[k], self.t.rng
        shown = t.money(q.cur)
        change = None
        if self.inject == "twice" and k == "reception":
            shown = t.off(shown)
            change = self._printed_change(q)
            t.cite("total", f"item-{k}")
        mark = t.style.mark(n) if rng.random() < 0.8 else ""
        if t.kind == "final" and q.budget is not None:
            text = mark + q.name + self._against_budget(k, shown, t.money(q.budget))
        else:
            text = f"{mark}{q.name}{rng.choice(('', '预算', '安排'))}{t.fmt(shown)}"
        text += t.comparison(q.name, q.cur, q.last, "上年", change=change, shown=shown)
        if k == "vehicle" and self.split_vehicle:
            subs = []
            for p in ("purchase", "operation"):
                sub = self.q[p]
                subs.append(f"{NAMES[p]}{t.fmt(t.money(sub.cur))}"
                            + t.comparison(sub.name, sub.cur, sub.last, "上年")[0:])
            text += "。其中：" + "；".join(s for s in subs)
        if rng.random() < 0.3:
            text += self._reason()
        t.add(text + "。", f"item-{k}")

    def _against_budget(self, k: str, shown: Stated, budget: Stated) -> str:
        """A part in final accounts against its budget: 年初预算 … 决算 … 完成 …%, 决算 … 比年初
        预算 … 减少 …, or 占年初预算的 …%."""
        t, rng = self.t, self.t.rng
        injected = self.inject == "budget_change" and k == "reception"
        form = "against" if injected else rng.choice(("rate", "rate", "against", "share_word"))
        rate = t.style.rate(shown.value / budget.value * HUNDRED) if budget.value else None
        if form == "against" and shown.value != budget.value:
            t.used.add("item_against_budget")
            diff = shown.value - budget.value
            size = t.style.printed(abs(diff))
            if injected:  # the difference off (the budget, a part of the whole's, stays)
                size = t.off(size, shown.half + budget.half)
                t.cite(f"item-{k}")
            word, rate_word = ("增加", "增长") if diff > 0 else ("减少", "下降")
            text = (f"支出决算{t.fmt(shown)}，比年初预算{rng.choice(('', '数'))}"
                    f"{t.fmt(budget)}{word}{t.fmt(size)}")
            if not injected and budget.value > 0:
                change_rate = t.style.rate(abs(diff) / budget.value * HUNDRED)
                text += f"，{rate_word}{t.style.pct(change_rate)}"
            return text
        text = f"年初预算为{t.fmt(budget)}，决算为{t.fmt(shown)}"
        if rate is not None and form == "share_word":
            t.used.add("item_share_of_budget")
            return f"年初预算{t.fmt(budget)}，支出决算{t.fmt(shown)}，占年初预算的{t.style.pct(rate)}"
        if rate is not None and rng.random() < 0.7:
            text += f"，完成预算的{t.style.pct(rate)}"
        return text

    def _reason(self) -> str:
        """Why it changed: words, or counts that are no amounts (公务用车保有量减少 2辆)."""
        t, rng = self.t, self.t.rng
        t.used.add("reason")
        return "，主要原因是" + rng.choice((
            "严格落实过紧日子要求，压减一般性支出",
            f"公务用车保有量减少{rng.randint(1, 5)}辆",
            f"出国（境）团组减少{rng.randint(1, 3)}个",
            f"接待批次较上年减少{rng.randint(2, 40)}批次",
            "按照厉行节约要求从严控制"))

    def counts(self) -> None:
        """The counts a final account gives beside the amounts: groups, persons, vehicles."""
        t, rng = self.t, self.t.rng
        t.used.add("counts")
        t.add(f"{t.year}年度因公出国（境）团组{rng.randint(0, 5)}个，因公出国（境）"
              f"{rng.randint(0, 20)}人次；公务用车购置数{rng.randint(0, 2)}辆，公务用车保有量"
              f"{rng.randint(1, 30)}辆；国内公务接待{rng.randint(5, 300)}批次，国内公务接待"
              f"{rng.randint(20, 2000)}人次。")

    def table(self) -> None:
        """The section's table as PDF or HTML extraction flattens it: one cell per line, or a
        row per line with | between cells (no units after the figures)."""
        t, rng, q = self.t, self.t.rng, self.q
        t.used.add("flattened_table")
        word = "预算" if t.kind == "budget" else "决算"
        t.add(f"{t.year}年“三公”经费{word}财政拨款情况统计表")
        t.add(f"单位：{t.style.money}")
        head = [f"{t.year}年{word}数", f"{t.year - 1}年{word}数", "增减额", "增减幅度"]
        rows = []
        for k in ("total", *ITEMS):
            now, before = t.money(q[k].cur), t.money(q[k].last)
            change = t.style.printed(now.value - before.value)
            rate = (f"{t.style.rate((now.value - before.value) / before.value * HUNDRED).text}%"
                    if before.value > 0 else "")
            name = "合计" if k == "total" else NAMES[k]
            rows.append([name, now.text, before.text, change.text, rate])
        if rng.random() < 0.5:
            t.add(" | ".join(["项目", *head]))
            for row in rows:
                t.add(" | ".join(row))
            return
        for cell in ["项目", *head]:
            t.add(cell)
        for row in rows:
            for cell in row:
                t.add(cell)

    def share(self) -> None:
        t = self.t
        total = self.shown_total  # a share is computed from the whole as printed
        keys = [k for k in ITEMS if t.money(self.q[k].cur).value > 0]
        if total.value == 0 or not keys:
            return
        k = t.rng.choice(keys)
        part = t.money(self.q[k].cur)
        share = t.style.rate(part.value / total.value * HUNDRED)
        if self.inject == "share":
            share = _rate_off(t, part, total) or share
            t.cite("share", "total")
        whole = t.rng.choice(("“三公”经费", "“三公”经费总额", "“三公”经费预算"
                              if t.kind == "budget" else "“三公”经费决算"))
        t.add(f"{NAMES[k]}{t.fmt(part)}，占{whole}的{t.style.pct(share)}。", "share")

    def stated_last(self) -> None:
        """"公务接待费 x，比上年的 y 减少 z": the stated last-year value off."""
        t = self.t
        moved = [k for k in ("reception", "abroad", "vehicle", "total")
                 if t.money(self.q[k].cur).value != t.money(self.q[k].last).value]
        q = self.q[(moved or ["total"])[0]]
        now, change = t.money(q.cur), self._printed_change(q)
        parts_half = now.half + change.half
        wrong = t.off(t.money(q.last), parts_half)
        word = "增加" if change.value >= 0 else "减少"
        base = t.rng.choice(("比上年的", f"较{t.year - 1}年的"))
        t.add(f"{q.name}{t.fmt(now)}，{base}{t.fmt(wrong)}{word}"
              f"{t.fmt(t.style.printed(abs(change.value)))}。", "last")
        t.cite("last")
