# ruff: noqa: F811 - fixtures shared from the activity tests are re-exported here
import datetime
from decimal import Decimal

import pytest

from kinerja.activity import services as act
from kinerja.activity.models import DailyEntry
from kinerja.activity.tests.conftest import approved, today  # noqa: F401 - shared fixtures
from kinerja.evaluation import services


@pytest.fixture
def may(approved):
    return approved["year"].periods.get(number=5)


@pytest.fixture
def evaluation(cast, approved, may):
    """Budi's May evaluation, with 5 of his 12 sekolah verified by the end of April and May."""
    for day, qty in ((datetime.date(2026, 4, 10), 2), (datetime.date(2026, 5, 11), 3)):
        e = act.entry_save(entry=DailyEntry(rhk=approved["rhk"], indicator=approved["count"], date=day,
                                            start_time=datetime.time(8), end_time=datetime.time(10),
                                            activity="Verifikasi data", quantity=Decimal(qty)),
                           actor=cast.employee.user)  # fmt: skip
        act.entry_submit(entries=[e], actor=cast.employee.user)
        act.entry_review(entries=[e], actor=cast.supervisor.user, accept=True)
    services.evaluations_open(year=approved["year"], period=may, actor=cast.agency_admin)
    from kinerja.evaluation.models import Evaluation

    return Evaluation.objects.get(pegawai=cast.employee, period=may)
