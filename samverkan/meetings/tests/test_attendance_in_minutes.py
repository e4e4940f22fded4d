"""In the minutes, arrival and leaving name the item by its § (the minutes number §§);
before the item has a §, by its place on the agenda (templatetags item_reference)."""

from samverkan.meetings import render

from .test_meeting_law import HELD, Board


def _head(board) -> str:
    return " ".join(render.minutes_content(board.meeting)["head"].split())


def test_leaving_refers_to_the_section_in_the_minutes(db):
    board = Board(HELD)
    budget = board.items["Budget"]
    board.attend("Anna")
    board.attend("Bo")
    board.attend("Cilla", left_after_item=budget)
    assert f"Cilla (M) (till och med punkt {budget.position})" in _head(board)
    section = board.section("Budget")
    head = _head(board)
    assert f"Cilla (M) (till och med § {section.number})" in head
    assert "punkt" not in head
