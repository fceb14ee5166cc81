"""A member's request to the coordination: « sponsor us » or « we can sponsor them ».

A young SCIC asks for the sponsorship of an SCIC it found in « Qui peut m'aider ? »
(``kind = "ask"``), or an experienced SCIC offers its help on a young SCIC's need from
« Qui puis-je aider ? » (``kind = "offer"``). Either way the request names one open need,
the young SCIC (mentee) and the would-be sponsor (mentor), and waits in the coordination's
review queue: the coordination validates it (the usual proposal, then both consents) or
declines it with a reason the requester reads.
"""

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import db
from ._base import check_in, utcnow

REQUEST_KINDS = {"ask": "Demande de parrainage", "offer": "Proposition d'aide"}
REQUEST_STATUSES = {
    "open": "En attente de la coordination",
    "accepted": "Proposée aux deux SCIC",
    "declined": "Refusée par la coordination",
    "withdrawn": "Retirée",
    "superseded": "Sans suite : un autre parrainage a été proposé",
}
MESSAGE_MAX = 1000
DECLINE_REASON_MAX = 1000
_OPEN_SQL = "status = 'open'"


class SponsorRequest(db.Model):
    __tablename__ = "sponsor_request"
    __table_args__ = (
        check_in("kind", REQUEST_KINDS, "kind"),
        check_in("status", REQUEST_STATUSES, "status"),
        # One open request per need and would-be sponsor, whoever sent it: a second one
        # (a double submit, or the other side asking for the same pair) is refused.
        Index(
            "uq_sponsor_request_open",
            "need_id",
            "mentor_id",
            unique=True,
            sqlite_where=text(_OPEN_SQL),
            postgresql_where=text(_OPEN_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("need.id", ondelete="CASCADE"), index=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # The organisation that sent it: the mentee for "ask", the mentor for "offer".
    requester_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[float | None] = mapped_column(Float)
    decline_reason: Mapped[str | None] = mapped_column(Text)
    pairing_id: Mapped[int | None] = mapped_column(ForeignKey("pairing.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)

    need = relationship("Need")
    mentee = relationship("Organisation", foreign_keys=[mentee_id])
    mentor = relationship("Organisation", foreign_keys=[mentor_id])
    requester = relationship("Organisation", foreign_keys=[requester_id])
    created_by = relationship("User", foreign_keys=[created_by_id])  # who sent it
    pairing = relationship("Pairing")

    @property
    def kind_label(self) -> str:
        return REQUEST_KINDS[self.kind]

    @property
    def status_label(self) -> str:
        return REQUEST_STATUSES[self.status]

    @property
    def sender_label(self) -> str:
        """« Yasmine Jeune (Jeune Pousse) »: the person who sent it, if named, and its SCIC."""
        name = self.created_by.name if self.created_by is not None else ""
        return f"{name} ({self.requester.name})" if name else self.requester.name

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def is_requester(self, user) -> bool:
        return bool(
            user.is_authenticated and user.is_member and user.organisation_id == self.requester_id
        )


def requests_behind(pairing_ids) -> dict[int, SponsorRequest]:
    """The member's request each pairing came from, by pairing id (none: the coordination
    proposed it from its review queue)."""
    ids = list(pairing_ids)
    if not ids:
        return {}
    query = db.select(SponsorRequest).where(
        SponsorRequest.pairing_id.in_(ids), SponsorRequest.status == "accepted"
    )
    return {request.pairing_id: request for request in db.session.scalars(query)}


def proposal_origin(pairing, org_id: int, request: SponsorRequest | None) -> str:
    """How a proposal awaiting ``org_id``'s answer came about, as that SCIC reads it:
    « SCIC marraine proposée par la coordination », or, when a member asked for it,
    « SCIC marraine que vous avez demandée, proposition validée par la coordination »."""
    mentee_side = pairing.mentee_id == org_id
    role = "SCIC marraine" if mentee_side else "SCIC filleule"
    if request is None:
        return f"{role} proposée par la coordination"
    ours = request.requester_id == org_id
    if request.kind == "ask":  # the young SCIC asked for this sponsor
        how = "que vous avez demandée" if ours else "qui a demandé votre parrainage"
    else:  # the experienced SCIC offered its help on the young SCIC's need
        how = "que vous avez proposé d'aider" if ours else "qui a proposé de vous aider"
    return f"{role} {how}, proposition validée par la coordination"
