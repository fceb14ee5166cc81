"""The vocabulary of the tables: roles, expected answers and the Route row."""

from dataclasses import dataclass

ROLES = ("anonymous", "member", "other_member", "coordinator", "viewer")
LOGIN = "login"  # Flask-Login's redirect to /connexion?next=…


class To(str):
    """An expected redirect to this path (a format string over the world's ids)."""


def everyone(answer):
    return (answer,) * 5


def logged_in(answer):
    return (LOGIN,) + (answer,) * 4


def own_org(answer):
    """SCIC A's private pages: its member and the coordinator; others get 404."""
    return (LOGIN, answer, 404, answer, 404)


def partner_page(answer):
    """SCIC A's partner's page: A's member (its partner) and the coordinator; SCIC B 404."""
    return (LOGIN, answer, 404, answer, 404)


def not_a_partner(answer):
    """An organisation SCIC A is not a partner of: the coordinator only; others 404."""
    return (LOGIN, 404, 404, answer, 404)


def coordinator_only(answer):
    return (LOGIN, 403, 403, answer, 403)


def pairing_booklet(answer):
    """SCIC A's pairing booklet: its side and the coordinator; SCIC B 404, the funder 403."""
    return (LOGIN, answer, 404, answer, 403)


def group_page(answer):
    """SCIC A's group, read-only for its members: SCIC B is outside (404), the funder 403."""
    return (LOGIN, answer, 404, answer, 403)


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    path: str
    expected: tuple
    data: dict | None = None
    # What a 200 answers: "html" (French page), "json", "csv", "xlsx" or "image" (an SVG).
    kind: str = "html"
    # Outsiders (anonymous, other_member, viewer) whose answer may name SCIC A.
    names_a_to: tuple = ()

    def __post_init__(self):
        assert len(self.expected) == len(ROLES), f"{self.endpoint}: one answer per role"
