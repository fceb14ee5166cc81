"""The mail outbox: mails queued with the change that causes them, delivered by a worker."""
