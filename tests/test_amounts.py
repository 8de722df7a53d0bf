from decimal import Decimal

import pytest

from budgetcheck.amounts import AmountError, Precision, parse_decimal, sum_holds, to_amount

P2 = Precision(decimals=2)


def amt(raw: object, precision: Precision = P2):
    return to_amount(parse_decimal(raw), precision)


@pytest.mark.parametrize(
    "raw, value, decimals",
    [
        (876.74, "876.74", 2),
        ("1,086.56", "1086.56", 2),
        (" 876.74 ", "876.74", 2),
        ("1，086.5", "1086.5", 1),
        (32.0, "32", 0),
        (26, "26", 0),
        ("(5.00)", "-5.00", 2),
        ("１，０８６．５６", "1086.56", 2),
        ("－5.5", "-5.5", 1),
    ],
)
def test_parse_numbers_and_text(raw, value, decimals):
    assert parse_decimal(raw) == (Decimal(value), decimals)


@pytest.mark.parametrize("raw", [None, "", "  ", "-", "—", float("nan")])
def test_blank_and_dash_are_empty(raw):
    assert parse_decimal(raw) is None


@pytest.mark.parametrize("raw", ["abc", "12元", "1.2.3", "#N/A"])
def test_text_where_a_number_belongs(raw):
    with pytest.raises(AmountError):
        parse_decimal(raw)


def test_rounding_explains_a_cent():
    # 876.74 + 209.81 = 1086.55, published total 1,086.56: rounding, not an error
    assert sum_holds(amt("1,086.56"), [amt(876.74), amt(209.81)])


def test_difference_beyond_rounding_fails():
    assert not sum_holds(amt("1,086.58"), [amt(876.74), amt(209.81)])


def test_interval_boundary_is_inclusive():
    from budgetcheck.amounts import Amount

    part = Amount(Decimal("0.5"), Decimal("0.0025"))
    # slack 0.005 + 2 x 0.0025 = 0.01: a difference of exactly 0.01 still overlaps
    assert sum_holds(Amount(Decimal("1.01"), Decimal("0.005")), [part, part])
    assert not sum_holds(Amount(Decimal("1.0101"), Decimal("0.005")), [part, part])


def test_blank_is_exact_zero_by_contract():
    assert amt(None).half_width == 0
    rounded = to_amount(None, Precision(decimals=2, blank_exact=False))
    assert rounded.half_width == Decimal("0.005")


def test_counts_are_exact():
    count = Precision(exact=True)
    assert not sum_holds(amt(26, count), [amt(25, count)])


@pytest.mark.parametrize("number", [1, 1.0, 0, 0.0])
def test_a_bool_is_no_figure_after_its_equal_number(number):
    """True == 1 == 1.0 as cache keys: a workbook's 1.0 must not make the next one's TRUE a count."""
    assert parse_decimal(number) is not None
    with pytest.raises(AmountError):
        parse_decimal(bool(number))
