"""Defect 13: a personnummer or samordningsnummer in free text is masked, and nothing
else is: case numbers, dates, phone numbers, organisation numbers stay as they are."""

import datetime

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from samverkan.access.pii import (
    MASK,
    SEPARATORS,
    contains_personnummer,
    luhn_valid,
    personnummer_mask,
)

# No example database: nothing is written into the working tree.
PROFILE = settings(database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def with_check_digit(nine: str) -> str:
    return next(nine + str(c) for c in range(10) if luhn_valid(nine + str(c)))


# --- examples ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "811218-9876",  # Skatteverket's example
        "8112189876",
        "19811218-9876",
        "198112189876",
        "811218+9876",  # 100 years or older
        "811218–9876",  # en dash from a word processor
        "811218\u20119876",  # non-breaking hyphen
        "811218 9876",
        "701063-2391",  # samordningsnummer: born the 3rd, 63 = 3 + 60
        "197010632391",
        "000229-1235",  # 29 February 2000
        "20000229-1235",
        "19000101-0115",
    ],
)
def test_a_valid_number_is_masked_whole(number):
    text = f"Ansökan från Anna Andersson ({number}) om bistånd."
    assert personnummer_mask(text) == f"Ansökan från Anna Andersson ({MASK}) om bistånd."
    assert contains_personnummer(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ärende RS/418/2025 och RS/17/2026",
        "Sammanträdet 2025-05-05 kl. 13.00, nästa 2025-06-09",
        "Ring 070-123 45 67, 08-123 456 78, +46 70 123 45 67 eller 0771-123 456",
        "Regionen 232100-0123, kommunen 212000-0142, bolaget 556036-0793",  # org numbers
        "Organisationsnummer 16556036-0793 och 165560360793",
        "811218-9875",  # wrong check digit
        "811232-9870",  # 32 December
        "811318-9872",  # month 13
        "811200-9877",  # day 0
        "811260-9871",  # day 0 as a samordningsnummer
        "19000229-1231",  # 1900 was not a leap year
        "17811218-9876",  # no one is born in the 1700s
        "98811218-9876",  # and not year 9881
        "08112189876",  # eleven digits: another number
        "81121898760",
        "1234567890123",
        "811218--9876",
        "811218  9876",  # two spaces: two numbers
        "Belopp 1 250 000 kr, 12,5 %, 3 000 000",
        "Version 20250505-1200",  # a timestamp: 5 May 2025, but the check digit fails
    ],
)
def test_other_numbers_are_left_alone(text):
    assert personnummer_mask(text) == text
    assert not contains_personnummer(text)


def test_every_number_in_a_text_is_masked_and_the_rest_kept():
    text = (
        "Skrivelse RS/418/2025 från 811218-9876 och 701063-2391 (make), "
        "inkommen 2025-05-05; ring 070-123 45 67. Sökande 198112189876."
    )
    assert personnummer_mask(text) == (
        f"Skrivelse RS/418/2025 från {MASK} och {MASK} (make), "
        f"inkommen 2025-05-05; ring 070-123 45 67. Sökande {MASK}."
    )


@pytest.mark.parametrize("before", ["", " ", "pnr:", "(", "\n", "a", "/", "-", "x\u00a0"])
@pytest.mark.parametrize("after", ["", " ", ".", ")", ",", "\n", "a", "/", "-"])
def test_a_number_is_found_next_to_any_non_digit(before, after):
    assert personnummer_mask(f"{before}811218-9876{after}") == f"{before}{MASK}{after}"


def test_nothing_is_found_in_empty_text():
    assert personnummer_mask("") == "" and not contains_personnummer("")


def test_the_luhn_check():
    assert luhn_valid("8112189876") and not luhn_valid("8112189875")
    assert luhn_valid("5560360793")  # organisation numbers use it too


# --- properties ---------------------------------------------------------------------------

birth_dates = st.dates(min_value=datetime.date(1880, 1, 1), max_value=datetime.date(2029, 12, 31))


@st.composite
def personnummer(draw: st.DrawFn) -> str:
    """A valid personnummer or samordningsnummer in any of the accepted forms."""
    born = draw(birth_dates)
    day = born.day + (60 if draw(st.booleans()) else 0)
    serial = f"{draw(st.integers(0, 999)):03d}"
    ten = with_check_digit(f"{born:%y%m}{day:02d}{serial}")
    separator = draw(st.sampled_from(["", *SEPARATORS]))
    if draw(st.booleans()):
        return f"{born.year // 100}{ten[:6]}{separator}{ten[6:]}"
    return f"{ten[:6]}{separator}{ten[6:]}"


# Free text around: letters, punctuation, separators, digits; it may hold other numbers.
free_text = st.text(
    alphabet=st.sampled_from(list("abcåäö ABCÅÄÖ.,;:()/\n\t-+–\u00a0_#%0123456789")), max_size=40
)
text_without_digits = st.text(alphabet=st.characters(exclude_categories=["Nd", "Cs"]), max_size=200)


def _boundary(before: str, after: str) -> tuple[str, str]:
    """A number stands alone: no digit right before or after it."""
    if before and before[-1].isdigit():
        before += " "
    if after and after[0].isdigit():
        after = " " + after
    return before, after


@given(number=personnummer(), before=free_text, after=free_text)
@settings(PROFILE, max_examples=500)
def test_a_generated_valid_number_is_always_masked(number, before, after):
    before, after = _boundary(before, after)
    masked = personnummer_mask(before + number + after)
    assert masked == personnummer_mask(before) + MASK + personnummer_mask(after)
    assert not contains_personnummer(masked)


@given(
    text=st.lists(st.one_of(personnummer(), free_text), max_size=8).map("".join),
)
@example(text="811218-98761981121898 76")
@example(text="8112189876+8112189876-811218 9876")
@settings(PROFILE, max_examples=500)
def test_masked_text_never_contains_a_valid_number(text):
    masked = personnummer_mask(text)
    assert not contains_personnummer(masked)
    assert personnummer_mask(masked) == masked  # masking twice changes nothing more


@given(text=text_without_digits)
@settings(PROFILE, max_examples=300)
def test_text_without_digits_is_unchanged(text):
    assert personnummer_mask(text) == text
    assert not contains_personnummer(text)


@given(text=st.lists(st.one_of(personnummer(), free_text), max_size=8).map("".join))
@settings(PROFILE, max_examples=300)
def test_text_without_a_valid_number_is_unchanged(text):
    if not contains_personnummer(text):
        assert personnummer_mask(text) == text
    else:
        assert MASK in personnummer_mask(text)


@st.composite
def other_numbers(draw: st.DrawFn) -> str:
    """Case numbers, dates, times, phone numbers and organisation numbers."""
    kind = draw(st.sampled_from(["case", "date", "phone", "mobile", "org", "org12"]))
    if kind == "case":
        code = draw(st.text(alphabet="ABCDEFGHKLMNRSTU", min_size=1, max_size=4))
        return f"{code}/{draw(st.integers(1, 99999))}/{draw(st.integers(1900, 2099))}"
    if kind == "date":
        day = draw(st.dates())
        return f"{day:%Y-%m-%d}" + draw(st.sampled_from(["", " 13:00", "T08:30"]))
    if kind == "phone":
        area = draw(st.sampled_from(["08", "031", "040", "0771", "090"]))
        rest = draw(st.from_regex(r"\A[1-9][0-9]{2} [0-9]{2} [0-9]{2}\Z"))
        return f"{area}-{rest}"
    if kind == "mobile":
        digits = draw(st.from_regex(r"\A7[02369][0-9]{7}\Z"))
        return draw(
            st.sampled_from(
                [
                    f"0{digits[:2]}-{digits[2:5]} {digits[5:7]} {digits[7:]}",
                    f"+46 {digits[:2]} {digits[2:5]} {digits[5:7]} {digits[7:]}",
                    f"+46{digits}",
                ]
            )
        )
    # An organisation number: group 1–9, third digit 2 or more, Luhn check digit.
    nine = f"{draw(st.integers(1, 9))}{draw(st.integers(0, 9))}{draw(st.integers(2, 9))}"
    nine += f"{draw(st.integers(0, 999999)):06d}"
    ten = with_check_digit(nine)
    return f"{ten[:6]}-{ten[6:]}" if kind == "org" else f"16{ten}"


@given(numbers=st.lists(other_numbers(), min_size=1, max_size=5))
@settings(PROFILE, max_examples=500)
def test_case_numbers_dates_phones_and_organisation_numbers_are_never_masked(numbers):
    text = "Se " + ", ".join(numbers) + "."
    assert personnummer_mask(text) == text
