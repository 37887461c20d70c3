"""Planning rules (DOMAIN §2–§3, issue 3): years and periods, the SKP, the cascade, indicator
targets, the workflow with its transitions, revisions, hand-down and templates."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.core.models import AuditLog, Notification
from kinerja.organisation.models import Jabatan
from kinerja.planning import services
from kinerja.planning.models import (
    Indicator,
    OrgTarget,
    Period,
    Rhk,
    Skp,
    SkpTemplate,
    SkpTransition,
)

pytestmark = pytest.mark.django_db


def ind(rhk, **kw):
    data = {
        "rhk": rhk,
        "text": "Jumlah sekolah dibina",
        "target_value": Decimal("12"),
        "target_unit": "sekolah",
    }
    data.update(kw)
    return Indicator(**data)


def full_siti(plans, cast):
    """Siti's SKP with one Utama RHK linked to Hendra's, with an indicator."""
    rhk = services.rhk_save(
        rhk=Rhk(skp=plans["siti"], text="Terbinanya SD", parent=plans["top"]),
        actor=cast.supervisor.user,
    )
    services.indicator_save(indicator=ind(rhk), actor=cast.supervisor.user)
    return rhk


# ---------------------------------------------------------------- years and periods


@pytest.mark.parametrize(
    ("freq", "n", "last"),
    [("monthly", 12, "Desember"), ("quarterly", 4, "Triwulan IV"), ("semester", 2, "Semester II")],
)
def test_a_year_generates_its_periods(cast, freq, n, last):
    y = services.year_create(
        instansi=cast.pendidikan, year=2026, frequency=freq, actor=cast.agency_admin
    )
    periods = list(y.periods.all())
    assert len(periods) == n and periods[-1].name == last
    assert periods[0].start_date == datetime.date(2026, 1, 1) and periods[
        -1
    ].end_date == datetime.date(2026, 12, 31)
    for a, b in zip(periods, periods[1:], strict=False):
        assert b.start_date == a.end_date + datetime.timedelta(days=1)
    assert AuditLog.objects.filter(action="year.created", object_id=str(y.pk)).exists()


def test_february_of_a_leap_year(cast):
    y = services.year_create(instansi=cast.pendidikan, year=2028, actor=cast.agency_admin)
    assert y.periods.get(number=2).end_date == datetime.date(2028, 2, 29)


def test_only_the_agencys_admin_opens_its_year(cast):
    with pytest.raises(PermissionDenied):
        services.year_create(instansi=cast.kesehatan, year=2026, actor=cast.agency_admin)
    with pytest.raises(PermissionDenied):
        services.year_create(instansi=cast.pendidikan, year=2026, actor=cast.employee.user)


def test_a_closed_year_is_locked_and_reopening_needs_a_reason(cast, year, plans):
    services.year_close(year=year, actor=cast.agency_admin)
    assert not Period.objects.filter(year=year, is_closed=False).exists()
    with pytest.raises(ValidationError, match="ditutup"):
        services.rhk_save(
            rhk=Rhk(skp=plans["siti"], text="x", parent=plans["top"]), actor=cast.supervisor.user
        )
    with pytest.raises(ValidationError, match="ditutup"):
        services.skp_create(pegawai=cast.employee, year=year, actor=cast.employee.user)
    with pytest.raises(ValidationError):
        services.year_reopen(year=year, actor=cast.agency_admin, reason="  ")
    services.year_reopen(year=year, actor=cast.agency_admin, reason="Koreksi data mutasi")
    row = AuditLog.objects.get(action="year.reopened")
    assert row.note == "Koreksi data mutasi" and row.actor == cast.agency_admin
    services.skp_create(pegawai=cast.employee, year=year, actor=cast.employee.user)


# ---------------------------------------------------------------- organisation targets


def test_org_target_rules(cast, year):
    t = services.org_target_save(
        target=OrgTarget(
            year=year,
            code="IKU-1",
            goal="Meningkatnya akses pendidikan",
            indicator="APM SD",
            target_value=Decimal("98.5"),
            target_unit="persen",
        ),
        actor=cast.agency_admin,
    )
    assert t.target_display == "98,5 persen"
    with pytest.raises(ValidationError):
        services.org_target_save(
            target=OrgTarget(
                year=year, code="IKU-2", goal="g", indicator="i", target_value=Decimal("-1")
            ),
            actor=cast.agency_admin,
        )
    with pytest.raises(ValidationError):
        services.org_target_save(
            target=OrgTarget(year=year, code="IKU-3", goal="g", indicator="i"),
            actor=cast.agency_admin,
        )
    with pytest.raises(PermissionDenied):
        services.org_target_save(
            target=OrgTarget(year=year, code="IKU-4", goal="g", indicator="i", target_text="x"),
            actor=cast.employee.user,
        )


# ---------------------------------------------------------------- the SKP header


def test_an_skp_snapshots_position_unit_and_rater(cast, year):
    skp = services.skp_create(pegawai=cast.employee, year=year, actor=cast.employee.user)
    assert (skp.rater, skp.jabatan, skp.unit) == (
        cast.supervisor,
        cast.employee.jabatan,
        cast.employee.unit,
    )
    assert skp.status == "draft" and skp.behaviours.count() == 7
    assert SkpTransition.objects.get(skp=skp).to_status == "draft"


def test_two_skps_in_a_year_must_not_overlap(cast, year):
    services.skp_create(
        pegawai=cast.employee,
        year=year,
        actor=cast.employee.user,
        end_date=datetime.date(2026, 6, 30),
    )
    with pytest.raises(ValidationError, match="beririsan"):
        services.skp_create(
            pegawai=cast.employee,
            year=year,
            actor=cast.employee.user,
            start_date=datetime.date(2026, 6, 1),
        )
    second = services.skp_create(
        pegawai=cast.employee,
        year=year,
        actor=cast.employee.user,
        start_date=datetime.date(2026, 7, 1),
    )
    assert second.end_date == datetime.date(2026, 12, 31)


@pytest.mark.parametrize(
    ("start", "end"),
    [((2026, 5, 1), (2026, 4, 1)), ((2025, 12, 1), (2026, 3, 1)), ((2026, 1, 1), (2027, 1, 1))],
)
def test_skp_dates_must_lie_in_the_year_and_in_order(cast, year, start, end):
    with pytest.raises(ValidationError):
        services.skp_create(
            pegawai=cast.employee,
            year=year,
            actor=cast.employee.user,
            start_date=datetime.date(*start),
            end_date=datetime.date(*end),
        )


def test_nobody_else_starts_my_skp_but_an_admin(cast, year):
    with pytest.raises(PermissionDenied):
        services.skp_create(pegawai=cast.employee, year=year, actor=cast.peer.user)
    assert services.skp_create(pegawai=cast.employee, year=year, actor=cast.agency_admin).pk


def test_an_skp_needs_its_own_agencys_year(cast, year):
    with pytest.raises(ValidationError, match="instansi lain"):
        services.skp_create(pegawai=cast.outsider, year=year, actor=cast.bkpsdm_admin)


# ---------------------------------------------------------------- the cascade


def test_an_rhk_links_to_the_raters_rhk(cast, plans):
    rhk = full_siti(plans, cast)
    assert rhk.parent == plans["top"] and not rhk.is_provisional and rhk.link_kind == "parent"
    assert AuditLog.objects.filter(action="rhk.created", object_id=str(rhk.pk)).exists()


def test_an_rhk_cannot_link_to_another_raters_rhk(cast, year, plans):
    full_siti(plans, cast)
    budi = services.skp_create(pegawai=cast.employee, year=year, actor=cast.employee.user)
    with pytest.raises(ValidationError) as exc:
        # Hendra is not Budi's rater (Siti is)
        services.rhk_save(
            rhk=Rhk(skp=budi, text="x", parent=plans["top"]), actor=cast.employee.user
        )
    assert "pejabat penilai" in exc.value.message_dict["parent"][0]
    assert not Rhk.objects.filter(skp=budi).exists()


def test_an_rhk_cannot_link_to_another_years_rhk(cast, year, plans):
    y27 = services.year_create(instansi=cast.pendidikan, year=2027, actor=cast.agency_admin)
    siti27 = services.skp_create(pegawai=cast.supervisor, year=y27, actor=cast.supervisor.user)
    with pytest.raises(ValidationError) as exc:
        services.rhk_save(
            rhk=Rhk(skp=siti27, text="x", parent=plans["top"]), actor=cast.supervisor.user
        )
    assert "tahun" in exc.value.message_dict["parent"][0]


def test_the_top_leader_links_to_an_org_target_of_their_year(cast, year, plans):
    t = services.org_target_save(
        target=OrgTarget(
            year=year,
            code="IKU-1",
            goal="Akses",
            indicator="APM",
            target_value=Decimal(98),
            target_unit="persen",
        ),
        actor=cast.agency_admin,
    )
    rhk = services.rhk_save(
        rhk=Rhk(skp=plans["hendra"], text="Akses pendidikan", org_target=t), actor=cast.head.user
    )
    assert rhk.link_kind == "org_target"
    y27 = services.year_create(instansi=cast.pendidikan, year=2027, actor=cast.agency_admin)
    t27 = services.org_target_save(
        target=OrgTarget(
            year=y27,
            code="IKU-1",
            goal="Akses",
            indicator="APM",
            target_value=Decimal(99),
            target_unit="persen",
        ),
        actor=cast.agency_admin,
    )
    with pytest.raises(ValidationError):
        services.rhk_save(
            rhk=Rhk(skp=plans["hendra"], text="x", org_target=t27), actor=cast.head.user
        )


def test_only_one_kind_of_link(cast, plans, year):
    t = services.org_target_save(
        target=OrgTarget(year=year, code="IKU-9", goal="g", indicator="i", target_text="x"),
        actor=cast.agency_admin,
    )
    with pytest.raises(ValidationError, match="satu saja"):
        services.rhk_save(
            rhk=Rhk(skp=plans["siti"], text="x", parent=plans["top"], org_target=t),
            actor=cast.supervisor.user,
        )


def test_an_assignment_from_a_team_lead_outside_the_line(cast, plans):
    rhk = services.rhk_save(
        rhk=Rhk(
            skp=plans["siti"],
            text="Tim percepatan stunting",
            assigned_by=cast.outsider,
            assignment_note="SK Tim 12/2026",
        ),
        actor=cast.supervisor.user,
    )
    assert rhk.link_kind == "assignment" and not rhk.is_provisional


def test_without_the_superiors_rhk_staff_draft_a_provisional_one_and_the_superior_is_told(
    cast, year, plans
):
    budi = services.skp_create(pegawai=cast.employee, year=year, actor=cast.employee.user)
    rhk = services.rhk_save(
        rhk=Rhk(skp=budi, text="Data pokok pendidikan mutakhir"), actor=cast.employee.user
    )
    assert rhk.is_provisional and rhk.link_kind == "provisional"
    note = Notification.objects.get(user=cast.supervisor.user)
    assert "sementara" in note.message and str(budi.pk) in note.url
    # Siti writes hers later; the link is made afterwards, by Budi or by Siti.
    siti_rhk = full_siti(plans, cast)
    services.rhk_link(rhk=rhk, parent=siti_rhk, actor=cast.supervisor.user)
    rhk.refresh_from_db()
    assert rhk.parent == siti_rhk and not rhk.is_provisional
    assert AuditLog.objects.filter(action="rhk.linked", object_id=str(rhk.pk)).exists()


def test_linking_is_for_the_owner_or_the_rater_only(cast, year, plans):
    budi = services.skp_create(pegawai=cast.employee, year=year, actor=cast.employee.user)
    rhk = services.rhk_save(rhk=Rhk(skp=budi, text="Data"), actor=cast.employee.user)
    siti_rhk = full_siti(plans, cast)
    with pytest.raises(PermissionDenied):
        services.rhk_link(rhk=rhk, parent=siti_rhk, actor=cast.peer.user)


def test_hand_down_creates_linked_rhk_in_each_subordinates_skp(cast, year, plans):
    siti_rhk = full_siti(plans, cast)
    result = services.rhk_hand_down(
        rhks=[siti_rhk],
        subordinates=[cast.employee, cast.peer, cast.outsider],
        actor=cast.supervisor.user,
    )
    assert len(result.created) == 2
    assert [p for p, _ in result.skipped] == [cast.outsider]
    for who in (cast.employee, cast.peer):
        skp = Skp.objects.get(pegawai=who, year=year)
        r = skp.rhks.get()
        assert r.parent == siti_rhk and r.text == siti_rhk.text and r.handed_down_from == siti_rhk
        assert Notification.objects.filter(user=who.user).exists()
    again = services.rhk_hand_down(
        rhks=[siti_rhk], subordinates=[cast.employee], actor=cast.supervisor.user
    )
    assert again.created == [] and Rhk.objects.filter(parent=siti_rhk).count() == 2


def test_only_my_own_rhk_can_be_handed_down(cast, plans):
    with pytest.raises(ValidationError):
        services.rhk_hand_down(
            rhks=[plans["top"]], subordinates=[cast.employee], actor=cast.supervisor.user
        )


def test_a_linked_rhk_cannot_be_deleted_from_under_its_children(cast, plans):
    siti_rhk = full_siti(plans, cast)
    services.rhk_hand_down(
        rhks=[siti_rhk], subordinates=[cast.employee], actor=cast.supervisor.user
    )
    with pytest.raises(ValidationError, match="diintervensi"):
        services.rhk_delete(rhk=siti_rhk, actor=cast.supervisor.user)


# ---------------------------------------------------------------- indicators


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"target_value": Decimal(0)}, "target_value"),
        ({"target_value": Decimal(-3)}, "target_value"),
        ({"target_value": None}, "target_value"),
        ({"target_unit": ""}, "target_unit"),
        (
            {"target_kind": "range", "target_low": Decimal(10), "target_high": Decimal(5)},
            "target_low",
        ),
        ({"target_kind": "range", "target_low": None, "target_high": Decimal(5)}, "target_low"),
        (
            {
                "target_kind": "range",
                "target_low": Decimal(1),
                "target_high": Decimal(5),
                "target_unit": "",
            },
            "target_unit",
        ),
        ({"target_kind": "narrative", "target_text": "Laporan lengkap"}, "target_kind"),
        ({"text": " "}, "text"),
    ],
)
def test_bad_indicator_targets_are_refused_with_a_message(cast, plans, changes, field):
    rhk = services.rhk_save(
        rhk=Rhk(skp=plans["siti"], text="r", parent=plans["top"]), actor=cast.supervisor.user
    )
    with pytest.raises(ValidationError) as exc:
        services.indicator_save(indicator=ind(rhk, **changes), actor=cast.supervisor.user)
    assert field in exc.value.message_dict
    assert not Indicator.objects.filter(rhk=rhk).exists()


def test_a_range_and_a_lower_is_better_target(cast, plans):
    rhk = services.rhk_save(
        rhk=Rhk(skp=plans["siti"], text="r", parent=plans["top"]), actor=cast.supervisor.user
    )
    i = services.indicator_save(
        indicator=ind(
            rhk,
            target_kind="range",
            target_low=Decimal(80),
            target_high=Decimal(90),
            target_unit="persen",
            aspek="kualitas",
        ),
        actor=cast.supervisor.user,
    )
    assert i.target_display == "80–90 persen"
    j = services.indicator_save(
        indicator=ind(
            rhk, aspek="waktu", target_value=Decimal(5), target_unit="hari", direction="lower"
        ),
        actor=cast.supervisor.user,
    )
    assert j.direction == "lower"


def test_kualitatif_wants_a_narrative_target(cast, year):
    skp = services.skp_create(
        pegawai=cast.employee, year=year, actor=cast.employee.user, approach="kualitatif"
    )
    rhk = services.rhk_save(rhk=Rhk(skp=skp, text="Layanan data"), actor=cast.employee.user)
    with pytest.raises(ValidationError):
        services.indicator_save(
            indicator=ind(rhk, target_kind="narrative", target_text="", target_value=None),
            actor=cast.employee.user,
        )
    i = services.indicator_save(
        indicator=ind(
            rhk,
            target_kind="narrative",
            target_value=None,
            target_unit="",
            target_text="Data pokok sekolah mutakhir setiap bulan",
        ),
        actor=cast.employee.user,
    )
    assert i.target_display.startswith("Data pokok")


def test_perspektif_is_for_jpt_only(cast, plans):
    rhk = services.rhk_save(
        rhk=Rhk(skp=plans["siti"], text="r", parent=plans["top"]), actor=cast.supervisor.user
    )
    with pytest.raises(ValidationError):
        services.indicator_save(
            indicator=ind(rhk, perspektif="anggaran"), actor=cast.supervisor.user
        )
    services.indicator_save(
        indicator=ind(plans["top"], perspektif="penerima_layanan"), actor=cast.head.user
    )


def test_only_the_owner_edits_a_draft(cast, plans):
    with pytest.raises(PermissionDenied):
        services.rhk_save(
            rhk=Rhk(skp=plans["siti"], text="r", parent=plans["top"]), actor=cast.head.user
        )


# ---------------------------------------------------------------- workflow


def test_submit_needs_an_utama_result_with_indicators(cast, plans):
    with pytest.raises(ValidationError, match="Utama"):
        services.skp_submit(skp=plans["siti"], actor=cast.supervisor.user)
    rhk = services.rhk_save(
        rhk=Rhk(skp=plans["siti"], text="Terbinanya SD", parent=plans["top"]),
        actor=cast.supervisor.user,
    )
    with pytest.raises(ValidationError, match="belum memiliki indikator"):
        services.skp_submit(skp=plans["siti"], actor=cast.supervisor.user)
    services.indicator_save(indicator=ind(rhk), actor=cast.supervisor.user)
    tambahan = services.rhk_save(
        rhk=Rhk(skp=plans["siti"], kind="tambahan", text="Panitia", parent=plans["top"]),
        actor=cast.supervisor.user,
    )
    with pytest.raises(ValidationError, match="Panitia"):
        services.skp_submit(skp=plans["siti"], actor=cast.supervisor.user)
    services.indicator_save(indicator=ind(tambahan), actor=cast.supervisor.user)
    assert services.skp_submit(skp=plans["siti"], actor=cast.supervisor.user).status == "submitted"


def test_the_whole_workflow_with_transitions_audit_and_notifications(cast, plans):
    siti = plans["siti"]
    full_siti(plans, cast)
    services.skp_submit(skp=siti, actor=cast.supervisor.user)
    assert Notification.objects.filter(user=cast.head.user, message__contains="mengajukan").exists()
    with pytest.raises(PermissionDenied):
        services.skp_approve(skp=siti, actor=cast.supervisor.user)  # not her own
    with pytest.raises(ValidationError):
        services.skp_return(skp=siti, actor=cast.head.user, note="")
    services.skp_return(skp=siti, actor=cast.head.user, note="Target APM terlalu rendah")
    siti.refresh_from_db()
    assert siti.status == "returned"
    rhk = siti.rhks.get()
    services.indicator_save(
        indicator=ind(rhk, text="Jumlah SD terakreditasi", target_value=Decimal(20)),
        actor=cast.supervisor.user,
    )
    services.skp_submit(skp=siti, actor=cast.supervisor.user)
    services.skp_approve(skp=siti, actor=cast.head.user, note="Baik")
    siti.refresh_from_db()
    assert siti.status == "approved" and siti.approved_at
    trail = list(
        SkpTransition.objects.filter(skp=siti).values_list("from_status", "to_status", "note")
    )
    assert trail == [
        ("", "draft", ""),
        ("draft", "submitted", ""),
        ("submitted", "returned", "Target APM terlalu rendah"),
        ("returned", "submitted", ""),
        ("submitted", "approved", "Baik"),
    ]
    actions = set(
        AuditLog.objects.filter(object_type="planning.skp", object_id=str(siti.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"skp.created", "skp.submitted", "skp.returned", "skp.approved"} <= actions
    assert Notification.objects.filter(
        user=cast.supervisor.user, message__contains="disetujui"
    ).exists()


def test_an_approved_skp_cannot_be_edited_outside_a_revision(cast, plans):
    rhk = full_siti(plans, cast)
    services.skp_submit(skp=plans["siti"], actor=cast.supervisor.user)
    services.skp_approve(skp=plans["siti"], actor=cast.head.user)
    rhk.text = "changed"
    with pytest.raises(ValidationError, match="revisi"):
        services.rhk_save(rhk=rhk, actor=cast.supervisor.user)
    with pytest.raises(ValidationError):
        services.indicator_save(indicator=ind(rhk), actor=cast.supervisor.user)
    with pytest.raises(ValidationError):
        services.skp_submit(skp=plans["siti"], actor=cast.supervisor.user)


def test_a_submitted_skp_is_frozen_for_the_employee(cast, plans):
    full_siti(plans, cast)
    services.skp_submit(skp=plans["siti"], actor=cast.supervisor.user)
    with pytest.raises(ValidationError):
        services.rhk_save(
            rhk=Rhk(skp=plans["siti"], text="late", parent=plans["top"]), actor=cast.supervisor.user
        )


def test_a_revision_keeps_the_approved_version_and_replaces_it_on_approval(cast, plans):
    siti = plans["siti"]
    rhk = full_siti(plans, cast)
    services.skp_submit(skp=siti, actor=cast.supervisor.user)
    services.skp_approve(skp=siti, actor=cast.head.user)
    services.rhk_hand_down(rhks=[rhk], subordinates=[cast.employee], actor=cast.supervisor.user)
    child = Rhk.objects.get(parent=rhk)
    rev = services.skp_revise(skp=siti, actor=cast.supervisor.user)
    assert rev.version == 2 and rev.status == "draft" and rev.revision_of == siti
    new_rhk = rev.rhks.get()
    assert (
        new_rhk.text == rhk.text
        and new_rhk.parent == plans["top"]
        and new_rhk.indicators.count() == 1
    )
    with pytest.raises(ValidationError, match="sudah dibuka"):
        services.skp_revise(skp=siti, actor=cast.supervisor.user)
    new_rhk.text = "Terbinanya SD dan SMP"
    services.rhk_save(rhk=new_rhk, actor=cast.supervisor.user)
    siti.refresh_from_db()
    assert (
        siti.status == "approved" and siti.rhks.get().text == "Terbinanya SD"
    )  # old version readable
    services.skp_submit(skp=rev, actor=cast.supervisor.user)
    services.skp_approve(skp=rev, actor=cast.head.user)
    siti.refresh_from_db()
    assert siti.status == "superseded"
    child.refresh_from_db()
    assert child.parent == new_rhk  # the cascade follows the revision


def test_expectations_are_written_by_the_rater(cast, plans):
    from kinerja.planning.models import BehaviourValue

    v = BehaviourValue.objects.get(code="berorientasi_pelayanan")
    with pytest.raises(PermissionDenied):
        services.skp_set_expectations(
            skp=plans["siti"], expectations={v.pk: "x"}, actor=cast.supervisor.user
        )
    services.skp_set_expectations(
        skp=plans["siti"],
        expectations={v.pk: "Tanggapi sekolah dalam 1 hari"},
        actor=cast.head.user,
    )
    assert plans["siti"].behaviours.get(value=v).expectation == "Tanggapi sekolah dalam 1 hari"


def test_berakhlak_seed_has_seven_values_and_twenty_one_guides():
    from kinerja.planning.models import BehaviourGuide, BehaviourValue

    assert list(BehaviourValue.objects.values_list("name", flat=True)) == [
        "Berorientasi Pelayanan",
        "Akuntabel",
        "Kompeten",
        "Harmonis",
        "Loyal",
        "Adaptif",
        "Kolaboratif",
    ]
    assert BehaviourGuide.objects.count() == 21
    assert all(v.guides.count() == 3 for v in BehaviourValue.objects.all())


def test_action_plans_must_fall_in_the_skp(cast, year, plans):
    from kinerja.planning.models import ActionPlan

    skp = services.skp_create(
        pegawai=cast.employee,
        year=year,
        actor=cast.employee.user,
        start_date=datetime.date(2026, 7, 1),
    )
    rhk = services.rhk_save(rhk=Rhk(skp=skp, text="r"), actor=cast.employee.user)
    march = year.periods.get(number=3)
    with pytest.raises(ValidationError, match="luar masa berlaku"):
        services.action_plan_save(
            plan=ActionPlan(rhk=rhk, period=march, text="Rekap"), actor=cast.employee.user
        )
    august = year.periods.get(number=8)
    p = services.action_plan_save(
        plan=ActionPlan(
            rhk=rhk,
            period=august,
            text="Rekap data",
            target_value=Decimal(4),
            target_unit="laporan",
        ),
        actor=cast.employee.user,
    )
    assert p.pk


# ---------------------------------------------------------------- less typing


def test_copy_last_years_skp(cast, plans):
    rhk = full_siti(plans, cast)
    services.skp_submit(skp=plans["siti"], actor=cast.supervisor.user)
    services.skp_approve(skp=plans["siti"], actor=cast.head.user)
    y27 = services.year_create(instansi=cast.pendidikan, year=2027, actor=cast.agency_admin)
    new = services.skp_copy_from(source=plans["siti"], year=y27, actor=cast.supervisor.user)
    r = new.rhks.get()
    assert r.text == rhk.text and r.parent is None and r.is_provisional  # links are re-made in 2027
    assert r.indicators.count() == 1 and new.status == "draft" and new.behaviours.count() == 7


TEMPLATE = [
    {"kind": "utama", "text": "Tersedianya data pokok pendidikan", "indicators": [
        {"aspek": "kuantitas", "text": "Jumlah sekolah yang datanya mutakhir", "target_value": 40, "target_unit": "sekolah"},
        {"aspek": "waktu", "text": "Ketepatan waktu rekap", "target_value": 5, "target_unit": "hari", "direction": "lower"},
    ]},
    {"kind": "tambahan", "text": "Dukungan kepanitiaan", "indicators": [
        {"aspek": "kuantitas", "text": "Kegiatan didukung", "target_value": 2, "target_unit": "kegiatan"}]},
]  # fmt: skip


def test_a_template_creates_every_holders_skp_in_one_action(cast, year):
    from kinerja.organisation.tests.factories import PegawaiFactory, make_nip

    staf = Jabatan.objects.get(code="J-STAF")
    for i in range(5):
        PegawaiFactory(
            instansi=cast.pendidikan,
            unit=cast.bidang,
            jabatan=staf,
            atasan=cast.supervisor,
            nip=make_nip(300 + i),
        )
    services.skp_create(
        pegawai=cast.employee, year=year, actor=cast.employee.user
    )  # Budi already has one
    tpl = services.template_save(
        template=SkpTemplate(jabatan=staf, name="Pengelola data", content=TEMPLATE),
        actor=cast.agency_admin,
    )
    result = services.skp_create_from_template(template=tpl, year=year, actor=cast.agency_admin)
    assert (result.created, result.skipped) == (6, 1)  # Dewi + 5 new; Budi skipped
    dewi = Skp.objects.get(pegawai=cast.peer, year=year)
    assert dewi.rater == cast.supervisor and dewi.rhks.count() == 2
    assert sorted(Indicator.objects.filter(rhk__skp=dewi).values_list("text", flat=True)) == [
        "Jumlah sekolah yang datanya mutakhir",
        "Kegiatan didukung",
        "Ketepatan waktu rekap",
    ]
    assert dewi.behaviours.count() == 7 and dewi.transitions.count() == 1
    assert AuditLog.objects.filter(action="skp.created_from_template").count() == 6
    again = services.skp_create_from_template(template=tpl, year=year, actor=cast.agency_admin)
    assert again.created == 0


@pytest.mark.parametrize(
    "content",
    [
        [],
        [{"text": ""}],
        [{"text": "x", "indicators": []}],
        [{"text": "x", "indicators": [{"text": "i", "target_value": 0, "target_unit": "u"}]}],
    ],
)
def test_a_bad_template_is_refused(cast, content):
    staf = Jabatan.objects.get(code="J-STAF")
    with pytest.raises(ValidationError):
        services.template_save(
            template=SkpTemplate(jabatan=staf, name="x", content=content), actor=cast.agency_admin
        )
    assert not SkpTemplate.objects.exists()


def test_changing_dates_cannot_make_two_skps_overlap(cast, year):
    first = services.skp_create(
        pegawai=cast.employee,
        year=year,
        actor=cast.employee.user,
        end_date=datetime.date(2026, 6, 30),
    )
    services.skp_create(
        pegawai=cast.employee,
        year=year,
        actor=cast.employee.user,
        start_date=datetime.date(2026, 7, 1),
    )
    with pytest.raises(ValidationError, match="beririsan"):
        services.skp_update_header(
            skp=first, actor=cast.employee.user, end_date=datetime.date(2026, 8, 31)
        )
    first.refresh_from_db()
    assert first.end_date == datetime.date(2026, 6, 30)


def test_the_approach_cannot_change_under_indicators_that_do_not_fit(cast, plans):
    rhk = full_siti(plans, cast)
    with pytest.raises(ValidationError) as exc:
        services.skp_update_header(
            skp=plans["siti"], actor=cast.supervisor.user, approach="kualitatif"
        )
    assert "approach" in exc.value.message_dict
    assert rhk.indicators.count() == 1


def test_a_stranger_is_refused_before_anything_else(cast, year, plans):
    services.year_close(year=year, actor=cast.agency_admin)
    with pytest.raises(PermissionDenied):
        services.rhk_save(rhk=Rhk(skp=plans["siti"], text="x"), actor=cast.employee.user)


def test_a_target_in_use_cannot_be_deleted_and_an_unused_one_is_audited(cast, year, plans):
    used = services.org_target_save(
        target=OrgTarget(year=year, code="IKU-1", goal="g", indicator="i", target_text="x"),
        actor=cast.agency_admin,
    )
    services.rhk_save(rhk=Rhk(skp=plans["hendra"], text="r", org_target=used), actor=cast.head.user)
    with pytest.raises(ValidationError, match="acuan"):
        services.org_target_delete(target=used, actor=cast.agency_admin)
    spare = services.org_target_save(
        target=OrgTarget(year=year, code="IKU-2", goal="g", indicator="i", target_text="x"),
        actor=cast.agency_admin,
    )
    with pytest.raises(PermissionDenied):
        services.org_target_delete(target=spare, actor=cast.employee.user)
    pk = spare.pk
    services.org_target_delete(target=spare, actor=cast.agency_admin)
    assert AuditLog.objects.filter(action="org_target.deleted", object_id=str(pk)).exists()


def test_the_year_schedule_moves_but_not_when_closed(cast, year):
    services.year_update(
        year=year,
        actor=cast.agency_admin,
        planning_start=datetime.date(2026, 1, 5),
        planning_end=datetime.date(2026, 2, 15),
        closing_date=datetime.date(2027, 2, 28),
    )
    year.refresh_from_db()
    assert year.planning_end == datetime.date(2026, 2, 15)
    with pytest.raises(ValidationError):
        services.year_update(
            year=year,
            actor=cast.agency_admin,
            planning_start=datetime.date(2026, 3, 1),
            planning_end=datetime.date(2026, 2, 1),
            closing_date=datetime.date(2027, 2, 28),
        )
    services.year_close(year=year, actor=cast.agency_admin)
    with pytest.raises(ValidationError, match="ditutup"):
        services.year_update(
            year=year,
            actor=cast.agency_admin,
            planning_start=datetime.date(2026, 1, 5),
            planning_end=datetime.date(2026, 2, 15),
            closing_date=datetime.date(2027, 3, 31),
        )


def test_templates_can_be_deleted_by_their_agency_admin(cast):
    staf = Jabatan.objects.get(code="J-STAF")
    tpl = services.template_save(
        template=SkpTemplate(jabatan=staf, name="x", content=TEMPLATE), actor=cast.agency_admin
    )
    with pytest.raises(PermissionDenied):
        services.template_delete(template=tpl, actor=cast.employee.user)
    services.template_delete(template=tpl, actor=cast.agency_admin)
    assert not SkpTemplate.objects.exists()


def test_the_top_leaders_skp_is_decided_by_bkpsdm_on_the_kepala_daerahs_behalf(cast, plans):
    hendra = plans["hendra"]  # Kepala Dinas, JPT, no superior in the system
    services.skp_submit(skp=hendra, actor=cast.head.user)
    with pytest.raises(PermissionDenied):
        services.skp_approve(skp=hendra, actor=cast.agency_admin)
    services.skp_approve(skp=hendra, actor=cast.bkpsdm_admin)
    hendra.refresh_from_db()
    assert hendra.status == "approved"


def test_a_non_jpt_without_a_rater_cannot_submit(cast, year):
    from kinerja.planning.models import Indicator

    cast.peer.atasan = None
    cast.peer.save()
    skp = services.skp_create(pegawai=cast.peer, year=year, actor=cast.peer.user)
    rhk = services.rhk_save(rhk=Rhk(skp=skp, text="r"), actor=cast.peer.user)
    services.indicator_save(
        indicator=Indicator(rhk=rhk, text="i", target_value=1, target_unit="u"),
        actor=cast.peer.user,
    )
    with pytest.raises(ValidationError, match="pejabat penilai"):
        services.skp_submit(skp=skp, actor=cast.peer.user)


def test_an_unused_action_plan_can_be_deleted(cast, year, plans):
    from kinerja.planning.models import ActionPlan

    rhk = full_siti(plans, cast)
    plan = services.action_plan_save(
        plan=ActionPlan(rhk=rhk, period=year.periods.get(number=3), text="Rekap"),
        actor=cast.supervisor.user,
    )
    services.action_plan_delete(plan=plan, actor=cast.supervisor.user)
    assert not ActionPlan.objects.exists()
