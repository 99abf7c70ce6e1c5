"""Every bad package is refused with a clear message and changes nothing."""

import pytest
from sqlalchemy import func, select

from counsel_app.consent.rules import ConsentRequired
from counsel_app.errors import UserError
from counsel_app.handover.models import HandoverPackageRow
from counsel_app.handover.package import PackageRefused, export_handover, import_package
from counsel_app.storage.models import CaseRow
from tests.handover.helpers import consented_case, consents, make_station, pair, sources_for


def counts(station):
    with station.ctx.db.read_session() as session:
        return (session.scalar(select(func.count(CaseRow.id))),
                session.scalar(select(func.count(HandoverPackageRow.id))))


@pytest.fixture
def sent(tmp_path):
    sender, office = pair(tmp_path)
    case = consented_case(sender)
    fp = office.keys.station().fingerprint
    out = tmp_path / "p.cahp"
    export_handover(sender.ctx, case.reference, fp, out, sources=sources_for(consents(fp)))
    return sender, office, out


def refused(station, path, reason):
    before = counts(station)
    with pytest.raises(PackageRefused) as info:
        import_package(station.ctx, path)
    assert info.value.reason == reason
    assert path.name in str(info.value) and "\n" not in str(info.value)
    assert counts(station) == before
    return str(info.value)


@pytest.mark.parametrize("where", ["header", "body", "signature", "magic"])
def test_tampered_byte(sent, tmp_path, where):
    _sender, office, out = sent
    data = bytearray(out.read_bytes())
    position = {"header": 40, "body": len(data) // 2 + 60, "signature": len(data) - 5,
                "magic": 2}[where]
    data[position] ^= 0x01
    bad = tmp_path / "tampered.cahp"
    bad.write_bytes(bytes(data))
    reason = {"magic": "not_a_package"}.get(where)
    before = counts(office)
    with pytest.raises(PackageRefused) as info:
        import_package(office.ctx, bad)
    assert counts(office) == before
    if reason:
        assert info.value.reason == reason
    else:
        # a changed header byte may break the JSON or a field; any such package is refused
        assert info.value.reason in {"bad_signature", "malformed", "wrong_recipient",
                                     "unknown_sender"}
        if where in ("body", "signature"):
            assert info.value.reason == "bad_signature"
            assert "changed after it was signed" in str(info.value)


def test_every_single_byte_flip_in_the_body_is_refused(sent, tmp_path):
    _sender, office, out = sent
    data = out.read_bytes()
    for position in range(len(data) - 200, len(data), 7):
        damaged = bytearray(data)
        damaged[position] ^= 0x80
        bad = tmp_path / "flip.cahp"
        bad.write_bytes(bytes(damaged))
        with pytest.raises(PackageRefused):
            import_package(office.ctx, bad)
    assert counts(office)[0] == 0


@pytest.mark.parametrize("keep", [3, 20, 0.5, -1])
def test_truncated(sent, tmp_path, keep):
    _sender, office, out = sent
    data = out.read_bytes()
    size = int(len(data) * keep) if isinstance(keep, float) else keep
    bad = tmp_path / "short.cahp"
    bad.write_bytes(data[:size])
    message = refused(office, bad, "truncated")
    assert "incomplete" in message


def test_wrong_recipient(sent, tmp_path):
    sender, _office, out = sent
    third = make_station(tmp_path, "Bamako office")
    from tests.handover.helpers import introduce

    introduce(third, sender)
    message = refused(third, out, "wrong_recipient")
    assert "addressed to another station" in message


def test_replayed(sent):
    _sender, office, out = sent
    import_package(office.ctx, out)
    message = refused(office, out, "replayed")
    assert "already imported" in message


def test_revoked_sender_key(sent):
    sender, office, out = sent
    office.keys.revoke(sender.keys.station().fingerprint, "laptop stolen")
    message = refused(office, out, "revoked_sender")
    assert "revoked" in message


def test_a_refusal_names_its_day_as_the_screens_show_it_in_arabic(sent):
    """The day the key was revoked in the medium form (the month by name: "6 ديسمبر 2026"),
    not the numeric form Babel calls medium in Arabic ("06/12/2026", which reads two ways)."""
    from datetime import datetime, timezone

    from counsel_app.i18n import set_interface_language
    from counsel_app.i18n.dates import show_date

    sender, office, out = sent
    office.keys.revoke(sender.keys.station().fingerprint, "laptop stolen")
    day = datetime.now(timezone.utc).date()
    set_interface_language("ar")
    message = refused(office, out, "revoked_sender")
    assert show_date(day, "ar") in message and "/" not in message


def test_unknown_sender(tmp_path):
    sender, office = pair(tmp_path)
    stranger = make_station(tmp_path, "Unknown station")
    from tests.handover.helpers import introduce

    introduce(stranger, office)  # the stranger knows the office; the office not the stranger
    case = consented_case(stranger)
    fp = office.keys.station().fingerprint
    out = tmp_path / "stranger.cahp"
    export_handover(stranger.ctx, case.reference, fp, out, sources=sources_for(consents(fp)))
    message = refused(office, out, "unknown_sender")
    assert "does not trust" in message


def test_revoked_own_key_refuses_packages_to_it(sent):
    _sender, office, out = sent
    old = office.keys.revoke_station()
    assert office.keys.station().fingerprint != old
    refused(office, out, "revoked_recipient")


def test_not_a_package(tmp_path, sent):
    _sender, office, _out = sent
    junk = tmp_path / "holiday.jpg"
    junk.write_bytes(b"\xff\xd8\xff\xe0" + b"x" * 500)
    refused(office, junk, "not_a_package")


def test_export_refused_without_sharing_consent(tmp_path):
    sender, office = pair(tmp_path)
    case = consented_case(sender)
    fp = office.keys.station().fingerprint
    for events in (consents(fp, share=False), consents(fp, withdrawn_share=True),
                   consents("someone-else")):
        with pytest.raises(ConsentRequired):
            export_handover(sender.ctx, case.reference, fp, tmp_path / "x.cahp",
                            sources=sources_for(events))
        assert not (tmp_path / "x.cahp").exists()
    assert counts(sender)[1] == 0


def test_export_to_revoked_office_refused(tmp_path):
    sender, office = pair(tmp_path)
    case = consented_case(sender)
    fp = office.keys.station().fingerprint
    sender.keys.revoke(fp)
    with pytest.raises(UserError, match="revoked"):
        export_handover(sender.ctx, case.reference, fp, tmp_path / "x.cahp",
                        sources=sources_for(consents(fp)))
    assert not (tmp_path / "x.cahp").exists()


def test_ack_for_unknown_handover_refused(tmp_path):
    """An acknowledgement from a trusted office for a handover never sent to it."""
    sender, office = pair(tmp_path)
    third = make_station(tmp_path, "Other sender")
    from tests.handover.helpers import introduce

    introduce(third, office)
    introduce(office, third)
    case = consented_case(third)
    fp = office.keys.station().fingerprint
    export_handover(third.ctx, case.reference, fp, tmp_path / "p.cahp",
                    sources=sources_for(consents(fp)))
    local = import_package(office.ctx, tmp_path / "p.cahp").local_reference
    from counsel_app.handover.ack import export_ack

    export_ack(office.ctx, local, tmp_path / "ack.cahp")
    # re-address: the sender station did not send this handover; it cannot even decrypt
    refused(sender, tmp_path / "ack.cahp", "wrong_recipient")


def test_second_package_for_the_same_case_is_recognised(sent, tmp_path):
    sender, office, out = sent
    import_package(office.ctx, out)
    reference = sender.ctx.cases.list()[0].reference
    fp = office.keys.station().fingerprint
    again = tmp_path / "again.cahp"
    export_handover(sender.ctx, reference, fp, again, sources=sources_for(consents(fp)))
    message = refused(office, again, "duplicate_case")
    assert reference in message and "already imported" in message
