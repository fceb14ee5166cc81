"""Every mail of templates/email/ renders: subject line, French text, link, signature.

The templates are discovered in the folder: a new one without a case here fails
``test_every_mail_template_has_a_case``.
"""

from datetime import date, time
from pathlib import Path
from types import SimpleNamespace as Row

import pytest

from entraide.conventions.deadlines import Deadline
from entraide.core.mail import render_mail
from entraide.followups.health import LATE, NUDGE, Health

FOLDER = Path(__file__).resolve().parents[2] / "templates" / "email"
SIGNATURE = "La coordination du réseau des SCIC du Pas-de-Calais\n"
LINK = "https://entraide.example.org/reseau/parrainages/12"

# Names with the characters HTML would escape: plain text must keep them as they are.
MENTEE = Row(name="Jeune & <Pousse>")
MENTOR = Row(name='L\'Atelier "Vieux Chêne"')
PAIRING = Row(id=12, mentee=MENTEE, mentor=MENTOR, rhythm_days=30)
HELP_REQUEST = Row(
    id=7,
    organisation=MENTEE,
    theme=Row(label="Traverser une difficulté"),
    title="Trésorerie à sec",
    text="Un gros client paie en retard.",
)


def _health(status, days_since, has_met=True):
    return Health(
        status=status,
        since=date(2026, 3, 4),
        days_since=days_since,
        has_met=has_met,
        overdue_actions=0,
        nudge_after=45,
        late_after=60,
    )


CONVENTION = Row(
    reference="2024-03658",
    title="Réseau & <SCIC>",
    funder="Département du Pas-de-Calais",
    period_end=date(2024, 12, 31),
)


def _deadline(kind: str, days_left: int) -> Deadline:
    day = date(2025, 6, 1) if kind == "report" else date(2024, 6, 30)
    return Deadline(1, "2024-03658", kind, day, days_left)


ACTIONS = [
    Row(description="Envoyer les statuts", owner="Anne", due_on=date(2026, 4, 1)),
    Row(description="Relire la charte", owner="", due_on=date(2026, 4, 2)),
]

# template -> (context, subject, fragments of the body)
CASES = {
    "pairing_consent_requested.txt": (
        {"pairing": PAIRING, "other": MENTOR, "role": "marraine"},
        "Proposition de parrainage",
        [
            "propose un parrainage entre Jeune & <Pousse> (SCIC filleule) et "
            'L\'Atelier "Vieux Chêne" (SCIC marraine).\nVotre SCIC marraine proposée : '
            'L\'Atelier "Vieux Chêne".\n\nLe parrainage ne commence que si',
        ],
    ),
    "pairing_consent_answered.txt": (
        {"pairing": PAIRING, "org": MENTOR, "accepted": False, "message": "Pas cette année"},
        'Parrainage : L\'Atelier "Vieux Chêne" a décliné',
        [
            'L\'Atelier "Vieux Chêne" a décliné le parrainage entre Jeune & <Pousse> et '
            'L\'Atelier "Vieux Chêne".\nSon message : Pas cette année\n\nVoir le parrainage : '
        ],
    ),
    "pairing_started.txt": (
        {"pairing": PAIRING},
        "Le parrainage commence",
        ["Les deux SCIC ont accepté : le parrainage entre Jeune & <Pousse> et"],
    ),
    "help_request_notified.txt": (
        {"help_request": HELP_REQUEST, "reason": "Propose son aide sur « Traverser »"},
        "Appel à l'entraide de Jeune & <Pousse>",
        [
            "« Traverser une difficulté » :\n\nTrésorerie à sec\n\nUn gros client paie en retard.",
            "l'aider rapidement.\n\nCe qui vous désigne : Propose son aide sur « Traverser »\n\n"
            "Pour lire la demande et y répondre :\n",
        ],
    ),
    "help_request_answered.txt": (
        {"reply": Row(request=HELP_REQUEST, organisation=MENTOR, message="Passez jeudi")},
        "Réponse à votre appel à l'entraide : L'Atelier \"Vieux Chêne\"",
        ["a répondu à votre appel à l'entraide « Trésorerie à sec » :\n\nPassez jeudi\n\n"],
    ),
    "help_request_new_offerer.txt": (
        {"help_request": HELP_REQUEST},
        "Un appel à l'entraide sur votre thème : Trésorerie à sec",
        [
            "Votre organisation propose désormais de l'aide sur le thème « Traverser une "
            "difficulté ». Jeune & <Pousse> a lancé un appel à l'entraide sur ce thème",
            "Pour lire la demande et y répondre :\n",
        ],
    ),
    "help_request_relayed.txt": (
        {"help_request": HELP_REQUEST, "note": "Vous êtes tout près."},
        "La coordination vous relaie un appel à l'entraide : Trésorerie à sec",
        [
            "La coordination vous relaie l'appel à l'entraide de Jeune & <Pousse>",
            "Un gros client paie en retard.\n\nLe mot de la coordination : Vous êtes tout près.",
        ],
    ),
    "help_request_relayed_outside.txt": (
        {
            "help_request": HELP_REQUEST,
            "contact": Row(name="Dominique <BGE>", note=""),
            "reach": "contact@jeune.example",
        },
        "Une coopérative du Pas-de-Calais cherche de l'aide : Trésorerie à sec",
        [
            "Bonjour Dominique <BGE>,\n\n",
            "écrivez directement à Jeune & <Pousse> : contact@jeune.example.",
        ],
    ),
    "reminder.txt": (
        {
            "title": "Jeune & <Pousse> – Vieux Chêne",
            "health": _health(LATE, 61),
            "late": True,
            "nudge": False,
            "rhythm_days": 30,
            "actions": ACTIONS,
        },
        "Parrainage Jeune & <Pousse> – Vieux Chêne : en retard",
        [
            "Le parrainage Jeune & <Pousse> – Vieux Chêne est en retard : aucune rencontre "
            "n'a été notée depuis 61 jours (dernière rencontre le 04/03/2026).\n",
            "- Envoyer les statuts (échéance le 01/04/2026, responsable : Anne)\n"
            "- Relire la charte (échéance le 02/04/2026)\n\n",
            "et à marquer les actions faites :\n",
        ],
    ),
    "invitation.txt": (
        {"user": Row(name="Camille <C&C>", organisation=MENTEE)},
        "Invitation à rejoindre Entraide",
        [
            "Bonjour Camille <C&C>,\n\n",
            "vous invite à rejoindre Entraide pour Jeune & <Pousse>, l'outil d'entraide",
            "ouvrez ce lien (valable 7 jours) :\n",
        ],
    ),
    "highlight_approval_requested.txt": (
        {"organisation": MENTEE, "year": 2024, "named": True, "from_source": True},
        "Un témoignage attend votre accord avant le bilan 2024",
        [
            "dans le bilan 2024 remis au Département du Pas-de-Calais.\n"
            "Il est tiré d'un parrainage de Jeune & <Pousse> et la nomme.\n\n",
            "l'approuver sans votre nom (vous y serez décrite sans être nommée) ou le refuser.",
        ],
    ),
    "convention_deadline.txt": (
        {"convention": CONVENTION, "deadline": _deadline("report", 30)},
        "Bilan de la convention 2024-03658 à remettre dans 30 jours",
        [
            "Le bilan final d'exécution de la convention n° 2024-03658 (Réseau & <SCIC>) est "
            "à remettre à Département du Pas-de-Calais le 01/06/2025 au plus tard, dans 30 "
            "jours.\nIl comprend le bilan d'activités",
            "La convention, son bilan financier et ses échéances :\n",
        ],
    ),
    "password_reset.txt": (
        {},
        "Nouveau mot de passe Entraide",
        ["Une demande de nouveau mot de passe a été faite pour votre compte Entraide.\n"],
    ),
}


# Mails to people outside the network carry no link into the application.
# A planned meeting (the same context for a pairing's and a group's): Thursday 12 March 2026.
MEETING = Row(held_on=date(2026, 3, 12), start_time=time(14, 30), duration_minutes=90)
MEETING_CONTEXT = {
    "title": 'Rencontre de parrainage Jeune & <Pousse> – L\'Atelier "Vieux Chêne"',
    "meeting": MEETING,
    "where": "Tiers-lieu & café, Lens",
    "expected": "Anne (Jeune & <Pousse>)",
}
CASES["meeting_planned.txt"] = (
    {**MEETING_CONTEXT, "changed": False},
    "Rencontre prévue le 12/03/2026 à 14:30 : Rencontre de parrainage Jeune & <Pousse> – "
    'L\'Atelier "Vieux Chêne"',
    [
        "Une rencontre est prévue :\n\nRencontre de parrainage Jeune & <Pousse>",
        "Le jeudi 12 mars 2026 à 14:30, pendant 90 minutes\nLieu : Tiers-lieu & café, Lens\n"
        "Personnes attendues : Anne (Jeune & <Pousse>)\n\nLe fichier rencontre.ics joint",
    ],
)
CASES["meeting_cancelled.txt"] = (
    {**MEETING_CONTEXT, "reason": "Salle indisponible"},
    'Rencontre annulée : Rencontre de parrainage Jeune & <Pousse> – L\'Atelier "Vieux Chêne", '
    "le 12/03/2026 à 14:30",
    [
        "La rencontre prévue le jeudi 12 mars 2026 à 14:30 (Tiers-lieu & café, Lens) est annulée",
        "\n\nMotif : Salle indisponible\n\nLe fichier rencontre.ics joint la retire",
    ],
)
WITHOUT_LINK = {"help_request_relayed_outside.txt"}


def _templates() -> set[str]:
    return {path.name for path in FOLDER.glob("*.txt") if not path.name.startswith("_")}


def test_every_mail_template_has_a_case():
    assert _templates() == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_mail_template_renders(app_ctx, name):
    context, subject, fragments = CASES[name]
    rendered_subject, body = render_mail(f"email/{name}", link=LINK, **context)
    assert rendered_subject == subject
    assert body.startswith("Bonjour")
    for fragment in fragments:
        assert fragment in body
    if name in WITHOUT_LINK:
        assert "http" not in body  # outside the network: no way into the application
    else:
        assert f"\n{LINK}" in body or f": {LINK}\n" in body
    assert body.endswith("\n\n" + SIGNATURE)
    for leftover in ("{{", "}}", "{%", "%}", "{#", "#}", "None", "&amp;", "&lt;", "&#"):
        assert leftover not in body + rendered_subject
    assert "\n\n\n" not in body
    assert all(line == line.rstrip() for line in body.splitlines())


def _answered(**changes):
    context = {"pairing": PAIRING, "org": MENTEE, "accepted": True, "message": "", "link": LINK}
    return render_mail("email/pairing_consent_answered.txt", **{**context, **changes})


def test_an_answer_without_message_has_no_message_line(app_ctx):
    subject, body = _answered()
    assert subject == "Parrainage : Jeune & <Pousse> a accepté"
    assert body == (
        "Bonjour,\n\nJeune & <Pousse> a accepté le parrainage entre Jeune & <Pousse> et "
        f'L\'Atelier "Vieux Chêne".\n\nVoir le parrainage : {LINK}\n\n{SIGNATURE}'
    )


def test_a_notification_without_reason_has_no_reason_paragraph(app_ctx):
    _subject, body = render_mail(
        "email/help_request_notified.txt", help_request=HELP_REQUEST, reason="", link=LINK
    )
    assert "Ce qui vous désigne" not in body
    assert "l'aider rapidement.\n\nPour lire la demande et y répondre :\n" in body


def test_an_invitation_without_name_nor_organisation(app_ctx):
    _subject, body = render_mail(
        "email/invitation.txt", user=Row(name="", organisation=None), link=LINK
    )
    assert body.startswith("Bonjour,\n\n")
    assert "à rejoindre Entraide, l'outil" in body


@pytest.mark.parametrize(
    ("health", "late", "nudge", "actions", "subject", "opening"),
    [
        (
            _health(NUDGE, 50, has_met=False),
            False,
            True,
            [],
            "à relancer",
            "Le parrainage T est à relancer : aucune rencontre n'a été notée depuis son "
            "début, il y a 50 jours (le 04/03/2026).\nLe rythme convenu est d'une rencontre "
            "tous les 30 jours.\n\nPensez à convenir d'une rencontre et à la noter dans le "
            "carnet de suivi :\n",
        ),
        (
            _health(NUDGE, 10),
            False,
            True,
            ACTIONS[:1],
            "à relancer",
            "Le parrainage T est à relancer : des actions décidées sont en retard.\n"
            "Le rythme convenu est d'une rencontre tous les 30 jours.\n\nActions en retard :\n"
            "- Envoyer les statuts (échéance le 01/04/2026, responsable : Anne)\n\n",
        ),
        (
            _health(LATE, 80),
            False,
            False,
            ACTIONS[1:],
            "actions en retard",
            "Dans le parrainage T, des actions décidées sont en retard.\n\nActions en retard :\n"
            "- Relire la charte (échéance le 02/04/2026)\n\nPensez à convenir d'une rencontre "
            "et à la noter dans le carnet de suivi, et à marquer les actions faites :\n",
        ),
    ],
)
def test_reminder_variants(app_ctx, health, late, nudge, actions, subject, opening):
    rendered_subject, body = render_mail(
        "email/reminder.txt",
        title="T",
        health=health,
        late=late,
        nudge=nudge,
        rhythm_days=30,
        actions=actions,
        link=LINK,
    )
    assert rendered_subject == f"Parrainage T : {subject}"
    assert body.startswith("Bonjour,\n\n" + opening)


def test_subject_stays_one_line_and_pages_keep_their_whitespace(app_ctx):
    subject, _body = _answered(org=Row(name="Deux\nlignes"))
    assert subject == "Parrainage : Deux lignes a accepté"
    assert not app_ctx.jinja_env.trim_blocks and not app_ctx.jinja_env.lstrip_blocks


def test_a_changed_meeting_says_so_and_an_unexplained_cancellation_has_no_reason(app_ctx):
    subject, body = render_mail(
        "email/meeting_planned.txt",
        **{**MEETING_CONTEXT, "expected": "", "changed": True},
        link=LINK,
    )
    assert subject.startswith("Rencontre modifiée le 12/03/2026 à 14:30 : ")
    assert "La rencontre a changé." in body and "Personnes attendues" not in body
    assert "(il remplace la version précédente)" in body
    _subject, body = render_mail(
        "email/meeting_cancelled.txt", **{**MEETING_CONTEXT, "reason": ""}, link=LINK
    )
    assert "Motif" not in body and "\n\n\n" not in body


@pytest.mark.parametrize(
    ("kind", "days_left", "subject", "opening"),
    [
        (
            "report",
            1,
            "Bilan de la convention 2024-03658 à remettre demain",
            "est à remettre à Département du Pas-de-Calais le 01/06/2025 au plus tard, demain.",
        ),
        (
            "report",
            0,
            "Bilan de la convention 2024-03658 à remettre aujourd'hui",
            "le 01/06/2025 au plus tard, aujourd'hui.",
        ),
        (
            "extension",
            60,
            "Prolongation de la convention 2024-03658 : à demander avant le 30/06/2024",
            "Si la convention n° 2024-03658 (Réseau & <SCIC>) doit être prolongée, la demande "
            "est à adresser à Département du Pas-de-Calais avant le 30/06/2024, dans 60 jours."
            "\nLa période de la convention se termine le 31/12/2024.\n",
        ),
    ],
)
def test_convention_deadline_variants(app_ctx, kind, days_left, subject, opening):
    rendered_subject, body = render_mail(
        "email/convention_deadline.txt",
        convention=CONVENTION,
        deadline=_deadline(kind, days_left),
        link=LINK,
    )
    assert rendered_subject == subject
    assert opening in body
    assert "\n\n\n" not in body
