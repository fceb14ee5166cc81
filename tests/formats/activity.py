"""The demo network with its year of life, and what the tests add to it.

The demo itself (``entraide/demo``, ``life.py``) plays a year between its fictional
organisations: pairings in every state, meetings with decimal hours and actions, late
pairings reminded, groups, help requests, sponsorship requests. This adds, on the same
fictional organisations, every other action the audit log knows (each is written at least
once: ``test_journal`` checks it), a help request and a manual reminder for the mail tests,
settings, accounts, and times whose Paris hour differs from the UTC one.
"""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from entraide.actions import services as actions
from entraide.branding import services as branding
from entraide.conventions import bookkeeping
from entraide.conventions import reminders as convention_reminders
from entraide.conventions import services as conventions
from entraide.core.extensions import db
from entraide.declarations import services as declarations
from entraide.demo import load_demo
from entraide.demo.actions import demo_pdf, demo_png
from entraide.demo.fictional import BY_KEY
from entraide.followups import corrections as followup_corrections
from entraide.followups import reminders
from entraide.groups import corrections as group_corrections
from entraide.groups import services as groups
from entraide.help_requests import services as help_requests
from entraide.models import (
    AuditEntry,
    Convention,
    FollowUp,
    HelpAnswer,
    HelpRequest,
    HighlightApproval,
    Offer,
    Pairing,
    PairRejection,
    User,
)
from entraide.organisations import services as organisations
from entraide.organisations.services import find_by_name
from entraide.outbox import services as outbox
from entraide.pairings import services as pairings
from entraide.privacy.services import erase_person
from entraide.reports import narratives
from entraide.reports import services as reports
from entraide.suggestions import services as suggestions
from entraide.suggestions import territory_table
from entraide.testimonies import services as testimonies
from entraide.users.services import create_user, set_active, update_account
from tests.formats.activity_planning import plan_meetings

TODAY = date.today()
# A stand-in for the funder's logo (the real one is the Département's to give).
SAMPLE_LOGO_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60" viewBox="0 0 120 60">'
    b'<rect width="120" height="60" fill="#005eb8"/>'
    b'<text x="60" y="38" font-size="22" fill="#fff" text-anchor="middle">62</text></svg>'
)
# Times chosen so that the Paris hour differs from the UTC one (winter and summer time).
STAMPS = {
    "help_created": datetime(TODAY.year, 1, 12, 17, 57),
    "help_answered": datetime(TODAY.year, 1, 13, 6, 41),
    "help_closed": datetime(TODAY.year, 1, 20, 22, 43),
    "followup_created": datetime(TODAY.year, 7, 1, 21, 37),
    "last_login": datetime(TODAY.year, 6, 30, 23, 47),
}
# The demo's people: the member account (a young SCIC) and the sponsor account (its
# sponsor), and the organisations the additions below use.
MEMBER_ORG = BY_KEY["tiers_lieu"].name
SPONSOR_ORG = BY_KEY["habitat"].name


@dataclass
class Activity:
    ids: dict = field(default_factory=dict)
    reminder_mails: list[tuple[str, str]] = field(default_factory=list)


def _user(email: str) -> User:
    return db.session.execute(db.select(User).filter_by(email=email)).scalar_one()


def _org(key: str):
    return find_by_name(BY_KEY[key].name)


def _stamp(model, object_id: int, **values) -> None:
    """Set times through SQL (as a test may): the ORM would set ``updated_at`` again."""
    table = model.__table__
    db.session.execute(db.update(table).where(table.c.id == object_id).values(**values))


def build_activity() -> Activity:
    """Load the demo (with its year of life) and add the rest (inside an app context)."""
    load_demo()
    db.session.commit()
    activity = Activity()
    coordinator = _user("coordination@entraide.example")
    member = _user("membre@entraide.example")
    sponsor = _user("parrain@entraide.example")
    young, mentor = find_by_name(MEMBER_ORG), find_by_name(SPONSOR_ORG)
    active = db.session.execute(
        db.select(Pairing).filter_by(mentee_id=young.id, mentor_id=mentor.id, status="active")
    ).scalar_one()
    meeting = db.session.execute(
        db.select(FollowUp).filter_by(pairing_id=active.id, volunteer_hours=Decimal("1.5"))
    ).scalar_one()
    activity.ids.update(active=active.id, followup=meeting.id, young=young.id, mentor=mentor.id)
    _pairings(coordinator)
    _declarations(coordinator, member, young)
    _groups(activity, coordinator)
    _corrections(active, sponsor)
    _help(activity, coordinator, member, sponsor, young)
    _accounts_and_settings(coordinator, young)
    _actions(activity, coordinator, young, mentor)
    _conventions(activity, coordinator)
    db.session.commit()
    # « Relancer maintenant » on the active pairing, confirmed from its preview; and
    # whatever the daily reminder finds due today.
    for reminder in reminders.pending(TODAY):
        activity.reminder_mails.append((reminder.subject, reminder.body))
        reminders.claim(reminder)
    preview = reminders.manual(active, TODAY)
    activity.reminder_mails.append((preview.subject, preview.body))
    reminders.claim_manual(active, coordinator, TODAY, reminders.fingerprint(preview))
    db.session.commit()
    # The deadline of the current convention is 30 days away: the coordination is told.
    for reminder in convention_reminders.pending(TODAY):
        activity.reminder_mails.append((reminder.subject, reminder.body))
        convention_reminders.claim(reminder)
    db.session.commit()
    plan_meetings(activity, coordinator, member, sponsor)
    db.session.commit()
    _stamps(activity, member)
    db.session.commit()
    return activity


def _pairings(coordinator) -> None:
    """The pair the demo set aside (too far apart) becomes possible again."""
    rejection = db.session.execute(
        db.select(PairRejection).filter_by(lifted_at=None).order_by(PairRejection.id)
    ).scalar()
    pairings.lift_rejection(coordinator, rejection)


def _declarations(coordinator, member, young) -> None:
    need = declarations.declare_need(young, member, "numerique", "Refaire notre site", "low")
    declarations.update_need(need, member, "numerique", "Refaire notre site web", "normal")
    declarations.close_need(need, member, "withdrawn")
    declarations.reopen_need(need, coordinator)
    offer = db.session.execute(db.select(Offer).filter_by(organisation_id=young.id)).scalar()
    declarations.update_offer(offer, member, offer.theme_code, offer.text + " (sur réservation)")
    spare = declarations.declare_offer(young, member, "lieu", "Une salle de réunion à Béthune")
    declarations.withdraw_offer(spare, member)
    organisations.update_organisation(
        young, member, employees=4, members_count=1234, colleges="Habitants, salariés"
    )
    shop = _org("epicerie")
    organisations.archive_organisation(shop, coordinator)
    organisations.restore_organisation(shop, coordinator)


def _groups(activity, coordinator) -> None:
    coast = [_org("deux_caps"), _org("sante")]
    group = groups.create_group(coordinator, "Boulonnais", coast)
    groups.rename_group(group, coordinator, "Boulonnais et Calaisis")
    groups.add_member(group, coordinator, _org("epicerie"))
    groups.remove_member(group, coordinator, _org("epicerie"))
    meeting = groups.record_meeting(
        group,
        coordinator,
        held_on=TODAY,
        kind="atelier",
        title="Atelier communication",
        host=coast[0],
        participants=coast[1:],
        volunteer_hours=Decimal("7.5"),
    )
    # Santé du Boulonnais was not there after all, and the hours were more.
    group_corrections.correct_meeting(
        meeting, coordinator, version=meeting.version, participants=[], volunteer_hours=9
    )
    arras = groups.create_group(coordinator, "Arrageois", [_org("mobilites"), _org("epicerie")])
    groups.set_contact(arras, coordinator, _user(BY_KEY["mobilites"].people[0].email))
    groups.set_contact(arras, coordinator, None)
    groups.archive_group(arras, coordinator)
    activity.ids.update(group=group.id)


def _corrections(active, sponsor) -> None:
    """The sponsor corrects the meeting it noted twelve days ago (the demo's latest)."""
    latest = max(
        (f for f in active.followups if f.is_held and f.created_by_id == sponsor.id),
        key=lambda f: f.created_at,
    )
    followup_corrections.correct_followup(
        latest,
        sponsor,
        version=latest.version,
        participants="Sam (Tiers-lieu), Dominique et Alex (Habitat)",
        duration_minutes=150,
    )


def _help(activity, coordinator, member, sponsor, young) -> None:
    call = help_requests.post_request(
        member,
        young,
        "juridique",
        "Relire nos statuts avant l'AG",
        "Notre assemblée générale approche : qui peut relire nos statuts cette semaine ?",
    )
    help_requests.relay(
        call,
        coordinator,
        [_org("atelier").id],
        note="L'Atelier a relu les statuts d'une autre SCIC l'an dernier.",
        contact_name="France Active Pas-de-Calais",
        contact_email="accompagnement@france-active.example",
    )
    declarations.declare_offer(_org("deux_caps"), coordinator, "juridique", "Relecture de statuts")
    help_requests.answer(call, sponsor, "Nous pouvons les relire jeudi.")
    help_requests.close(call, member, True, "Relus par la SCIC marraine, merci !")
    db.session.flush()
    activity.ids.update(help=call.id)


def _accounts_and_settings(coordinator, young) -> None:
    person = create_user(
        coordinator, "claude@exemple.fr", "member", name="Claude", organisation=young
    )
    set_active(person, coordinator, False)
    set_active(person, coordinator, True)
    update_account(person, person, name="Claude Martin", entraide_contact=True, phone="0321000000")
    gone = create_user(coordinator, "dominique@exemple.fr", "viewer", name="Dominique")
    db.session.flush()
    erase_person(gone, coordinator)
    suggestions.update_settings(coordinator, top_k=4, min_score=0.3)
    reports.set_hourly_rate(coordinator, Decimal("25.50"))
    narratives.save(coordinator, TODAY.year, 1, {"conditions": "Rencontres chez les membres"})
    reports.add_highlight(coordinator, TODAY.year, "Un parrainage qui a tout changé")
    dropped = reports.add_highlight(coordinator, TODAY.year, "À retirer")
    db.session.flush()
    reports.remove_highlight(coordinator, dropped)
    _testimony(coordinator, person)
    (mail,) = outbox.queue("claude@exemple.fr", "invitation", "Invitation", "Bonjour")
    db.session.flush()
    mail.status = "failed"
    db.session.flush()
    outbox.retry(mail, coordinator)
    branding.set_logo(coordinator, SAMPLE_LOGO_SVG, "Logo d'essai")
    branding.remove_logo(coordinator)
    branding.set_logo(coordinator, SAMPLE_LOGO_SVG, "Logo d'essai")
    branding.set_logo(coordinator, SAMPLE_LOGO_SVG, "62, Pas-de-Calais Mon Département")
    territory_table.assign(coordinator, "Lens", "Artois")
    territory_table.apply_file(coordinator, {"62498": "Lens-Hénin"}, "patch")
    territory_table.reset(coordinator)


def _actions(activity, coordinator, young, mentor) -> None:
    """An action of the register recorded, corrected, documented; another one deleted."""
    data = actions.ActionData(
        axis=2,
        kind="formation_collectivites",
        title="Formation des élu·es de l'Artois",
        held_on=TODAY - timedelta(days=12),
        status="planned",
        commune_insee="62041",
        hosts=[mentor],
        partners=[young],
        outside_partners=["Mission ESS du Département", "RTES"],
        audience=["elus", "techniciens"],
    )
    action = actions.create_action(coordinator, data)
    data.status, data.people_count, data.organisations_count = "held", 1234, 12
    actions.update_action(action, coordinator, data)
    actions.add_document(action, coordinator, "attendance", "émargement.pdf", demo_pdf("x"))
    photo = actions.add_document(action, coordinator, "photo", "salle.png", demo_png())
    actions.remove_document(photo, coordinator)
    mistake = actions.create_action(
        coordinator,
        actions.ActionData(axis=4, kind="site", title="Saisie en double", held_on=TODAY),
    )
    actions.delete_action(mistake, coordinator)
    activity.ids.update(action=action.id)


def _testimony(coordinator, member) -> None:
    """A testimony naming the member's SCIC: corrected, approved without its name; a past
    year's report marked sent, then reopened."""
    name = member.organisation.name
    named = reports.add_highlight(coordinator, TODAY.year, f"{name} a trouvé ses sociétaires.")
    reports.update_highlight(coordinator, named, f"{name} a trouvé ses vingt premiers sociétaires.")
    approval = db.session.execute(
        db.select(HighlightApproval).filter_by(highlight_id=named.id)
    ).scalar_one()
    testimonies.answer(approval, member, "approved_anonymous", approval.text_digest)
    testimonies.mark_sent(coordinator, TODAY.year - 1)
    testimonies.reopen(coordinator, TODAY.year - 1)


def _conventions(activity, coordinator) -> None:
    """The demo's agreements (loaded by the system) worked on by the coordination: the
    2024 statement (final since the demo's bilan) is reopened, gets a sub-line typed then
    one removed, the 2022-2023 statement is reopened and made final again, a convention
    typed by mistake is removed; the current one's report is due in 30 days (its reminder
    is sent by the daily job, below)."""
    budget = db.session.scalar(db.select(Convention).filter_by(reference="2024-03658"))
    conventions.update_convention(
        coordinator,
        budget,
        replace(conventions.ConventionData.of(budget), notes="Budget annexé à la demande."),
        budget.version,
    )
    bookkeeping.reopen(coordinator, budget, budget.version)
    head = next(line for line in budget.lines if line.account == "62" and not line.parent_id)
    hall = bookkeeping.add_line(coordinator, budget, head.id, "Location de salles", budget.version)
    extra = bookkeeping.add_line(coordinator, budget, head.id, "À retirer", budget.version)
    bookkeeping.save_amounts(
        coordinator,
        budget,
        {hall.id: bookkeeping.LineAmounts(Decimal("150.50"), Decimal("310"), "Deux salles")},
        budget.version,
    )
    bookkeeping.remove_line(coordinator, budget, extra.id, budget.version)
    realised = db.session.scalar(db.select(Convention).filter_by(reference="2021-05918"))
    bookkeeping.reopen(coordinator, realised, realised.version)  # final since the import
    bookkeeping.mark_final(coordinator, realised, realised.version)
    current = conventions.create_convention(
        coordinator,
        conventions.ConventionData(
            funder="Département du Pas-de-Calais",
            reference=f"{TODAY.year}-00042",
            beneficiary="Cliss XXI",
            title="Renforcement de l'animation du Réseau des SCIC du Pas-de-Calais",
            period_start=TODAY - timedelta(days=365),
            period_end=TODAY - timedelta(days=1),
            aid_amount=Decimal("17500"),
            report_due=TODAY + timedelta(days=30),
        ),
    )
    wrong = conventions.create_convention(
        coordinator,
        replace(conventions.ConventionData.of(current), reference="ERREUR-1"),
    )
    db.session.flush()
    conventions.delete_convention(coordinator, wrong, wrong.version)
    activity.ids.update(convention=current.id)


def _stamps(activity, member) -> None:
    help_id = activity.ids["help"]
    _stamp(HelpRequest, help_id, created_at=STAMPS["help_created"], closed_at=STAMPS["help_closed"])
    answer = db.session.execute(db.select(HelpAnswer.id).filter_by(request_id=help_id)).scalar()
    _stamp(HelpAnswer, answer, created_at=STAMPS["help_answered"])
    _stamp(FollowUp, activity.ids["followup"], created_at=STAMPS["followup_created"])
    _stamp(User, member.id, last_login_at=STAMPS["last_login"])
    first = db.session.execute(db.select(db.func.min(AuditEntry.id))).scalar()
    _stamp(AuditEntry, first, created_at=STAMPS["followup_created"])
