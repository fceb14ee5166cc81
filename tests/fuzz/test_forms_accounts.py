"""Accounts: LoginForm, SetPasswordForm (invitation and reset links), ChangePasswordForm,
ResetRequestForm and the coordinator's InviteForm, fed hostile values."""

import itertools
from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from entraide.auth.tokens import make_token
from entraide.core.extensions import db
from entraide.models import User
from tests.conftest import TEST_PASSWORD

from .checks import post_and_check, snapshot
from .conftest import FUZZ
from .strategies import PAYLOADS, choice, form, ids, nasty_text, several

_serial = itertools.count()
STRONG = "Une-phrase-tres-longue-2024"
emails = st.one_of(
    nasty_text(),
    st.emails().map(str),
    st.sampled_from(
        ["jeune@exemple.fr", "JEUNE@EXEMPLE.FR ", "a@b", "@exemple.fr", "x@" + "é" * 300]
    ),
)
passwords = st.one_of(nasty_text(), st.sampled_from([TEST_PASSWORD, STRONG, "motdepasse", ""]))


@FUZZ
@given(data=form(email=emails, password=passwords, submit=nasty_text()))
def test_login_form(app, client, world, data):
    response = post_and_check(app, client, "/connexion", data)
    assert response.status_code in (400, 422)  # no random pair is right; 400: a NUL


@FUZZ
@given(data=form(email=emails, submit=nasty_text()))
def test_reset_request_form(app, client, world, data):
    response = post_and_check(app, client, "/mot-de-passe/oublie", data)
    assert response.status_code in (302, 400, 422)


def _token(app, email: str, purpose: str) -> str:
    with app.app_context():
        user = db.session.execute(select(User).filter_by(email=email)).scalar_one()
        token = make_token(user, purpose)
        db.session.remove()
        return token


@FUZZ
@given(
    purpose=st.sampled_from(["invite", "reset"]),
    token=st.one_of(st.none(), nasty_text()),
    data=form(password=passwords, confirm=passwords),
)
def test_set_password_form_and_its_link(app, client, world, purpose, token, data):
    """A random token is refused (400); with a real one, the password form is checked."""
    token = token if token is not None else _token(app, world.other_user, purpose)
    path = "/invitation/" if purpose == "invite" else "/mot-de-passe/nouveau/"
    if not quote(token, safe=""):
        return  # an empty path segment is another URL
    response = post_and_check(app, client, path + quote(token, safe=""), data)
    assert response.status_code in (302, 400, 404, 422)  # %2F in the token: 404


@FUZZ
@given(data=form(current=passwords, password=passwords, confirm=passwords))
def test_change_password_form(app, client, world, sign_in, data):
    sign_in(world.young_user)
    response = post_and_check(app, client, "/compte/mot-de-passe", data)
    assert response.status_code in (302, 400, 422)


def test_change_password_accepts_good_input(app, client, world, sign_in):
    sign_in(world.young_user)
    before = snapshot(app)
    data = {"current": TEST_PASSWORD, "password": STRONG, "confirm": STRONG}
    response = client.post("/compte/mot-de-passe", data=data)
    assert response.status_code == 302
    assert snapshot(app)["user_account"] != before["user_account"]


def _users(app) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(User))
        db.session.remove()
        return count


@FUZZ
@given(
    data=form(
        email=emails,
        name=nasty_text(),
        role=choice("member", "coordinator", "viewer"),
        organisation_id=st.one_of(ids(), several(ids())),
    )
)
def test_invite_form(app, client, world, sign_in, data):
    sign_in(world.coordinator)
    before = _users(app)
    response = post_and_check(app, client, "/utilisateurs/inviter", data)
    assert response.status_code in (200, 302, 400, 422)
    assert _users(app) == before + (response.status_code < 400)


@FUZZ
@given(
    local=st.from_regex(r"[a-z][a-z0-9.]{0,20}[a-z0-9]", fullmatch=True),
    name=st.one_of(
        st.sampled_from([p for p in PAYLOADS if "\x00" not in p and len(p) <= 120]),
        st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=120),
    ),
)
def test_invite_form_accepts_good_input(app, client, world, sign_in, local, name):
    sign_in(world.coordinator)
    before = _users(app)
    # A counter: the accounts of earlier examples are still there.
    data = {"email": f"{local}{next(_serial)}@exemple.org", "name": name, "role": "member"}
    data["organisation_id"] = str(world.outsider)
    response = client.post("/utilisateurs/inviter", data=data)
    if ".." in local:  # "a..b@exemple.org" is not a valid address
        assert response.status_code == 422
        return
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    assert _users(app) == before + 1


phones = st.one_of(
    nasty_text(),
    st.from_regex(r"(\+33 ?|0)[1-9]( ?[0-9]{2}){4}", fullmatch=True),
    st.sampled_from(["abc", "03 21 12 34 5", "+33 (0)3 21 12 34 56", "٠٣٢١١٢٣٤٥٦", ""]),
)


@FUZZ
@given(
    who=st.sampled_from(["young_user", "coordinator"]),
    data=form(name=nasty_text(), entraide_contact=nasty_text(), phone=phones),
)
def test_account_form(app, client, world, sign_in, who, data):
    sign_in(getattr(world, who))
    response = post_and_check(app, client, "/mon-compte", data)
    assert response.status_code in (302, 400, 422)
