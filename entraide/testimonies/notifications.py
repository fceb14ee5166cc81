"""The mail that asks an organisation to approve a testimony (through the outbox)."""

from ..core.links import absolute_url
from ..outbox.services import queue_mail


def approval_requested(approval) -> None:
    """To the organisation's people: a testimony about it awaits its answer (no text in
    the mail: the page shows it to its members only)."""
    highlight = approval.highlight
    queue_mail(
        approval.organisation.mail_recipients(),
        "email/highlight_approval_requested.txt",
        organisation=approval.organisation,
        year=highlight.year,
        named=approval.named,
        from_source=approval.from_source,
        link=absolute_url("testimonies.show", highlight_id=highlight.id),
    )
