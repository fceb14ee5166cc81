"""The world every row is called in: four SCICs, the five roles, and something of each kind.

SCIC A ("member") is a young SCIC: sponsored by SCIC C (one pairing completed, one active
with a logged meeting), in a territorial group with C and D, and the author of help
requests. SCIC B ("other_member") is a true outsider: in no pairing and no group. The
secrets are notes and personal data no outsider (anonymous, SCIC B, the funder) may read.

One more organisation per way of being SCIC A's partner, or of not being one
(models/partners.py): E sponsored A once (completed), F answered one of A's calls, G was
told about it; H declined a proposal with A and I's proposal was withdrawn (not partners).
A's member and C's are contact people for the entraide; A's member is the group's contact
(so SCIC A relays the group's meetings). Every role has its own planned meeting of the
active pairing and of the group (cancelling one changes nothing of another role's row).
"""

from datetime import date, time, timedelta
from decimal import Decimal
from types import SimpleNamespace

from entraide.actions import services as actions
from entraide.auth.tokens import make_token
from entraide.branding import services as branding
from entraide.calendars.keys import token_of
from entraide.conventions import services as conventions
from entraide.core.extensions import db
from entraide.declarations.services import close_need, declare_need, declare_offer
from entraide.demo.actions import demo_pdf
from entraide.followups import planning as followup_planning
from entraide.followups import services as followups
from entraide.groups import planning as group_planning
from entraide.groups import services as groups
from entraide.help_requests import services as help_requests
from entraide.models import SponsorRequest
from entraide.models.testimony import text_digest
from entraide.organisations.services import create_organisation
from entraide.outbox import services as outbox
from entraide.pairings import services as pairings
from entraide.reports import services as reports
from entraide.users.services import create_user, update_account
from tests.formats.activity import SAMPLE_LOGO_SVG
from tests.web.access.rows import ROLES

ORG_A_NAME = "SCIC Alpha"
# Private notes of SCIC A's pairings and calls.
OBJECTIVES = "Objectifs confidentiels de la filleule"
SUMMARY = "Compte rendu confidentiel de la rencontre"
ANSWER = "Réponse réservée à la SCIC Alpha"
EVALUATION = "Bilan confidentiel de la marraine"
# Personal data: the people's addresses, names and phones, the organisations' addresses.
MEMBER_EMAIL, MEMBER_NAME = "alpha@exemple.fr", "Aline Alpha"
MEMBER_PHONE = "03 21 98 76 54"
SPONSOR_EMAIL = "gamma@exemple.fr"
CONTACT_A = "contact@scic-alpha.fr"
CONTACT_C = "contact@scic-gamma.fr"  # SCIC C is in the directory, but not its address
SECRETS = (
    OBJECTIVES,
    SUMMARY,
    ANSWER,
    EVALUATION,
    MEMBER_EMAIL,
    MEMBER_NAME,
    MEMBER_PHONE,
    SPONSOR_EMAIL,
    CONTACT_A,
    CONTACT_C,
)


def _pairing(coordinator, mentee, mentor, objectives: str):
    """A pairing both SCICs accepted (so active), through the services."""
    pairing = pairings.propose(coordinator, mentee, mentor, objectives=objectives)
    pairings.answer(pairing, None, "mentee", True, None)
    pairings.answer(pairing, None, "mentor", True, None)
    return pairing


def _organisations():
    org_a = create_organisation(
        None, ORG_A_NAME, commune_insee="62498", year_created=2023, contact_email=CONTACT_A
    )
    org_b = create_organisation(None, "SCIC Bêta", commune_insee="62041", year_created=2015)
    org_c = create_organisation(
        None,
        "SCIC Gamma",
        commune_insee="62510",
        year_created=2004,
        mentor_capacity=2,
        public_directory=True,
        contact_email=CONTACT_C,
    )
    org_d = create_organisation(None, "SCIC Delta", commune_insee="62510", year_created=2012)
    declare_offer(org_c, None, "difficultes", "Traverser une crise de trésorerie")
    db.session.flush()
    return org_a, org_b, org_c, org_d


def _relations(coordinator, org_a):
    """E, F, G (partners of A) and H, I (not), each by one relation (module docstring)."""
    orgs = {
        key: create_organisation(
            None, name, commune_insee="62498", year_created=2005, mentor_capacity=1
        )
        for key, name in (
            ("org_e", "SCIC Epsilon"),
            ("org_f", "SCIC Zêta"),
            ("org_g", "SCIC Êta"),
            ("org_h", "SCIC Thêta"),
            ("org_i", "SCIC Iota"),
        )
    }
    declare_offer(orgs["org_g"], None, "juridique", "Réviser des statuts")
    db.session.flush()
    declined = pairings.propose(coordinator, org_a, orgs["org_h"])
    pairings.answer(declined, None, "mentor", False, "Pas de place cette année")
    withdrawn = pairings.propose(coordinator, org_a, orgs["org_i"])
    pairings.stop(withdrawn, coordinator, "Note interne", "La marraine a déménagé")
    finished = _pairing(coordinator, org_a, orgs["org_e"], "Premiers pas")
    pairings.complete(finished, coordinator)
    db.session.flush()
    return orgs, {"declined_pairing": declined.id}


def _sponsorship(coordinator, sponsor, org_a, org_c, org_d):
    """A completed pairing (evaluated by C), an active one with a meeting, a rejected pair."""
    done = _pairing(coordinator, org_a, org_c, "Une première AG")
    pairings.complete(done, coordinator)
    followups.evaluate(done, sponsor, org_c, satisfaction=4, what_helped=EVALUATION)
    active = _pairing(coordinator, org_a, org_c, OBJECTIVES)
    active.start_date = date.today() - timedelta(days=30)
    meeting = followups.log_followup(
        active,
        coordinator,
        held_on=date.today() - timedelta(days=7),
        format="visit",
        volunteer_hours=Decimal(2),
        summary=SUMMARY,
        actions=[followups.NewAction(f"Action pour {role}") for role in ROLES],
    )
    rejection = pairings.reject_pair(coordinator, org_a, org_d, "Trop loin de Lens")
    db.session.flush()
    actions = dict(zip(ROLES, (action.id for action in meeting.actions), strict=True))
    ids = {
        "pairing": active.id,
        "done_pairing": done.id,
        "rejection": rejection.id,
        "followup": meeting.id,
    }
    return ids, actions


def _group(coordinator, member, org_a, org_c, org_d):
    group = groups.create_group(coordinator, "Groupe de Lens", [org_a, org_c, org_d])
    groups.set_contact(group, coordinator, member)
    groups.record_meeting(
        group,
        coordinator,
        held_on=date.today() - timedelta(days=3),
        kind="rencontre",
        title="Rencontre chez la SCIC Alpha",
        host=org_a,
        participants=[org_c],
    )
    return group


def _calls(member, org_a, org_f) -> None:
    """A call of A's on "juridique": G (which offers it) is told, F answers it."""
    call = help_requests.post_request(
        member, org_a, "juridique", "Révision coopérative", "Qui a déjà vécu la révision ?"
    )
    helper = create_user(None, "zeta@exemple.fr", "member", organisation=org_f)
    db.session.flush()
    help_requests.answer(call, helper, "Nous l'avons faite l'an dernier.")


def _planned(coordinator, pairing_id: int, group) -> dict:
    """One planned meeting of the active pairing and one of the group, per role."""
    from entraide.models import Pairing

    pairing = db.session.get(Pairing, pairing_id)
    ids = {}
    soon = date.today() + timedelta(days=10)
    for role in ROLES:
        followup = followup_planning.plan_followup(
            pairing, coordinator, held_on=soon, start_time=time(14, 30), format="visit"
        )
        meeting = group_planning.plan_meeting(
            group,
            coordinator,
            held_on=soon,
            start_time=time(18, 0),
            kind="rencontre",
            title="Rencontre prévue du groupe",
            host=group.members[1],
            expected=list(group.members),
        )
        ids[role] = {"planned_followup": followup.id, "planned_meeting": meeting.id}
    return ids


def _per_role(member, sponsor, org_a) -> dict:
    """What a role's row may change: its own need, closed need, offer and help request."""
    ids = {}
    for role in ROLES:
        need = declare_need(org_a, None, "gouvernance", "Préparer notre AG")
        closed = declare_need(org_a, None, "juridique", "Réviser nos statuts")
        close_need(closed, None, "met")
        offer = declare_offer(org_a, None, "numerique", "Logiciels libres")
        call = help_requests.post_request(
            member, org_a, "difficultes", "Trésorerie tendue", "Un client paie en retard."
        )
        help_requests.answer(call, sponsor, ANSWER)
        # Added as it stands: SCIC A's live pairing would refuse it through the service.
        request = SponsorRequest(
            kind="ask", need=need, mentee=org_a, mentor=sponsor.organisation, requester=org_a
        )
        db.session.add(request)
        db.session.flush()
        ids[role] = {
            "need_a": need.id,
            "closed_need_a": closed.id,
            "offer_a": offer.id,
            "help_request": call.id,
            "sponsor_request": request.id,
        }
    return ids


def _network_action(coordinator, org_c) -> dict:
    """An action of the register hosted by SCIC C, with its attendance sheet."""
    action = actions.create_action(
        coordinator,
        actions.ActionData(
            axis=1,
            kind="atelier",
            title="Atelier du réseau",
            held_on=date.today() - timedelta(days=5),
            status="held",
            hosts=[org_c],
            audience=["scic"],
            people_count=12,
        ),
    )
    sheet = actions.add_document(action, coordinator, "attendance", "emargement.pdf", demo_pdf("x"))
    return {"network_action": action.id, "document": sheet.id}


def _convention(coordinator):
    """The current year's convention, its report due next spring (a countdown)."""
    year = date.today().year
    convention = conventions.create_convention(
        coordinator,
        conventions.ConventionData(
            funder="Département du Pas-de-Calais",
            reference=f"{year}-00001",
            beneficiary="Cliss XXI",
            title="Animation du réseau",
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            aid_amount=Decimal(17500),
            report_due=date(year + 1, 6, 1),
        ),
    )
    db.session.flush()
    return convention


def build_world():
    """Build and commit the world (inside an app context); return its ids and sessions."""
    org_a, org_b, org_c, org_d = _organisations()
    users = {
        "member": create_user(None, MEMBER_EMAIL, "member", name=MEMBER_NAME, organisation=org_a),
        "other_member": create_user(None, "beta@exemple.fr", "member", organisation=org_b),
        "coordinator": create_user(None, "coordination@exemple.fr", "coordinator"),
        "viewer": create_user(None, "financeur@exemple.fr", "viewer"),
    }
    sponsor = create_user(None, SPONSOR_EMAIL, "member", organisation=org_c)
    # Contact people for the entraide: A's member (with a phone) and C's.
    update_account(
        users["member"], None, name=MEMBER_NAME, entraide_contact=True, phone=MEMBER_PHONE
    )
    update_account(sponsor, None, name="Gaspard Gamma", entraide_contact=True)
    forgetful = create_user(None, "oubli@exemple.fr", "member", organisation=org_b)
    invited = create_user(None, "invitee@exemple.fr", "member", organisation=org_b)
    db.session.flush()
    coordinator = users["coordinator"]
    partners, ended = _relations(coordinator, org_a)
    sponsorship, actions = _sponsorship(coordinator, sponsor, org_a, org_c, org_d)
    _calls(users["member"], org_a, partners["org_f"])
    group = _group(coordinator, users["member"], org_a, org_c, org_d)
    planned = _planned(coordinator, sponsorship["pairing"], group)
    register = _network_action(coordinator, org_c)
    highlight = reports.add_highlight(coordinator, date.today().year, "Un parrainage réussi")
    # A testimony from SCIC A's meeting, awaiting SCIC A's and SCIC C's approval: its text
    # (the private summary) must reach nobody else, the funder included.
    testimony = reports.add_highlight(
        coordinator,
        date.today().year,
        SUMMARY,
        source_type="followup",
        source_id=sponsorship.pop("followup"),
    )
    branding.set_logo(coordinator, SAMPLE_LOGO_SVG, "62, Pas-de-Calais Mon Département")
    convention = _convention(coordinator)
    per_role = _per_role(users["member"], sponsor, org_a)
    [mail] = outbox.queue(invited.email, "invitation", "Invitation à rejoindre Entraide", "…")
    mail.status, mail.attempts, mail.last_error = "failed", 6, "Serveur injoignable."
    db.session.commit()
    common = {
        "org_a": org_a.id,
        "org_b": org_b.id,
        "org_c": org_c.id,
        "org_d": org_d.id,
        "member_user": users["member"].id,
        "invited": invited.id,
        "invite_token": make_token(invited, "invite"),
        # Its page shows the address it resets, to whoever holds the link.
        "reset_token": make_token(forgetful, "reset"),
        "group": group.id,
        "feed_token": token_of(users["member"]),
        "unknown_feed_token": "0" * 64,
        "highlight": highlight.id,
        "testimony": testimony.id,
        "testimony_digest": text_digest(testimony.title, testimony.quote),
        "convention": convention.id,
        "convention_version": str(convention.version),
        "convention_line": next(line.id for line in convention.lines if line.parent_id),
        "mail": mail.id,
        **sponsorship,
        **register,
        **{key: org.id for key, org in partners.items()},
        **ended,
    }
    return SimpleNamespace(
        ids={
            role: {**common, **per_role[role], **planned[role], "action": actions[role]}
            for role in ROLES
        },
        session_tokens={role: user.session_token for role, user in users.items()},
        org_a_name=ORG_A_NAME,
        secrets=SECRETS,
    )
