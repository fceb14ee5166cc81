"""The demo network, brought to life: a year of activity through the services.

The demo itself (``entraide/demo``) has organisations, accounts and the 2022-2023
meetings; this adds what the French-format and journal tests must see: pairings in every
state, meetings with decimal hours and actions, a late pairing reminded, groups, help
requests, settings, accounts, and times whose Paris hour differs from the UTC one.
Every action the audit log knows is written at least once.
"""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from entraide.branding import services as branding
from entraide.conventions import bookkeeping
from entraide.conventions import reminders as convention_reminders
from entraide.conventions import services as conventions
from entraide.core.extensions import db
from entraide.declarations import services as declarations
from entraide.demo import load_demo
from entraide.followups import reminders
from entraide.followups import services as followups
from entraide.groups import services as groups
from entraide.help_requests import services as help_requests
from entraide.models import (
    AuditEntry,
    Convention,
    FollowUp,
    HelpAnswer,
    HelpRequest,
    HighlightApproval,
    Need,
    Offer,
    Organisation,
    Pairing,
    User,
)
from entraide.organisations import services as organisations
from entraide.organisations.services import find_by_name
from entraide.outbox import services as outbox
from entraide.pairings import services as pairings
from entraide.pairings import sponsor_requests
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


@dataclass
class Activity:
    ids: dict = field(default_factory=dict)
    reminder_mails: list[tuple[str, str]] = field(default_factory=list)


def _user(email: str) -> User:
    return db.session.execute(db.select(User).filter_by(email=email)).scalar_one()


def _stamp(model, object_id: int, **values) -> None:
    """Set times through SQL (as a test may): the ORM would set ``updated_at`` again."""
    table = model.__table__
    db.session.execute(db.update(table).where(table.c.id == object_id).values(**values))


def _pairing(coordinator, mentee, mentor, members=(None, None), **options):
    pairing = pairings.propose(coordinator, mentee, mentor, **options)
    pairings.answer(pairing, members[0], "mentee", True, "Avec plaisir")
    pairings.answer(pairing, members[1], "mentor", True, None)
    return pairing


def build_activity() -> Activity:
    """Load the demo and add a year of activity (inside an app context); commit."""
    load_demo()
    db.session.commit()
    activity = Activity()
    coordinator = _user("coordination@entraide.example")
    member = _user("membre@entraide.example")  # Le Toit Commun, a young SCIC
    sponsor = _user("parrain@entraide.example")  # Cliss XXI
    toit, cliss = find_by_name("Le Toit Commun"), find_by_name("Cliss XXI")
    _pairings(activity, coordinator, member, sponsor, toit, cliss)
    _declarations(coordinator, member, toit)
    _groups(activity, coordinator, sponsor)
    _help(activity, coordinator, member, sponsor, toit)
    _accounts_and_settings(coordinator, toit)
    _conventions(activity, coordinator)
    db.session.commit()
    # A late pairing and an overdue action: the daily reminder, as `flask send-reminders`.
    for reminder in reminders.pending(TODAY):
        activity.reminder_mails.append((reminder.subject, reminder.body))
        reminders.claim(reminder)
    db.session.commit()
    # The deadline of the current convention is 30 days away: the coordination is told.
    for reminder in convention_reminders.pending(TODAY):
        activity.reminder_mails.append((reminder.subject, reminder.body))
        convention_reminders.claim(reminder)
    db.session.commit()
    # Then « Relancer maintenant » by the coordination, confirmed from its preview.
    active = db.session.get(Pairing, activity.ids["active"])
    preview = reminders.manual(active, TODAY)
    reminders.claim_manual(active, coordinator, TODAY, reminders.fingerprint(preview))
    db.session.commit()
    plan_meetings(activity, coordinator, member, sponsor)
    db.session.commit()
    _stamps(activity, member)
    db.session.commit()
    return activity


def _sponsor_requests(coordinator, member, toit, cliss, need) -> None:
    """Members' requests in every state: withdrawn, declined, then validated or superseded
    when the coordination proposes the pairing below."""
    others = db.session.scalars(
        db.select(Organisation)
        .where(Organisation.proposable_sponsor.is_(True), Organisation.id != cliss.id)
        .order_by(Organisation.id)
    ).all()[:2]
    for other in [*others, cliss]:
        if not any(o.is_active and o.theme_code == need.theme_code for o in other.offers):
            declarations.declare_offer(other, coordinator, need.theme_code, "Notre expérience")
    db.session.flush()
    first = sponsor_requests.ask(member, need.id, others[0].id, "Pouvez-vous nous aider ?")
    db.session.flush()
    sponsor_requests.withdraw(member, first)
    again = sponsor_requests.ask(member, need.id, others[0].id, "Nous réessayons.")
    db.session.flush()
    sponsor_requests.decline(coordinator, again, "Une autre SCIC est plus proche de vous.")
    sponsor_requests.ask(member, need.id, cliss.id, "Cliss XXI nous connaît déjà.")
    sponsor_requests.ask(member, need.id, others[1].id, "")
    db.session.flush()


def _pairings(activity, coordinator, member, sponsor, toit, cliss) -> None:
    needs = [n for n in toit.needs if n.is_open]
    _sponsor_requests(coordinator, member, toit, cliss, needs[0])
    active = _pairing(
        coordinator,
        toit,
        cliss,
        (member, sponsor),
        needs=needs[:1],
        objectives="Préparer l'assemblée générale",
        score=0.8125,
    )
    active.start_date = TODAY - timedelta(days=80)
    meeting = followups.log_followup(
        active,
        member,
        held_on=TODAY - timedelta(days=70),
        format="visit",
        volunteer_hours=Decimal("1.5"),
        duration_minutes=90,
        summary="Première rencontre : les collèges et le calendrier de l'AG.",
        actions=[
            followups.NewAction("Envoyer les statuts", "Sam", TODAY - timedelta(days=40)),
            followups.NewAction("Relire le règlement intérieur", "Dominique", TODAY),
        ],
        needs_met=needs[:1],
    )
    followups.mark_action_done(meeting.actions[1], sponsor)
    activity.ids.update(active=active.id, followup=meeting.id, toit=toit.id, cliss=cliss.id)

    # Completed with both evaluations; declined; stopped; a rejected pair, lifted.
    graine, coop = find_by_name("Super'Ecques"), find_by_name("Coopconnexion")
    done = _pairing(coordinator, graine, coop)
    done.start_date = TODAY - timedelta(days=200)
    followups.log_followup(
        done,
        coordinator,
        held_on=TODAY - timedelta(days=150),
        format="video",
        volunteer_hours=Decimal("10.25"),
        summary="Point sur le recrutement.",
    )
    pairings.complete(done, coordinator)
    followups.evaluate(done, coordinator, graine, satisfaction=5, what_helped="Tout")
    followups.evaluate(done, coordinator, coop, satisfaction=4, employees_now=3)
    mas, citiz = find_by_name("Mas La Croisée"), find_by_name("Citiz")
    declined = pairings.propose(coordinator, mas, citiz)
    pairings.answer(declined, None, "mentor", False, "Pas cette année")
    pairings.set_visible_reason(declined, coordinator, "Citiz n'a pas de place cette année.")
    cousalis = find_by_name("Les Cousalis")
    stopped = _pairing(coordinator, cousalis, find_by_name("Energie citoyenne"))
    pairings.stop(stopped, coordinator, "La SCIC a trouvé un accompagnement ailleurs.")
    rejection = pairings.reject_pair(
        coordinator, find_by_name("La Planque"), find_by_name("Enercoop"), "Trop loin"
    )
    pairings.lift_rejection(coordinator, rejection)
    activity.ids.update(done=done.id, declined=declined.id, stopped=stopped.id)


def _declarations(coordinator, member, toit) -> None:
    need = declarations.declare_need(toit, member, "communication", "Refaire notre site", "low")
    declarations.update_need(need, member, "communication", "Refaire notre site web", "normal")
    declarations.close_need(need, member, "withdrawn")
    declarations.reopen_need(need, coordinator)
    offer = db.session.execute(db.select(Offer).filter_by(organisation_id=toit.id)).scalar()
    declarations.update_offer(offer, member, offer.theme_code, offer.text + " (statuts types)")
    spare = declarations.declare_offer(toit, member, "lieu", "Une salle de réunion à Lens")
    declarations.withdraw_offer(spare, member)
    organisations.update_organisation(
        toit, member, employees=4, members_count=1234, colleges="Habitants, salariés"
    )
    planque = find_by_name("La Planque")
    organisations.archive_organisation(planque, coordinator)
    organisations.restore_organisation(planque, coordinator)
    ressources = find_by_name("Ressources")
    met = db.session.execute(db.select(Need).filter_by(organisation_id=ressources.id)).scalar()
    declarations.close_need(met, coordinator, "met")


def _groups(activity, coordinator, sponsor) -> None:
    calais = [
        find_by_name(name)
        for name in ("Seed Com'Developpement", "Fabrique coopérative calaisienne", "Indelab")
    ]
    group = groups.create_group(coordinator, "Calaisis", calais)
    groups.rename_group(group, coordinator, "Calaisis et Audomarois")
    groups.add_member(group, coordinator, find_by_name("Bois Energie des terroirs"))
    groups.remove_member(group, coordinator, find_by_name("Bois Energie des terroirs"))
    groups.record_meeting(
        group,
        coordinator,
        held_on=TODAY - timedelta(days=20),
        kind="atelier",
        title="Atelier communication",
        host=calais[0],
        participants=calais[1:],
        volunteer_hours=Decimal("7.5"),
    )
    lens = groups.create_group(
        coordinator, "Lens", [find_by_name("Cliss XXI"), find_by_name("BookKafé")]
    )
    groups.set_contact(lens, coordinator, sponsor)
    groups.set_contact(lens, coordinator, None)
    groups.archive_group(lens, coordinator)
    activity.ids.update(group=group.id)


def _help(activity, coordinator, member, sponsor, toit) -> None:
    call = help_requests.post_request(
        member,
        toit,
        "juridique",
        "Relire nos statuts avant l'AG",
        "Notre assemblée générale approche : qui peut relire nos statuts cette semaine ?",
    )
    help_requests.relay(
        call,
        coordinator,
        [find_by_name("Indelab").id],
        note="Indelab a relu les statuts d'une autre SCIC l'an dernier.",
        contact_name="France Active Pas-de-Calais",
        contact_email="accompagnement@france-active.example",
    )
    declarations.declare_offer(
        find_by_name("BookKafé"), coordinator, "juridique", "Relecture de statuts"
    )
    help_requests.answer(call, sponsor, "Nous pouvons les relire jeudi.")
    help_requests.close(call, member, True, "Relus par Cliss XXI, merci !")
    db.session.flush()
    activity.ids.update(help=call.id)


def _accounts_and_settings(coordinator, toit) -> None:
    person = create_user(
        coordinator, "claude@exemple.fr", "member", name="Claude", organisation=toit
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


def _testimony(coordinator, member) -> None:
    """A testimony naming Le Toit Commun: corrected, approved without its name; a past
    year's report marked sent, then reopened."""
    named = reports.add_highlight(
        coordinator, TODAY.year, "Le Toit Commun a trouvé ses premiers sociétaires."
    )
    reports.update_highlight(
        coordinator, named, "Le Toit Commun a trouvé ses vingt premiers sociétaires."
    )
    approval = db.session.execute(
        db.select(HighlightApproval).filter_by(highlight_id=named.id)
    ).scalar_one()
    testimonies.answer(approval, member, "approved_anonymous", approval.text_digest)
    testimonies.mark_sent(coordinator, TODAY.year - 1)
    testimonies.reopen(coordinator, TODAY.year - 1)


def _conventions(activity, coordinator) -> None:
    """The demo's agreements (loaded by the system) worked on by the coordination: the
    2024 budget gets a sub-line typed then one removed, the 2022-2023 statement is made
    reopened and made final again, a convention typed by mistake is removed; the current one's
    report is due in 30 days (its reminder is sent by the daily job, below)."""
    budget = db.session.scalar(db.select(Convention).filter_by(reference="2024-03658"))
    conventions.update_convention(
        coordinator,
        budget,
        replace(conventions.ConventionData.of(budget), notes="Budget annexé à la demande."),
        budget.version,
    )
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
