"""A real SMTP server for the tests (aiosmtpd on 127.0.0.1), and a listener that never answers.

``smtp_server`` starts an aiosmtpd server on a free port, points the session ``app`` at it
for the test only (monkeypatch), and collects the messages it receives, parsed, and the
connections it accepted. Another app can be pointed at it with ``configure``. Mails reach
it when the outbox is delivered (``tests.mails.send_outbox``).
"""

import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller


@dataclass
class ReceivedMail:
    sender: str
    recipients: list[str]
    message: email.message.EmailMessage

    @property
    def subject(self) -> str:
        return self.message["Subject"]

    @property
    def body(self) -> str:
        """The text of the mail (its plain part when it carries a calendar too)."""
        return self.message.get_body(preferencelist=("plain",)).get_content()


class _Collector:
    """aiosmtpd handler keeping every message it accepts, and counting connections."""

    def __init__(self):
        self.received: list[ReceivedMail] = []
        self.connections = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_HELO(self, server, session, envelope, hostname):
        self.connections += 1
        session.host_name = hostname
        return f"250 {server.hostname}"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


@dataclass
class LocalSMTPServer:
    host: str
    port: int
    _collector: _Collector = field(repr=False)

    @property
    def messages(self) -> list[ReceivedMail]:
        return list(self._collector.received)

    @property
    def connections(self) -> int:
        """SMTP sessions opened (greetings received)."""
        return self._collector.connections

    def to(self, address: str) -> list[ReceivedMail]:
        return [m for m in self._collector.received if address in m.recipients]

    def clear(self) -> None:
        self._collector.received.clear()

    def configure(self, config, monkeypatch) -> None:
        """Point an app's config at this server for the current test."""
        for key, value in {
            "MAIL_SERVER": self.host,
            "MAIL_PORT": self.port,
            "MAIL_USE_TLS": False,
            "MAIL_USE_SSL": False,
            "MAIL_USERNAME": "",
            "MAIL_TIMEOUT": 5,
        }.items():
            monkeypatch.setitem(config, key, value)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(app, monkeypatch):
    """A real SMTP server on 127.0.0.1 receiving the app's mail during this test."""
    server, controller = start_smtp_server(free_port())
    server.configure(app.config, monkeypatch)
    try:
        yield server
    finally:
        controller.stop()


def start_smtp_server(port: int, host: str = "127.0.0.1"):
    """Start an aiosmtpd server on ``port``; return (server, controller); stop the controller."""
    collector = _Collector()
    controller = Controller(collector, hostname=host, port=port)
    controller.start()
    return LocalSMTPServer(host, port, collector), controller


class SilentListener:
    """A TCP port that accepts connections and never says a word (a hung mail server).

    An SMTP client waits there until its timeout; ``connections`` counts who came.
    """

    def __init__(self, host: str = "127.0.0.1"):
        self._socket = socket.socket()
        self._socket.bind((host, 0))
        self._socket.listen(16)
        self._socket.settimeout(0.1)
        self.host, self.port = self._socket.getsockname()
        self.connections = 0
        self._accepted: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _address = self._socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            self._accepted.append(connection)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for connection in self._accepted:
            connection.close()
        self._socket.close()
