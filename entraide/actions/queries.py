"""Reading the register: the list's filters, and what the report shows per axis and period.

Axis 1 adds the group meetings and the pairing meetings to the registered actions, so
that they count there without being typed twice (the caller gives those two counts).
"""

from collections import defaultdict
from datetime import date

from sqlalchemy import Select, extract, func, select
from sqlalchemy.orm import selectinload

from ..core.extensions import db
from ..core.statements import built_once
from ..models import ActionDocument, ActionOrganisation, NetworkAction
from ..models.action import AXES, AXIS_SHORT


def list_query(axis: int | None = None, year: int | None = None, status: str = "") -> Select:
    """The register, most recent first, filtered."""
    query = select(NetworkAction).order_by(NetworkAction.held_on.desc(), NetworkAction.id.desc())
    if axis:
        query = query.where(NetworkAction.axis == axis)
    if year:
        query = query.where(extract("year", NetworkAction.held_on) == year)
    if status:
        query = query.where(NetworkAction.status == status)
    return query.options(
        selectinload(NetworkAction.links).selectinload(ActionOrganisation.organisation),
        selectinload(NetworkAction.audience_rows),
        selectinload(NetworkAction.documents),
    )


def years() -> list[int]:
    """The years the register holds actions for, most recent first."""
    rows = db.session.execute(
        select(func.min(NetworkAction.held_on), func.max(NetworkAction.held_on))
    ).one()
    if rows[0] is None:
        return []
    return list(range(rows[1].year, rows[0].year - 1, -1))


def _in_period(start: date, end: date):
    return NetworkAction.held_on.between(start, end)


@built_once
def _axis_statement(start: date, end: date):
    return (
        select(
            NetworkAction.axis,
            NetworkAction.status,
            func.count(),
            func.coalesce(func.sum(NetworkAction.people_count), 0),
            func.coalesce(func.sum(NetworkAction.organisations_count), 0),
            func.count(NetworkAction.people_count),
        )
        .where(_in_period(start, end))
        .group_by(NetworkAction.axis, NetworkAction.status)
    )


def axis_figures(start: date, end: date) -> dict[int, dict]:
    """Per axis: actions held, planned and cancelled in the period; people and organisations
    present at the held ones (where counted). One grouped query."""
    figures = {
        axis: {
            "held": 0,
            "planned": 0,
            "cancelled": 0,
            "people": 0,
            "organisations": 0,
            "people_counted": 0,
        }
        for axis in AXES
    }
    rows = db.session.execute(_axis_statement(start, end)).all()
    for axis, status, count, people, organisations, counted in rows:
        figures[axis][status] += count
        if status == "held":
            figures[axis]["people"] += int(people)
            figures[axis]["organisations"] += int(organisations)
            figures[axis]["people_counted"] += int(counted)
    return figures


def axis_rows(figures: dict[int, dict], group_meetings: int, pairing_meetings: int) -> list[dict]:
    """The report's per-axis lines: axis 1 = its actions + group meetings + pairing meetings."""
    rows = []
    for axis, label in AXIS_SHORT.items():
        f = figures[axis]
        extra = (group_meetings, pairing_meetings) if axis == 1 else (0, 0)
        rows.append(
            {
                "axis": axis,
                "label": label,
                "wording": AXES[axis],
                "actions": f["held"],
                "group_meetings": extra[0],
                "pairing_meetings": extra[1],
                "total": f["held"] + sum(extra),
                "planned": f["planned"],
                "cancelled": f["cancelled"],
                "people": f["people"],
                "organisations": f["organisations"],
            }
        )
    return rows


def dated_list(start: date, end: date) -> list[NetworkAction]:
    """The period's actions that were held or are planned, by axis then date."""
    return list(
        db.session.execute(
            list_query()
            .where(_in_period(start, end), NetworkAction.status != "cancelled")
            .order_by(None)
            .order_by(NetworkAction.axis, NetworkAction.held_on, NetworkAction.id)
        ).scalars()
    )


def documents(start: date, end: date) -> list[ActionDocument]:
    """The pièces justificatives of the period's actions (the report's annex)."""
    return list(
        db.session.execute(
            select(ActionDocument)
            .join(NetworkAction, NetworkAction.id == ActionDocument.action_id)
            .where(_in_period(start, end))
            .order_by(NetworkAction.held_on, NetworkAction.id, ActionDocument.id)
            .options(selectinload(ActionDocument.action))
        ).scalars()
    )


def by_axis(actions: list[NetworkAction]) -> dict[int, list[NetworkAction]]:
    grouped: dict[int, list[NetworkAction]] = defaultdict(list)
    for action in actions:
        grouped[action.axis].append(action)
    return grouped
