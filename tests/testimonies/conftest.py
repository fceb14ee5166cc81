"""The known network of the report's tests (a pairing with two meetings, the funder)."""

from tests.followups.conftest import duo  # noqa: F401
from tests.reports.conftest import (  # noqa: F401 - fixtures for these tests
    _cheap_password_hashing,
    _fresh_rate_limits,
    network,
)
