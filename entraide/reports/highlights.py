"""Testimonies the coordinator may select for the report (coordinator only: private text).

Follow-up summaries and close-out evaluations are private until selected: this module is
read by the coordinator's selection page only, never by the dashboard or the report.
"""

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from ..core.extensions import db
from ..models import FollowUp, Organisation, Pairing, PairingEvaluation
from ..text import format_date
from .period import Period

MAX_CANDIDATES = 200


def candidates(period: Period) -> list[dict]:
    """Non-empty summaries of the period's meetings and "what helped" of its evaluations."""
    mentee, mentor = aliased(Organisation), aliased(Organisation)
    found = []
    for followup_id, held_on, summary, mentee_name, mentor_name in db.session.execute(
        select(FollowUp.id, FollowUp.held_on, FollowUp.summary, mentee.name, mentor.name)
        .join(Pairing, FollowUp.pairing_id == Pairing.id)
        .join(mentee, Pairing.mentee_id == mentee.id)
        .join(mentor, Pairing.mentor_id == mentor.id)
        .where(
            FollowUp.status == "held",
            FollowUp.held_on >= period.start,
            FollowUp.held_on <= period.end,
            func.length(func.trim(FollowUp.summary)) > 0,
        )
        .order_by(FollowUp.held_on.desc(), FollowUp.id.desc())
        .limit(MAX_CANDIDATES)
    ):
        found.append(
            {
                "source_type": "followup",
                "source_id": followup_id,
                "text": summary,
                "context": f"Rencontre du {held_on:%d/%m/%Y}, {mentor_name} → {mentee_name}",
            }
        )
    for evaluation_id, created_at, text, name in db.session.execute(
        select(
            PairingEvaluation.id,
            PairingEvaluation.created_at,
            PairingEvaluation.what_helped,
            Organisation.name,
        )
        .join(Organisation, PairingEvaluation.organisation_id == Organisation.id)
        .where(
            PairingEvaluation.created_at >= period.start_at,
            PairingEvaluation.created_at < period.end_before,
            func.length(func.trim(PairingEvaluation.what_helped)) > 0,
        )
        .order_by(PairingEvaluation.created_at.desc(), PairingEvaluation.id.desc())
        .limit(MAX_CANDIDATES)
    ):
        found.append(
            {
                "source_type": "evaluation",
                "source_id": evaluation_id,
                "text": text,
                "context": f"Bilan de parrainage de {name}, {format_date(created_at)}",
            }
        )
    return found
