import datetime

import pytest

from samverkan.structure.selectors import structure_as_of

from . import factories as f

D = datetime.date


def short_names(day):
    return {b.short_name for b in structure_as_of(day).bodies}


@pytest.mark.django_db
def test_a_body_is_in_force_from_founding_to_dissolution_both_days_included():
    body = f.body(short_name="X", founded_on=D(2020, 1, 1), dissolved_on=D(2021, 12, 31))
    assert "X" not in short_names(D(2019, 12, 31))
    assert "X" in short_names(D(2020, 1, 1))
    assert "X" in short_names(D(2021, 12, 31))
    assert "X" not in short_names(D(2022, 1, 1))
    assert body.founded_display == "2020-01-01"


@pytest.mark.django_db
def test_reporting_lines_show_only_while_both_bodies_exist():
    a = f.body(founded_on=D(2020, 1, 1), dissolved_on=D(2022, 12, 31))
    b = f.body(founded_on=D(2020, 1, 1))
    f.line(from_body=a, to_body=b, subject="Beredning", end=D(2022, 12, 31))
    assert [x.subject for x in structure_as_of(D(2021, 1, 1)).reporting_lines] == ["Beredning"]
    assert structure_as_of(D(2023, 1, 1)).reporting_lines == []


def test_the_demo_structure_in_2015_is_the_older_structure(demo):
    names = short_names(D(2015, 6, 1))
    assert {"RSR", "SVOM", "Barnarenan", "Fredagsgruppen", "SamReKo HSI", "BUZ", "SocSam"} <= names
    assert not {"PaHSU", "TaHSU", "LAKO", "HSN"} & names


def test_the_demo_structure_today_has_the_political_and_officials_arenas(demo):
    names = short_names(D(2026, 11, 22))
    assert {"PaHSU", "TaHSU", "RSR"} <= names
    assert not {"SVOM", "Barnarenan", "LAKO"} & names


def test_before_svom_there_was_lako(demo):
    names = short_names(D(2004, 6, 1))
    assert "LAKO" in names
    assert not {"SVOM", "RSR", "Barnarenan"} & names


def test_the_structure_is_grouped_by_kind_in_a_fixed_order(demo):
    groups = structure_as_of(D(2015, 6, 1)).groups
    labels = [g.label for g in groups]
    assert labels[0] == "Politisk arena"
    assert "Råd" in labels
    assert sum(len(g.bodies) for g in groups) == len(structure_as_of(D(2015, 6, 1)).bodies)
