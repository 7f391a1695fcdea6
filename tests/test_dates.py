"""Dates and ranges as printed, in both languages."""

from __future__ import annotations

import pytest

from palermo import lang as langs
from palermo.dates import first_date, ranges


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("zh", "2011年10月10日至12日，维也纳", ("2011-10-10", "2011-10-12")),
        ("zh", "于 2009 年 4 月 14 日和 15 日举行", ("2009-04-14", "2009-04-15")),
        ("zh", "2021 年 10 月 12 和 13 日第二和第三场会议", ("2021-10-12", "2021-10-13")),
        ("zh", "2010 年 10 月 19 日在维也纳", ("2010-10-19", None)),
        ("zh", "定于 2022 年 6 月举行", ("2022-06", None)),
        ("zh", "2012 年 12 月 30 日至 2013 年 1 月 2 日", ("2012-12-30", "2013-01-02")),
        ("zh", "2013 年至 2020 年期间", None),  # a period, not a date
        ("zh", "自 2009 年举行第一次会议以来", ("2009", None)),  # a year alone dates a meeting
        ("en", "first met in 2009", ("2009", None)),
        ("zh", "2010 年 2 月 30 日", None),  # no such day
        ("en", "Vienna, 27-29 January 2010", ("2010-01-27", "2010-01-29")),
        ("en", "held in Vienna from 14 to 15 April 2009", ("2009-04-14", "2009-04-15")),
        ("en", "Vienna, 12 and 13 October 2021", ("2021-10-12", "2021-10-13")),
        ("en", "from 30 September to 2 October 2020", ("2020-09-30", "2020-10-02")),
        ("en", "Thursday 28 January 2010, Vienna", ("2010-01-28", None)),
        ("en", "6-8 November 2013", ("2013-11-06", "2013-11-08")),
        ("en", "18-22 October 2010", ("2010-10-18", "2010-10-22")),
    ],
)
def test_ranges(code: str, text: str, expected: tuple[str, str | None] | None) -> None:
    found = ranges(langs.load(code), text)
    assert (found[0][:2] if found else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("28 October 2021", "2021-10-28"), ("General28 July 2004", "2004-07-28"), ("no date here", None)],
)
def test_first_date_en(text: str, expected: str | None) -> None:
    found = first_date(langs.load("en"), text)
    assert (found[0] if found else None) == expected
