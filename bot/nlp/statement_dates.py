"""When a statement was made: the article's date unless the article recalls an earlier one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.nlp.types import Statement

Precision = Literal["day", "week", "month", "year"]


@dataclass(frozen=True)
class StatementDate:
    on: date
    precision: Precision
    recalled: bool


def statement_date(statement: Statement, published: date) -> StatementDate:
    return StatementDate(published, "day", False)
