import datetime
from decimal import Decimal

import pytest

from kinerja.planning import services as plan
from kinerja.planning.models import Indicator, Rhk

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def today(monkeypatch):
    """Freeze 'today' at 15 May 2026 for the activity rules."""
    day = datetime.date(2026, 5, 15)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
    return day


@pytest.fixture
def approved(cast, today):
    """Budi's approved 2026 SKP: an RHK linked to Siti's with a countable indicator (12 sekolah)
    and a lower-is-better time indicator (5 hari)."""
    year = plan.year_create(instansi=cast.pendidikan, year=2026, actor=cast.agency_admin)
    hendra = plan.skp_create(pegawai=cast.head, year=year, actor=cast.head.user)
    top = plan.rhk_save(
        rhk=Rhk(skp=hendra, text="Partisipasi sekolah meningkat"), actor=cast.head.user
    )
    siti = plan.skp_create(pegawai=cast.supervisor, year=year, actor=cast.supervisor.user)
    srhk = plan.rhk_save(
        rhk=Rhk(skp=siti, text="SD terbina", parent=top), actor=cast.supervisor.user
    )
    plan.indicator_save(indicator=Indicator(rhk=srhk, text="SD dibina", target_value=40, target_unit="sekolah"),
                        actor=cast.supervisor.user)  # fmt: skip
    budi = plan.skp_create(pegawai=cast.employee, year=year, actor=cast.employee.user)
    rhk = plan.rhk_save(
        rhk=Rhk(skp=budi, text="Data pokok sekolah mutakhir", parent=srhk), actor=cast.employee.user
    )
    count = plan.indicator_save(indicator=Indicator(rhk=rhk, text="Sekolah diverifikasi datanya", target_value=Decimal(12),
                                target_unit="sekolah"), actor=cast.employee.user)  # fmt: skip
    speed = plan.indicator_save(indicator=Indicator(rhk=rhk, aspek="waktu", text="Rata-rata waktu rekap",
                                target_value=Decimal(5), target_unit="hari", direction="lower"), actor=cast.employee.user)  # fmt: skip
    plan.skp_submit(skp=budi, actor=cast.employee.user)
    plan.skp_approve(skp=budi, actor=cast.supervisor.user)
    budi.refresh_from_db()
    return {
        "year": year,
        "skp": budi,
        "rhk": rhk,
        "count": count,
        "speed": speed,
        "siti_rhk": srhk,
        "siti": siti,
    }
