"""One log line per request, without personal data; JSON lines on demand."""

import json
import logging

from entraide.core.logs import JsonFormatter


def _request_records(caplog):
    return [r for r in caplog.records if r.name == "entraide.request"]


def test_each_request_logs_method_path_status_duration_and_account(make, client, login_as, caplog):
    member = make.member()
    login_as(member)
    with caplog.at_level(logging.INFO, logger="entraide.request"):
        client.get(f"/organisations/{member.organisation_id}?q=Jeanne+Dupont")
    (record,) = _request_records(caplog)
    assert record.method == "GET"
    assert record.path == f"/organisations/{member.organisation_id}"  # no query string
    assert record.status == 200
    assert record.duration_ms >= 0
    assert record.user_id == member.id
    assert member.email not in record.getMessage() and "Dupont" not in record.getMessage()


def test_a_secret_in_the_path_is_logged_as_its_route(client, caplog):
    with caplog.at_level(logging.INFO, logger="entraide.request"):
        client.get("/mot-de-passe/nouveau/secret-token-value")
    (record,) = _request_records(caplog)
    assert "secret-token-value" not in record.getMessage()
    assert record.path == "/mot-de-passe/nouveau/<token>"
    assert record.user_id is None


def test_json_lines_carry_the_request_fields():
    record = logging.LogRecord("entraide.request", logging.INFO, "x", 1, "GET / 200", (), None)
    for key, value in {
        "method": "GET",
        "path": "/",
        "status": 200,
        "duration_ms": 3.2,
        "user_id": None,
    }.items():
        setattr(record, key, value)
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "INFO" and line["logger"] == "entraide.request"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/", 200)
    assert line["time"].endswith("+00:00")
