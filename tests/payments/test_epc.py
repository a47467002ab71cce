"""The EPC QR code: the payload a banking app reads, and the images made of it."""

from decimal import Decimal

import segno

from payments import epc

EXPECTED = (
    "BCD\n002\n2\nSCT\n\nDorpspunt Beveren CV\nBE68539007547034\nEUR125\n\n010806817183"
).encode("iso-8859-1")


def test_the_qr_code_holds_the_epc_payload_with_the_structured_communication():
    qr = epc.epc_qr(
        name="Dorpspunt Beveren CV",
        iban="BE68 5390 0754 7034",
        amount=Decimal("125.00"),
        reference="010806817183",
    )
    # The same symbol as one made of the payload written out by hand, at level M.
    expected = segno.make_qr(EXPECTED, error="m", boost_error=False)
    assert qr.matrix == expected.matrix
    assert qr.error == "M"
    assert qr.version <= 13


def test_cents_and_accents_are_kept():
    qr = epc.epc_qr(
        name="Café De Smidse",
        iban="BE68539007547034",
        amount=Decimal("12.50"),
        reference="010806817183",
    )
    payload = "BCD\n002\n2\nSCT\n\nCafé De Smidse\nBE68539007547034\nEUR12.5\n\n010806817183"
    expected = segno.make_qr(payload.encode("iso-8859-1"), error="m", boost_error=False)
    assert qr.matrix == expected.matrix


def test_images_for_a_page_and_a_mail():
    kwargs = {
        "name": "Buurtpunt",
        "iban": "BE68539007547034",
        "amount": Decimal("50"),
        "reference": "010806817183",
    }
    assert epc.epc_svg(**kwargs).startswith("<svg")
    assert epc.epc_png(**kwargs)[:8] == b"\x89PNG\r\n\x1a\n"
