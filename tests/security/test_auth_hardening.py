"""No account enumeration through timing; more ``next`` payloads."""

import pytest

from entraide.auth import services
from entraide.auth.redirects import safe_next
from entraide.models import User
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def hash_checks(monkeypatch):
    """Count the argon2 verifications, real (known account) or dummy (unknown one)."""
    calls = []
    real_check = User.check_password
    real_dummy = services.check_dummy_password

    def check(self, password):
        calls.append("real")
        return real_check(self, password)

    def dummy(password):
        calls.append("dummy")
        return real_dummy(password)

    monkeypatch.setattr(User, "check_password", check)
    monkeypatch.setattr(services, "check_dummy_password", dummy)
    return calls


def test_each_refused_login_spends_one_argon2_verification(make, hash_checks):
    """Unknown address, inactive account, no password yet, wrong password: same work."""
    from entraide.core.extensions import db
    from entraide.users.services import create_user, set_active

    known = make.coordinator()
    inactive = make.coordinator()
    set_active(inactive, None, False)
    invited = create_user(None, "invitee@exemple.fr", "coordinator")
    db.session.commit()

    for email in ("inconnu@exemple.fr", inactive.email, invited.email, known.email):
        hash_checks.clear()
        assert services.authenticate(email, "pas-le-bon") is None
        assert len(hash_checks) == 1, (email, hash_checks)

    hash_checks.clear()
    assert services.authenticate(known.email, TEST_PASSWORD) == known
    assert hash_checks == ["real"]


@pytest.mark.parametrize(
    "target",
    [
        "\t//evil.example",
        " //evil.example",
        "/%0a/evil.example",
        "/%0d%0aSet-Cookie:x=y",
        "%2F%2Fevil.example",
        "/%5Cevil.example",
        "/%255C%255Cevil.example",
        "JaVaScRiPt:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "DATA:text/html;base64,PHNjcmlwdD4=",
        "https://user@evil.example",
        "//user:pass@evil.example/",
        "/user@evil.example",
        "/" + "a" * 600,
    ],
)
def test_safe_next_refuses_more_payloads(target):
    assert safe_next(target) is None
