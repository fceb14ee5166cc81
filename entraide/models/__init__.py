"""SQLAlchemy models, one module per aggregate."""

from .action import ActionAudience, ActionDocument, ActionOrganisation, NetworkAction
from .audit import AuditEntry
from .branding import FunderLogo
from .convention import Convention, ConventionReminder, StatementLine
from .demo import DemoMarker
from .followup import FollowUp, FollowUpAction, ReminderSent
from .group import GroupMeeting, TerritorialGroup
from .help_request import HelpAnswer, HelpNotification, HelpOutsideContact, HelpRequest
from .matching_settings import MatchingSettings
from .narrative import AxisNarrative
from .need import Need, Offer
from .network_version import NetworkVersion
from .organisation import Organisation
from .outbox import OutboxMail
from .pairing import Pairing, PairingEvaluation, PairingTransition, PairRejection
from .report import ReportHighlight, ReportSettings
from .sponsor_request import SponsorRequest
from .territory import CommuneTerritory, Territory
from .testimony import HighlightApproval, ReportSubmission
from .theme import Theme
from .user import User

__all__ = [
    "ActionAudience",
    "ActionDocument",
    "ActionOrganisation",
    "AuditEntry",
    "AxisNarrative",
    "CommuneTerritory",
    "Convention",
    "ConventionReminder",
    "DemoMarker",
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
    "NetworkAction",
    "NetworkVersion",
    "Offer",
    "Organisation",
    "OutboxMail",
    "PairRejection",
    "Pairing",
    "PairingEvaluation",
    "PairingTransition",
    "ReminderSent",
    "ReportHighlight",
    "ReportSettings",
    "ReportSubmission",
    "SponsorRequest",
    "StatementLine",
    "TerritorialGroup",
    "Territory",
    "Theme",
    "User",
]
