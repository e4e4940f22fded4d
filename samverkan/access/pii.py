"""Personal identity numbers (personnummer) and coordination numbers (samordningsnummer)
in free text: found and masked, so that none reaches a public surface (OSL, GDPR).

A number is recognised in the forms Skatteverket and people write it:

    YYMMDD-NNNN   YYMMDD+NNNN (100 years or older)   YYMMDDNNNN
    YYYYMMDD-NNNN   YYYYMMDDNNNN

with a hyphen, a plus, a Unicode dash, one space or nothing between date and serial, alone
(no digit right before or after it). It must have a valid check digit (Luhn over the ten
digits YYMMDDNNNN) and a valid date, where a coordination number has 60 added to the day.
The whole number becomes "[personnummer]": neither the birth date nor the serial remains.

What is not masked, by construction: case numbers ("RS/418/2025"), dates ("2025-05-05"),
phone numbers as they are written ("070-123 45 67", "+46 70 123 45 67"), organisation
numbers (their "month" is 20 or more, never a valid date) and longer digit runs. A phone
number written as ten bare digits that also happens to be a valid date with a valid check
digit is masked: nothing tells it apart from a personnummer, and privacy comes first.
"""

import datetime
import re

MASK = "[personnummer]"

# Hyphen-minus, plus, the dashes a word processor substitutes for a hyphen, and a single
# (no-break) space, which people also type between date and serial.
SEPARATORS = "-+\u2010\u2011\u2012\u2013\u2212 \u00a0\u202f"

CANDIDATE = re.compile(
    rf"(?<![0-9])(?P<century>[0-9]{{2}})?(?P<date>[0-9]{{6}})"
    rf"(?P<separator>[{re.escape(SEPARATORS)}]?)(?P<serial>[0-9]{{4}})(?![0-9])"
)


def luhn_valid(digits: str) -> bool:
    """The Luhn check of a personnummer: weights 2, 1, 2, … from the left."""
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return total % 10 == 0


def _date_valid(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _is_personnummer(match: re.Match[str]) -> bool:
    century, date, separator, serial = match.group("century", "date", "separator", "serial")
    if not luhn_valid(date + serial):
        return False
    yy, month, day = int(date[:2]), int(date[2:4]), int(date[4:6])
    if day > 60:  # samordningsnummer: the day of birth plus 60
        day -= 60
    if century is not None:
        years = [int(century) * 100 + yy] if century in ("18", "19", "20") else []
    elif separator == "+":  # written with a plus: 100 years or older
        years = [1800 + yy, 1900 + yy]
    else:
        years = [1900 + yy, 2000 + yy]
    return any(_date_valid(year, month, day) for year in years)


def personnummer_mask(text: str) -> str:
    """The text with every personnummer and samordningsnummer replaced by "[personnummer]"."""
    return CANDIDATE.sub(lambda m: MASK if _is_personnummer(m) else m.group(0), text)


def contains_personnummer(text: str) -> bool:
    return any(_is_personnummer(m) for m in CANDIDATE.finditer(text))
