"""A row the outbox can never send (a header with a line break, an address no mail library
writes) is marked failed with its reason and the queue moves on: it does not hold back
the emails behind it."""

from django.core import mail

from surveys.models import OutboundEmail
from surveys.outbox import outbox_send


def queued(key, **fields):
    return OutboundEmail.objects.create(
        key=key, to=fields.pop("to", "ann@example.org"), subject=fields.pop("subject", "Hello"),
        body_text="Body", **fields,
    )  # fmt: skip


def test_a_poisoned_row_fails_alone_and_the_good_ones_after_it_are_sent(db):
    header = queued("poisoned-header", subject="Newline\nBcc: x@y")
    address = queued("poisoned-address", to="ann@example.org\nBcc: x@y")
    good = [queued(f"good-{n}", to=f"person{n}@example.org") for n in range(3)]
    sent, _failed = outbox_send()
    assert sent == 3
    assert sorted(m.to[0] for m in mail.outbox) == [f"person{n}@example.org" for n in range(3)]
    for row in (header, address):
        row.refresh_from_db()
        assert row.status == OutboundEmail.FAILED and "Cannot be sent" in row.reason
    assert all(OutboundEmail.objects.get(pk=g.pk).status == OutboundEmail.SENT for g in good)
    assert outbox_send() == (0, 0)  # nothing left stuck at the front
