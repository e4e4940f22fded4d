from samverkan.structure.parties import same_party_group


def test_seats_are_of_one_party_by_the_represented_party_or_the_same_letters():
    assert same_party_group(3, "", 3, "")
    assert not same_party_group(3, "", 4, "")
    # Letters as typed: case and spaces around them do not matter; no letters never match.
    assert same_party_group(None, " s ", 4, "S")
    assert not same_party_group(None, "", None, "")
    assert not same_party_group(None, "S", None, "M")
