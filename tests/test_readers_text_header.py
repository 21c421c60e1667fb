"""Byline and date lines shared by the dump and clip readers: whole lines only, people only."""

from __future__ import annotations

from datetime import datetime

import pytest

from tearsheet.readers.text.header import byline_names, parse_date


@pytest.mark.parametrize(("line", "expected"), [
    ("November 19, 2019", datetime(2019, 11, 19)),
    ("Updated Nov. 19, 2019", datetime(2019, 11, 19)),
    ("Published 19 November 2019", datetime(2019, 11, 19)),
    ("Tuesday, November 19, 2019 at 10:30 a.m. ET", datetime(2019, 11, 19, 10, 30)),
    ("Updated 3:45 PM EST, Tue November 19, 2019", datetime(2019, 11, 19, 15, 45)),
    ("2019-11-19T10:30:00Z", datetime(2019, 11, 19, 10, 30)),
    ("Posted: Sept. 4, 2019", datetime(2019, 9, 4)),
    ("Published November 19, 2019 | Updated November 20, 2019", datetime(2019, 11, 19)),
])
def test_date_lines(line: str, expected: datetime) -> None:
    assert parse_date(line) == expected


@pytest.mark.parametrize("line", ["The meeting on November 19, 2019 was long", "June 31, 2019",
                                  "Smarch 3, 2020", "19.11.2019", ""])
def test_not_date_lines(line: str) -> None:
    assert parse_date(line) is None


@pytest.mark.parametrize(("line", "names"), [
    ("By Jane Doe", ("Jane Doe",)),
    ("By Jane Doe, John Roe and Ann Lee", ("Jane Doe", "John Roe", "Ann Lee")),
    ("BY JANE DOE AND JOHN ROE", ("JANE DOE", "JOHN ROE")),
    ("By Jane Doe | Reuters", ("Jane Doe",)),
    ("By Jane Doe and John Roe, The Associated Press", ("Jane Doe", "John Roe")),
    ("By Jane Doe, Staff Writer", ("Jane Doe",)),
    ("By Ludwig van Beethoven", ("Ludwig van Beethoven",)),
    ("By J. R. Smith", ("J. R. Smith",)),
    ("By Текст Лида Буслаева", ("Текст Лида Буслаева",)),
])
def test_bylines(line: str, names: tuple[str, ...]) -> None:
    assert byline_names(line) == names


@pytest.mark.parametrize("line", ["By the time we got there, it was over.", "By Jane Doe. She said so.",
                                  "Bystanders ran", "By " + "Name " * 50])
def test_not_bylines(line: str) -> None:
    assert byline_names(line) is None
