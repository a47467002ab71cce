"""Belgian structured communication: check digits, formats, and generation."""

import pytest

from payments import structured


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        (1, "000000000101"),  # 1 mod 97 = 1
        (97, "000000009797"),  # 97 mod 97 = 0 -> 97
        (194, "000000019497"),  # remainder 0 again
        (108068171, "010806817183"),
        (9999999999, "999999999948"),  # 9999999999 mod 97 = 48
    ],
)
def test_check_digits_are_the_first_ten_mod_97_and_97_for_zero(base, expected):
    assert structured.from_base(base) == expected
    assert int(expected[:10]) % 97 == int(expected[10:]) % 97


@pytest.mark.parametrize("base", [0, -1, 10**10])
def test_a_base_outside_ten_digits_is_refused(base):
    with pytest.raises(ValueError):
        structured.from_base(base)


@pytest.mark.parametrize(
    "text",
    ["+++010/8068/17183+++", "***010/8068/17183***", "010/8068/17183", " 010806817183 "],
)
def test_the_usual_ways_of_writing_it_are_read(text):
    assert structured.compact(text) == "010806817183"


@pytest.mark.parametrize(
    "text",
    ["+++010/8068/17180+++", "01080681718", "0108068171833", "abc/defg/hijkl", "", "000000000000"],
)
def test_a_wrong_check_length_or_letters_are_not_a_structured_communication(text):
    assert structured.compact(text) is None
    assert not structured.is_valid(text)


def test_display_is_the_form_printed_on_a_transfer():
    assert structured.display("010806817183") == "+++010/8068/17183+++"


def test_random_references_are_valid_and_differ():
    references = {structured.random_reference() for _ in range(500)}
    assert len(references) == 500
    assert all(structured.is_valid(reference) for reference in references)
