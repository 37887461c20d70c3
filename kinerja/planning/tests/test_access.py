"""Who may see which SKP, asked three ways — the page, the PDF and the API — for every persona of
the cast and four SKPs, so the three never disagree.

The rule (planning/permissions.py): an SKP is visible to whoever may see its employee (the
employee, superiors up the chain, admins and Pimpinan of the employee's agency, BKPSDM and
auditors) and to its rater. The table below writes the rule out by hand rather than asking
`visible_to`, so that a change to the rule has to change this table too."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.planning import services
from kinerja.planning.models import Skp

pytestmark = pytest.mark.django_db

PERSONAS = [
    "employee",  # Budi
    "peer",  # Dewi
    "supervisor",  # Siti
    "head",  # Hendra
    "agency_admin",  # Ani, Disdik
    "pimpinan",  # Rudi, Disdik
    "bkpsdm_admin",  # Bima
    "auditor",  # Audi
    "outsider",  # Oscar, Dinas Kesehatan
]
SKPS = ["budi", "siti", "hendra", "oscar"]
DISDIK = {"budi", "siti", "hendra"}

VISIBLE: dict[str, set[str]] = {
    "employee": {"budi"},  # only his own
    "peer": set(),  # not her peer's, not her superior's
    "supervisor": {"budi", "siti"},  # her own and her subordinate's (she also rates Budi's)
    "head": DISDIK,  # his own and everyone below him (he rates Siti's)
    "agency_admin": DISDIK,  # the whole agency, and only it
    "pimpinan": DISDIK,
    "bkpsdm_admin": DISDIK | {"oscar"},  # the whole Pemda
    "auditor": DISDIK | {"oscar"},
    "outsider": {"oscar"},  # only his own
}


@pytest.fixture
def skps(cast, year):
    """2026 SKPs of Budi, Siti and Hendra (Disdik) and of Oscar (Dinkes, its own year)."""
    dinkes = services.year_create(instansi=cast.kesehatan, year=2026, actor=cast.bkpsdm_admin)
    return {
        "budi": services.skp_create(pegawai=cast.employee, year=year, actor=cast.employee.user),
        "siti": services.skp_create(pegawai=cast.supervisor, year=year, actor=cast.supervisor.user),
        "hendra": services.skp_create(pegawai=cast.head, year=year, actor=cast.head.user),
        "oscar": services.skp_create(pegawai=cast.outsider, year=dinkes, actor=cast.outsider.user),
    }


def statuses(client, skp: Skp) -> dict[str, int]:
    return {
        "page": client.get(reverse("planning:skp_detail", args=[skp.pk])).status_code,
        "pdf": client.get(reverse("planning:skp_pdf", args=[skp.pk])).status_code,
        "api": client.get(f"/api/v1/skp/{skp.pk}").status_code,
    }


def test_the_table_follows_the_rule(cast, skps):
    # The hand-written table agrees with the one visibility method the code uses.
    for persona in PERSONAS:
        visible = set(Skp.objects.visible_to(cast.user(persona)).values_list("pk", flat=True))
        assert visible == {skps[name].pk for name in VISIBLE[persona]}, persona


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("owner", SKPS)
def test_page_pdf_and_api_agree_on_who_sees_an_skp(cast, client_for, skps, persona, owner):
    expected = 200 if owner in VISIBLE[persona] else 404
    got = statuses(client_for(cast.user(persona)), skps[owner])
    assert got == {"page": expected, "pdf": expected, "api": expected}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_api_list_shows_exactly_the_visible_skps(cast, client_for, skps, persona):
    body = client_for(cast.user(persona)).get("/api/v1/skp?page_size=500").json()
    assert {row["id"] for row in body["results"]} == {skps[n].pk for n in VISIBLE[persona]}
    assert body["count"] == len(VISIBLE[persona])


def test_an_acting_rater_outside_the_chain_sees_the_skp_they_rate(cast, client_for, skps):
    # Dewi is made acting rater (Plt) of Oscar's SKP: she is not in his chain nor his agency,
    # yet the SKP she rates is visible to her — page, PDF and API alike.
    oscar = skps["oscar"]
    Skp.objects.filter(pk=oscar.pk).update(rater=cast.peer)
    assert statuses(client_for(cast.peer), oscar) == {"page": 200, "pdf": 200, "api": 200}
    assert statuses(client_for(cast.employee), oscar) == {"page": 404, "pdf": 404, "api": 404}


def test_an_anonymous_visitor_is_asked_to_log_in(client, skps):
    skp = skps["budi"]
    login = reverse("accounts:login")
    assert client.get(reverse("planning:skp_detail", args=[skp.pk]))["Location"].startswith(login)
    assert client.get(reverse("planning:skp_pdf", args=[skp.pk]))["Location"].startswith(login)
    assert client.get(f"/api/v1/skp/{skp.pk}").status_code == 401
