"""The rules of the reading view, each one function."""

import re

WATCH_WORD_MAX_LENGTH = 100
WATCH_WORDS_PER_PERSON = 50
NOTE_MAX_LENGTH = 4000
# The highest page number a note may name when the document's pages are not known.
NOTE_MAX_PAGE = 100_000


def watch_word_normalize(word: str) -> str:
    """A watch word as kept: its words separated by single spaces, in lower case."""
    return " ".join(word.split()).casefold()


def watch_word_matches(word: str, text: str) -> bool:
    """A watch word matches a text where the text has a word that begins with it (a
    phrase: its words in a row), in any case: "barn" matches "Barnens hälsa" and
    "barnrättsbaserat", not "Skolbarn". Swedish compounds put the subject first, so a
    watch word finds the compounds it begins; a word inside another does not match."""
    norm = watch_word_normalize(word)
    if not norm:
        return False
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(part) for part in norm.split(" "))
    return re.search(pattern, text.casefold()) is not None


def note_page_problem(page: int, page_count: int | None) -> str:
    """Why a page number will not do for a note: pages count from 1 to the document's
    number of pages (when it is known)."""
    if page < 1:
        return "Sidnumret ska vara 1 eller större."
    if page > NOTE_MAX_PAGE:
        return f"Sidnumret får vara högst {NOTE_MAX_PAGE}."
    if page_count is not None and page > page_count:
        if page_count == 1:
            return "Handlingen har 1 sida; välj sida 1."
        return f"Handlingen har {page_count} sidor; välj en sida mellan 1 och {page_count}."
    return ""
