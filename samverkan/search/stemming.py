"""Swedish stemming, done once in Python for both databases, so the index and the query
are stemmed alike whichever database holds them.

PostgreSQL's own 'swedish' configuration and the Snowball stemmer in PyStemmer disagree
(PostgreSQL 15 keeps "avtalet" and "beslutet" whole, PyStemmer gives "avtal", "beslut"),
and neither takes the definite "-an" of the nouns in -a: "skolan" stays "skolan" while
"skola" becomes "skol", so a search for "skolan" missed "skola" and "hälsan" missed
"hälsa". Here every word goes through PyStemmer and then loses a definite "-an" that lies
in the word's R1 region (Snowball's rule for where a suffix may be taken: after the first
consonant that follows a vowel, at least three letters in), so "skolan", "skolans",
"skola" and "skolor" all give "skol", while "plan" and "man" keep their "an".
PostgreSQL stores these stems in a 'simple' tsvector (no second stemming), SQLite in FTS5.
"""

import re

import Stemmer

WORD = re.compile(r"\w+", re.UNICODE)
VOWELS = frozenset("aeiouyäåö")
_stemmer = Stemmer.Stemmer("swedish")


def _r1(word: str) -> int:
    """Where Snowball's R1 region of the word starts (at least 3)."""
    for i in range(1, len(word)):
        if word[i - 1] in VOWELS and word[i] not in VOWELS:
            return max(i + 1, 3)
    return len(word)


def stem(word: str) -> str:
    s = _stemmer.stemWord(word.lower())
    if s.endswith("an") and len(s) - 2 >= _r1(s):
        s = s[:-2]
    return s


def stems(text: str) -> list[str]:
    return [stem(w) for w in WORD.findall(text)]


def stemmed(text: str) -> str:
    """The text as the index holds it: its stems, space-separated."""
    return " ".join(stems(text))
