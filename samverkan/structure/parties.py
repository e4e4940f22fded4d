"""Which seats belong to the same party: the one statement of the rule, without Django,
so the meeting rules (meetings.rules) read it as plain Python."""


def same_party_group(
    a_party_id: int | None, a_letters: str, b_party_id: int | None, b_letters: str
) -> bool:
    """Two seats belong to the same party group: the same represented party, or the same
    party letters, in any case and with spaces around them. The order of substitutes
    (meetings.rules.same_party) and the party group of notes (access.policy) read it."""
    if a_party_id is not None and a_party_id == b_party_id:
        return True
    letters = (a_letters or "").strip().upper()
    return bool(letters) and letters == (b_letters or "").strip().upper()
