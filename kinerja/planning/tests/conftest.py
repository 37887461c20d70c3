import datetime

import pytest

from kinerja.planning import services


@pytest.fixture
def year(cast):
    """Dinas Pendidikan's 2026 performance year, opened by its admin."""
    return services.year_create(instansi=cast.pendidikan, year=2026, actor=cast.agency_admin)


@pytest.fixture
def plans(cast, year):
    """Hendra's approved SKP with one RHK, and Siti's draft SKP."""
    from kinerja.planning.models import Indicator, Rhk

    hendra = services.skp_create(pegawai=cast.head, year=year, actor=cast.head.user)
    top = services.rhk_save(
        rhk=Rhk(skp=hendra, text="Meningkatnya partisipasi sekolah dasar"), actor=cast.head.user
    )
    services.indicator_save(
        indicator=Indicator(rhk=top, text="APM SD", target_value=98, target_unit="persen"),
        actor=cast.head.user,
    )
    siti = services.skp_create(pegawai=cast.supervisor, year=year, actor=cast.supervisor.user)
    return {"hendra": hendra, "top": top, "siti": siti}


def d(y, m, day):
    return datetime.date(y, m, day)
