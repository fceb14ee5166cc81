"""SQLAlchemy models, one module per aggregate."""

from .audit import AuditEntry
from .branding import FunderLogo
from .followup import FollowUp, FollowUpAction, ReminderSent
from .group import GroupMeeting, TerritorialGroup
from .help_request import HelpAnswer, HelpNotification, HelpOutsideContact, HelpRequest
from .matching_settings import MatchingSettings
from .need import Need, Offer
from .network_version import NetworkVersion
from .organisation import Organisation
from .outbox import OutboxMail
from .pairing import Pairing, PairingEvaluation, PairingTransition, PairRejection
from .report import ReportAid, ReportHighlight, ReportSettings
from .sponsor_request import SponsorRequest
from .territory import CommuneTerritory, Territory
from .testimony import HighlightApproval, ReportSubmission
from .theme import Theme
from .user import User

__all__ = [
    "AuditEntry",
    "CommuneTerritory",
    "FollowUp",
    "FunderLogo",
    "FollowUpAction",
    "GroupMeeting",
    "HelpAnswer",
    "HighlightApproval",
    "HelpNotification",
    "HelpOutsideContact",
    "HelpRequest",
    "MatchingSettings",
    "Need",
    "NetworkVersion",
    "Offer",
    "Organisation",
    "OutboxMail",
    "PairRejection",
    "Pairing",
    "PairingEvaluation",
    "PairingTransition",
    "ReminderSent",
    "ReportAid",
    "ReportHighlight",
    "ReportSettings",
    "ReportSubmission",
    "SponsorRequest",
    "TerritorialGroup",
    "Territory",
    "Theme",
    "User",
]
