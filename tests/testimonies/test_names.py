"""Finding organisation names in a testimony and replacing them by a description."""

import pytest

from entraide.testimonies.names import NameFinder, of_commune, of_territory, replace_names

FINDER = NameFinder(
    [
        (1, "Cliss XXI"),
        (2, "Le Toit Commun"),
        (3, "Cliss XXI Formation"),
        (4, "Énercoop"),
        (5, "Seed Com'Developpement"),
        (6, "ab"),  # too short to mean anything: never searched
    ]
)


def test_names_are_found_whatever_the_case_accents_and_punctuation():
    text = (
        "Le Toit Commun a aidé cliss  xxi ; Cliss XXI Formation, ENERCOOP et "
        "seed com developpement."
    )
    assert [(m.organisation_id, text[m.start : m.end]) for m in FINDER.find(text)] == [
        (2, "Le Toit Commun"),
        (1, "cliss  xxi"),
        (3, "Cliss XXI Formation"),  # the longest name, not Cliss XXI
        (4, "ENERCOOP"),
        (5, "seed com developpement"),
    ]


def test_only_whole_words_are_names():
    assert FINDER.find("Les Cliss XXIe siècle et Enercooperatives, ab") == []


def test_replacement_keeps_the_rest_and_capitalises_a_sentence_start():
    described = {2: "une jeune SCIC de Lens-Hénin", 1: "une SCIC expérimentée de l'Artois"}
    text = "Le Toit Commun remercie Cliss XXI. « Cliss XXI a tout changé », dit Énercoop."
    assert replace_names(text, FINDER, described.get) == (
        "Une jeune SCIC de Lens-Hénin remercie une SCIC expérimentée de l'Artois. "
        "« Une SCIC expérimentée de l'Artois a tout changé », dit Énercoop."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Merci à la Cliss XXI.", "Merci à une SCIC expérimentée de l'Artois."),
        ("Le conseil de la Cliss XXI.", "Le conseil d'une SCIC expérimentée de l'Artois."),
        ("La Cliss XXI a aidé.", "Une SCIC expérimentée de l'Artois a aidé."),
        (
            "Grâce au soutien du Cliss XXI !",
            "Grâce au soutien d'une SCIC expérimentée de l'Artois !",
        ),
        ("Cela Cliss XXI.", "Cela une SCIC expérimentée de l'Artois."),  # « la » inside a word
    ],
)
def test_the_article_of_a_replaced_name_goes(text, expected):
    """« la une jeune SCIC » is not French: the name's article goes, « de la » contracts."""
    assert replace_names(text, FINDER, {1: "une SCIC expérimentée de l'Artois"}.get) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Arrageois", "de l'Arrageois"),
        ("Boulonnais", "du Boulonnais"),
        ("Calaisis", "du Calaisis"),
        ("Montreuillois-Ternois", "du Montreuillois-Ternois"),
        ("Lens-Hénin", "de Lens-Hénin"),
    ],
)
def test_of_territory(name, expected):
    assert of_territory(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Liévin", "de Liévin"),
        ("Arras", "d'Arras"),
        ("Le Portel", "du Portel"),
        ("Les Attaques", "des Attaques"),
        ("Hénin-Beaumont", "d'Hénin-Beaumont"),
    ],
)
def test_of_commune(name, expected):
    assert of_commune(name) == expected
