"""The gazetteer of the 890 communes of the Pas-de-Calais (INSEE COG 2024)."""

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from entraide.geo.gazetteer import Commune, Gazetteer, get_gazetteer
from entraide.text import normalise_key


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return get_gazetteer()


def _commune(insee: str, name: str, postal: str = "62000") -> Commune:
    return Commune(
        insee, name, (postal,), 50.3, 2.7, "CC Test", "200000000", "Arras", 100, "Arrageois"
    )


def test_loads_the_890_communes_of_cog_2024(gaz):
    assert len(gaz) == 890
    communes = gaz.communes()
    assert len(communes) == 890
    assert len({c.insee for c in communes}) == 890
    assert all(c.insee.startswith("62") for c in communes)
    assert all(50.0 < c.lat < 51.1 and 1.5 < c.lon < 3.2 for c in communes)


def test_gazetteer_is_loaded_once():
    assert get_gazetteer() is get_gazetteer()


def test_commune_fields(gaz):
    arras = gaz.by_insee("62041")
    assert arras.name == "Arras"
    assert arras.postal_codes == ("62000",)
    assert arras.epci == "CU d'Arras"
    assert arras.epci_siren == "200033579"
    assert arras.arrondissement == "Arras"
    assert arras.population > 40000
    assert arras.territoire == "Arrageois"
    assert arras.label == "Arras (62000)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        arras.name = "Autre"


def test_by_insee(gaz):
    assert gaz.by_insee("62498").name == "Lens"
    assert gaz.by_insee(" 62498 ").name == "Lens"
    assert gaz.by_insee("59350") is None  # Lille, in the Nord
    assert gaz.by_insee("") is None


@pytest.mark.parametrize(
    ("text", "insee"),
    [
        ("Liévin", "62510"),
        ("lievin", "62510"),
        ("LIÉVIN", "62510"),
        ("  liévin ", "62510"),
        ("Le Touquet Paris Plage", "62826"),
        ("le-touquet-paris-plage", "62826"),
        ("LeTouquet-ParisPlage", "62826"),
        ("auchy les hesdin", "62050"),
        ("AUCHY-LÈS-HESDIN", "62050"),
        ("Camblain-l’Abbé", "62199"),
        ("camblain labbe", "62199"),
        ("St Omer", "62765"),
        ("St-Omer", "62765"),
        ("st. omer", "62765"),
        ("Ste-Catherine", "62744"),
    ],
)
def test_by_name_variants(gaz, text, insee):
    assert [c.insee for c in gaz.by_name(text)] == [insee]


def test_by_name_unknown(gaz):
    assert gaz.by_name("Lille") == []
    assert gaz.by_name("") == []


def test_by_postal_code(gaz):
    hesdin_area = {c.name for c in gaz.by_postal_code("62140")}
    assert {"Hesdin", "Marconne"} <= hesdin_area
    assert gaz.by_postal_code("59000") == []


def test_saint_augustin_has_two_postal_codes(gaz):
    commune = gaz.by_insee("62691")
    assert commune.name == "Saint-Augustin"
    assert commune.postal_codes == ("62120", "62129")
    assert commune in gaz.by_postal_code("62120")
    assert commune in gaz.by_postal_code("62129")
    assert gaz.resolve("Saint-Augustin (62129)") is commune
    assert gaz.resolve("Saint-Augustin (62120)") is commune


def test_hesdin_and_marconne_are_two_communes_in_cog_2024(gaz):
    assert gaz.by_insee("62447").name == "Hesdin"
    assert gaz.by_insee("62549").name == "Marconne"
    assert gaz.by_name("Hesdin-la-Forêt") == []  # the 2025 merger is not in COG 2024


@pytest.mark.parametrize(
    ("text", "insee"),
    [
        ("62447", "62447"),
        ("Hesdin", "62447"),  # exact name wins over Hesdin-l'Abbé
        ("Hesdin (62140)", "62447"),
        ("Hesdin(62140)", "62447"),
        ("Hesdin 62140", "62447"),
        ("62140 Hesdin", "62447"),
        ("Hesdin (62447)", "62447"),  # an INSEE code in brackets works too
        ("marconne", "62549"),
        ("Boulogne", "62160"),  # first whole words of a single commune
        ("Auchy (62770)", "62050"),  # the postal code settles an ambiguous name
        ("Le Touquet", "62826"),
    ],
)
def test_resolve(gaz, text, insee):
    commune, error = gaz.resolve_with_error(text)
    assert error is None
    assert commune.insee == insee
    assert gaz.resolve(text) is commune


def test_resolve_reads_back_labels(gaz):
    assert all(gaz.resolve(c.label) is c for c in gaz.communes())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Lille", "Commune inconnue dans le Pas-de-Calais : « Lille »"),
        ("Lille - Arras", "Commune inconnue dans le Pas-de-Calais : « Lille - Arras »"),
        ("59350", "Commune inconnue dans le Pas-de-Calais : « 59350 »"),
        ("Boul", "Commune inconnue dans le Pas-de-Calais : « Boul »"),  # no silent completion
        (
            "Auchy",
            "Nom de commune ambigu : « Auchy » (62049, 62050, 62051) ; précisez le code INSEE",
        ),
        ("Hesdin (62000)", "Le code 62000 ne correspond pas à la commune « Hesdin »"),
        ("", "Indiquez une commune du Pas-de-Calais."),
        ("   ", "Indiquez une commune du Pas-de-Calais."),
    ],
)
def test_resolve_errors_in_french(gaz, text, message):
    assert gaz.resolve_with_error(text) == (None, message)
    assert gaz.resolve(text) is None


def test_ambiguity_message_is_bounded(gaz):
    _, error = gaz.resolve_with_error("Saint")
    assert error.startswith("Nom de commune ambigu : « Saint » (62")
    assert ", …) ; précisez le code INSEE" in error


def test_long_input_is_cut_in_messages(gaz):
    _, error = gaz.resolve_with_error("x" * 500)
    assert len(error) < 200


def test_homonyms_are_ambiguous():
    gaz = Gazetteer(
        [_commune("62001", "Saint-Martin", "62100"), _commune("62002", "Saint Martin", "62200")]
    )
    assert [c.insee for c in gaz.by_name("saint martin")] == ["62001", "62002"]
    assert gaz.resolve_with_error("Saint-Martin") == (
        None,
        "Nom de commune ambigu : « Saint-Martin » (62001, 62002) ; précisez le code INSEE",
    )
    assert gaz.resolve("Saint-Martin (62200)").insee == "62002"
    assert gaz.resolve("62001").insee == "62001"


def test_epci_names(gaz):
    names = gaz.epci_names()
    assert len(names) == 20
    assert "CU d'Arras" in names and "CA de Lens - Liévin" in names
    assert names == sorted(names, key=normalise_key)


@given(st.text(max_size=60))
def test_resolve_gives_a_commune_or_an_error_never_both(text):
    commune, error = get_gazetteer().resolve_with_error(text)
    assert (commune is None) != (error is None)


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("Bruay la Buisserie", "Voulez-vous dire : Bruay-la-Buissière ?"),
        ("Aras", "Voulez-vous dire : Arras ?"),
        ("Calai", "Voulez-vous dire : Calais ?"),
        ("Xyzzy", ""),
        ("", ""),
    ],
)
def test_did_you_mean_names_the_nearest_communes(gaz, typed, hint):
    assert gaz.did_you_mean(typed) == hint


def test_suggestions_are_best_first_and_homonyms_get_their_postal_code():
    gaz = Gazetteer(
        [
            _commune("62001", "Saint-Martin", "62100"),
            _commune("62002", "Saint Martin", "62200"),
            _commune("62003", "Arras", "62000"),
        ]
    )
    assert [c.insee for c, _ in gaz.suggest("Saint Martn")] == ["62001", "62002"]
    assert gaz.did_you_mean("Saint Martn") == (
        "Voulez-vous dire : Saint-Martin (62100) ou Saint Martin (62200) ?"
    )
    scores = [score for _, score in get_gazetteer().suggest("Bruay la Buisserie")]
    assert scores == sorted(scores, reverse=True) and scores[0] > 90


@given(st.text(max_size=60))
def test_did_you_mean_never_fails(text):
    hint = get_gazetteer().did_you_mean(text)
    assert hint == "" or hint.startswith("Voulez-vous dire : ")
