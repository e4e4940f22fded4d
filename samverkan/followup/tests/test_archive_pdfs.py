"""The yearly reports are PDF/A-2a + PDF/UA-1 (as far as pikepdf sees), and their charts
carry alternative text."""

import pytest

from samverkan.access.policy import PUBLIC
from samverkan.documents.tests.pdf_checks import archive_problems, figures_alt
from samverkan.followup import render, selectors

from .year import TODAY, YEAR, build

pytestmark = pytest.mark.django_db


def test_the_reports_are_archive_grade_and_their_charts_have_alternative_text():
    year = build()
    body = render.body_report_pdf(selectors.body_year(year.body, YEAR, PUBLIC, TODAY), TODAY)
    assert archive_problems(body) == []
    assert figures_alt(body) == [f"Besatta platser per part {YEAR}, ARN"]
    whole = render.structure_report_pdf(
        selectors.structure_year(year.body.collaboration, YEAR, PUBLIC, TODAY), TODAY
    )
    assert archive_problems(whole) == []
    alts = figures_alt(whole)
    assert alts and all(alts), alts
