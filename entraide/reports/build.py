"""The report of a period: every aggregate, computed once.

The dashboard, the PDF, the spreadsheet and the CLI all start from :func:`build_report`, so
that a period gives the same numbers everywhere; :mod:`.tables` lays them out.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from ..actions import queries as action_queries
from ..conventions import queries as convention_queries
from ..suggestions import territory_table
from ..themes import THEMES
from . import axes, queries
from .period import Period

WORKSHOP_COUNT = 5
CENT = Decimal("0.01")


@dataclass
class Table:
    """One sheet of the spreadsheet: a name (31 characters at most), headers and rows."""

    name: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    truncated: bool = False  # only the first rows are shown (page, PDF)
    note: str = ""  # what the page and the PDF say of rows not shown (the default otherwise)

    @property
    def slug(self) -> str:
        """« Satisfaction des parrainages » -> ``satisfaction-des-parrainages`` (its CSV)."""
        ascii_name = unicodedata.normalize("NFKD", self.name).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


@dataclass
class Report:
    period: Period
    organisations: queries.OrganisationFigures
    themes: dict
    workshops: list[dict]
    pairings: dict
    first_meeting: dict
    satisfaction: dict
    followups: dict
    group_meetings: dict
    help_requests: dict
    balance: list[dict]
    territories: list[dict]
    hourly_rate: Decimal | None
    volunteer_hours: Decimal
    volunteer_amount: Decimal
    # The convention whose final statement gave ``volunteer_amount`` (its 864), or "".
    valuation_frozen_by: str = ""
    # The agreement's four axes (reports/axes.py): the figures per axis.
    axes: list[dict] = field(default_factory=list)

    # The dated actions and their documents are read when first asked for: the files and
    # the PDF list them, the dashboard only shows the figures per axis (500 actions
    # loaded with their organisations, audiences and documents cost more than the rest
    # of the page).
    @cached_property
    def actions(self) -> list:
        """The period's held or planned actions, by axis then date."""
        return action_queries.dated_list(self.period.start, self.period.end)

    @cached_property
    def documents(self) -> list:
        """The pièces justificatives of the period's actions (the report's annex)."""
        return action_queries.documents(self.period.start, self.period.end)

    @property
    def is_empty(self) -> bool:
        return not (
            self.organisations.total
            or self.pairings["total"]
            or sum(self.pairings["proposals"].values())
            or self.followups["count"]
            or self.group_meetings["count"]
            or self.help_requests["posted"]
            # Held or planned actions: what ``actions`` lists, counted without loading it.
            or any(row["actions"] or row["planned"] for row in self.axes)
        )


def workshops(themes: dict, period: Period) -> list[dict]:
    """Themes with the most open needs and the fewest offers: workshops to propose."""
    ranked = sorted(
        (code for code, f in themes.items() if f["open"] > 0),
        # The widest gap between needs and offers first, then the most needs.
        key=lambda code: (
            themes[code]["offers"] - themes[code]["open"],
            -themes[code]["open"],
            code,
        ),
    )[:WORKSHOP_COUNT]
    hosts = queries.hosts_by_theme(ranked, period)
    return [
        {
            "theme": code,
            "label": THEMES.get(code, code),
            "open": themes[code]["open"],
            "offers": themes[code]["offers"],
            "hosts": hosts.get(code, []),
        }
        for code in ranked
    ]


def valuation(hours: Decimal, period: Period) -> tuple[Decimal | None, Decimal, str]:
    """``(rate, amount, convention)`` of the period's volunteer hours: at today's hourly
    rate; but when a final statement covers exactly this period, the amount its 864 wrote
    down, so that section 7 says what section 6 says (the rate is then the one that amount
    implies: hours logged or a rate changed since do not reopen a final bilan)."""
    rate = queries.hourly_rate()
    amount = (hours * rate).quantize(CENT, rounding=ROUND_HALF_UP)
    frozen = convention_queries.final_valuation(period.start, period.end)
    if frozen is None or frozen.amount == amount:
        return rate, amount, frozen.convention_label if frozen else ""
    implied = (frozen.amount / hours).quantize(CENT, rounding=ROUND_HALF_UP) if hours else None
    return implied, frozen.amount, frozen.convention_label


def build_report(period: Period) -> Report:
    """All the figures of a period (a bounded number of queries, whatever the data size)."""
    themes = queries.needs_by_theme(period)
    followups = queries.followups(period)
    group_meetings = queries.group_meetings(period)
    hours = followups["hours"] + group_meetings["hours"]
    rate, amount, frozen_by = valuation(hours, period)
    return Report(
        period=period,
        organisations=queries.organisations(period),
        themes=themes,
        workshops=workshops(themes, period),
        pairings=queries.pairings(period),
        first_meeting=queries.validation_to_first_meeting(period),
        satisfaction=queries.satisfaction(period),
        followups=followups,
        group_meetings=group_meetings,
        help_requests=queries.help_requests(period),
        balance=queries.balance(period),
        territories=queries.by_territory(
            period, territory_table.assignments(), territory_table.territory_names()
        ),
        hourly_rate=rate,
        volunteer_hours=hours,
        volunteer_amount=amount,
        valuation_frozen_by=frozen_by,
        # Axis 1 adds the held group and pairing meetings counted above (never typed twice).
        axes=axes.axis_summary(period, group_meetings["count"], followups["count"]),
    )
