import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from samverkan.cases.models import PartyResponse, Recommendation
from samverkan.cases.tests.helpers import registrar_create


def test_a_new_user_follows_the_case_timeline(client, demo):
    html = client.get("/arenden/RS/418/2025/").content.decode()
    assert "Översyn av struktur för samverkan" in html
    assert "december 2023" in html and "2025-02-21" in html and "2025-05-05" in html
    assert (
        html.index("december 2023")
        < html.index("2025-02-21")
        < html.index("Rekommendation: Godkänna")
    )
    assert "Uppdrag översyn samverkansstruktur (SVOM:s förslag till RSR)" in html


def test_the_matrix_shows_nine_parties_not_yet_answered(client, demo):
    html = client.get("/rekommendationer/").content.decode()
    assert html.count('class="st st-not_handled"') == 9
    assert "Ej behandlad: 9" in html and "ingen av 9 parter har svarat" in html


@pytest.mark.django_db
def test_recording_ostersunds_adoption_with_a_document_changes_the_matrix(
    client, demo, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    rec = Recommendation.objects.get(case__number=418)
    ostersund = rec.responses.get(party__slug="ostersund")
    client.force_login(registrar_create())
    response = client.post(
        f"/rekommendationer/{rec.pk}/",
        {
            "response": ostersund.pk,
            f"r{ostersund.pk}-status": "adopted",
            f"r{ostersund.pk}-decision_reference": "KF § 27, dnr KS 2026/51",
            f"r{ostersund.pk}-decided_on": "2026-03-02",
            f"r{ostersund.pk}-document": SimpleUploadedFile(
                "beslut.txt", "Kommunfullmäktige beslutar att anta överenskommelsen.".encode()
            ),
        },
        follow=True,
    )
    assert "Östersunds kommuns svar är registrerat." in response.content.decode()
    ostersund.refresh_from_db()
    assert ostersund.status == PartyResponse.Status.ADOPTED and ostersund.document is not None
    client.logout()
    html = client.get("/rekommendationer/").content.decode()
    assert html.count('class="st st-adopted"') == 1 and html.count('class="st st-not_handled"') == 8
    assert "1 av 9 parter har svarat" in html
    assert "KF § 27" in client.get(f"/rekommendationer/{rec.pk}/").content.decode()


def test_only_the_registry_staff_record_responses(client, demo):
    rec = Recommendation.objects.get(case__number=418)
    response = rec.responses.first()
    assert client.post(f"/rekommendationer/{rec.pk}/", {"response": response.pk}).status_code == 403


def test_a_bad_response_gets_a_swedish_error(client, demo):
    rec = Recommendation.objects.get(case__number=418)
    r = rec.responses.get(party__slug="berg")
    client.force_login(registrar_create())
    html = client.post(
        f"/rekommendationer/{rec.pk}/", {"response": r.pk, f"r{r.pk}-status": "rejected"}
    ).content.decode()
    assert "Ange datum för partens beslut." in html


def test_the_registry_staff_register_a_case_and_a_confidential_document(
    client, demo, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    from samverkan.cases.models import Case, CaseSeries

    client.force_login(registrar_create())
    series = CaseSeries.objects.get(code="RS")
    response = client.post(
        "/arenden/",
        {"series": series.pk, "title": "Nytt ärende", "registered_on": "2026-11-20"},
        follow=True,
    )
    assert "Ärendet är registrerat som RS/1/2026." in response.content.decode()
    dup = client.post(
        "/arenden/",
        {
            "series": series.pk,
            "title": "Dubblett",
            "existing_number": "RS/418/2025",
            "registered_on": "2026-11-20",
        },
    )
    assert "Diarienumret RS/418/2025 finns redan." in dup.content.decode()
    no_ground = client.post(
        "/arenden/RS/1/2026/",
        {
            "date": "2026-11-21",
            "direction": "received",
            "description": "Skrivelse",
            "counterpart_protected": "on",
        },
    )
    assert "Ange sekretessgrund med kapitel och paragraf" in no_ground.content.decode()
    ok = client.post(
        "/arenden/RS/1/2026/",
        {
            "date": "2026-11-21",
            "direction": "received",
            "description": "Skrivelse från enskild",
            "counterpart": "Anna Andersson",
            "counterpart_protected": "on",
            "confidentiality_ground": "OSL 26 kap. 1 §",
            "document_confidential": "on",
            "file": SimpleUploadedFile("skrivelse.txt", b"Personlig uppgift"),
        },
        follow=True,
    )
    assert "Handlingen är diarieförd." in ok.content.decode()
    case = Case.objects.get(series=series, number=1, year=2026)
    entry = case.entries.get()
    assert entry.document.is_confidential and entry.counterpart_protected
    client.logout()
    assert "Anna Andersson" not in client.get("/diarium/").content.decode()
