"""OrganisationForm (creation by the coordinator, edition by a member) with hostile values."""

import itertools

from hypothesis import example, given
from hypothesis import strategies as st

from entraide.models.organisation import LEGAL_FORMS, STATUSES
from entraide.themes import SECTORS
from tests.web.helpers import field_errors

from .checks import post_and_check, snapshot
from .conftest import FUZZ
from .strategies import PAYLOADS, boolean, choice, form, nasty_text, numbers

_serial = itertools.count()
communes = st.one_of(
    st.sampled_from(["Arras", "62041", "Lens (62498)", "Saint-Omer", "Paris", "Neuville"]),
    nasty_text(),
)
organisation_form = form(
    name=st.one_of(nasty_text(), st.sampled_from(["Autre Coop", "AUTRE-COOP", "Jeune Pousse"])),
    status=choice(*STATUSES),
    commune=communes,
    town_label=nasty_text(),
    latitude=numbers(),
    longitude=numbers(),
    year_created=numbers(),
    sector=choice(*SECTORS),
    legal_form=choice("", *LEGAL_FORMS),
    colleges=nasty_text(),
    employees=numbers(),
    members_count=numbers(),
    description=nasty_text(),
    website=st.one_of(nasty_text(), st.sampled_from(["javascript:alert(1)", "https://x.fr"])),
    contact_email=nasty_text(),
    mentor_capacity=numbers(),
    public_directory=boolean(),
    in_difficulty=boolean(),
)


@FUZZ
@example(data={"name": "Nouvelle", "commune": "Arras", "latitude": "nan", "longitude": "1"})
@example(data={"name": "Nouvelle", "commune": "", "latitude": "inf", "longitude": "-inf"})
@given(data=organisation_form)
def test_coordinator_creates(app, client, world, sign_in, data):
    sign_in(world.coordinator)
    response = post_and_check(app, client, "/organisations/nouvelle", data)
    assert response.status_code in (302, 400, 422)


@FUZZ
@given(mine=st.booleans(), data=organisation_form)
def test_member_edits(app, client, world, sign_in, mine, data):
    sign_in(world.young_user)
    org = world.young if mine else world.other
    response = post_and_check(app, client, f"/organisations/{org}/modifier", data)
    assert response.status_code in ((302, 400, 422) if mine else (400, 404))


@FUZZ
@given(
    name=st.one_of(st.sampled_from(PAYLOADS[:12]), st.text("abcdéèçàô -'", min_size=1)),
    commune=st.sampled_from(["Arras", "62041", "Béthune", "Calais"]),
    capacity=st.integers(0, 20),
)
def test_creation_accepts_good_input(app, client, world, sign_in, name, commune, capacity):
    sign_in(world.coordinator)
    before = len(snapshot(app)["organisation"])
    data = {
        "name": f"{name} {next(_serial)}",  # unique: earlier examples' organisations stay
        "status": "scic",
        "commune": commune,
        "sector": "services",
        "legal_form": "",
        "mentor_capacity": str(capacity),
    }
    response = client.post("/organisations/nouvelle", data=data)
    assert response.status_code == 302, field_errors(response)
    assert len(snapshot(app)["organisation"]) == before + 1
