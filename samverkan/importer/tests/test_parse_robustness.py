"""The parser stays fast on hostile input: long runs of blanks or commas must not make a
regular expression backtrack without end, and over-long lines are reported, not read."""

import time
from pathlib import Path

from django.conf import settings

from samverkan.importer.parse import MAX_LINE, parse_text, trailing_time

SEED = Path(settings.BASE_DIR) / "samverkan" / "testdata" / "seeds" / "kallelse-rsr-2025-05-05.txt"


def test_long_runs_of_blanks_and_commas_parse_quickly() -> None:
    seed = SEED.read_text(encoding="utf-8")
    hostile = "\n".join(
        [
            " " * 100_000 + "x 13.30",
            " ," * 50_000 + "Anna Berg 13.30",
            "a " * 25_000,
        ]
    )
    # Inside an item too (after the first numbered line), where presenters and times are read.
    lines = seed.splitlines()
    first_item = next(i for i, line in enumerate(lines) if line.strip().startswith("1."))
    text = "\n".join([*lines[: first_item + 1], hostile, *lines[first_item + 1 :]])
    began = time.perf_counter()
    parsed = parse_text(text)
    # A guard against exponential blow-up (the old pattern took minutes on 40 KB).
    assert time.perf_counter() - began < 5
    long_numbers = {first_item + 2, first_item + 3, first_item + 4}
    assert long_numbers <= {n for n, _ in parsed.unparsed}
    assert any(str(MAX_LINE) in w for w in parsed.warnings)


def test_trailing_time_without_backtracking() -> None:
    began = time.perf_counter()
    assert trailing_time(" ," * 200_000) is None
    assert trailing_time(" " * 200_000 + "x") is None
    assert time.perf_counter() - began < 5
    found = trailing_time("Anna Berg, kl 13.30")
    assert found is not None
    assert (found.rest, found.h, found.m) == ("Anna Berg", "13", "30")
