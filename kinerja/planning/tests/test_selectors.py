"""Planning reads (selectors.py): the cascade map with its gap counters, the SKP status board, and
who sees what of them. A small hand-built cascade in Dinas Pendidikan:

    IKU-1 ← Hendra "Partisipasi SD"        ← Siti "Terbinanya SD"  ← Budi "Data SD mutakhir"
    IKU-1 ← Hendra "Mutu guru"             (nobody supports it)
            Hendra "Rapat koordinasi"      (no link at all: an orphan, and unsupported)
                                             Siti "Survei sekolah"  (provisional: orphan, unsupported)
                                                                     Budi "Bantu panitia" (assignment from Dewi)
Dewi and Ani have no SKP."""

import datetime
from decimal import Decimal

import pytest

from kinerja.planning import selectors, services
from kinerja.planning.models import Indicator, OrgTarget, Rhk, Skp

pytestmark = pytest.mark.django_db


def rhk(skp, actor, text, **kw):
    r = services.rhk_save(rhk=Rhk(skp=skp, text=text, **kw), actor=actor)
    services.indicator_save(
        indicator=Indicator(
            rhk=r, text=f"Jumlah {text}", target_value=Decimal(4), target_unit="dok"
        ),
        actor=actor,
    )
    return r


@pytest.fixture
def cascade(cast, year):
    iku = services.org_target_save(
        target=OrgTarget(year=year, code="IKU-1", goal="Akses pendidikan", indicator="APM SD",
                         target_value=Decimal("98.5"), target_unit="persen"),
        actor=cast.agency_admin,
    )  # fmt: skip
    h, s, b = cast.head.user, cast.supervisor.user, cast.employee.user
    hendra = services.skp_create(pegawai=cast.head, year=year, actor=h)
    siti = services.skp_create(pegawai=cast.supervisor, year=year, actor=s)
    budi = services.skp_create(pegawai=cast.employee, year=year, actor=b)
    c = {"iku": iku, "hendra": hendra, "siti": siti, "budi": budi}
    c["top"] = rhk(hendra, h, "Partisipasi SD", org_target=iku)
    c["top2"] = rhk(hendra, h, "Mutu guru", org_target=iku)
    c["h3"] = rhk(hendra, h, "Rapat koordinasi")
    c["s1"] = rhk(siti, s, "Terbinanya SD", parent=c["top"])
    c["s2"] = rhk(siti, s, "Survei sekolah")
    c["b1"] = rhk(budi, b, "Data SD mutakhir", parent=c["s1"])
    c["b2"] = rhk(budi, b, "Bantu panitia", assigned_by=cast.peer)
    return c


def texts(rows):
    return sorted(r.text for r in rows)


# ---------------------------------------------------------------- the cascade


def test_gap_detection_on_a_small_cascade(cast, year, cascade):
    assert cascade["s2"].is_provisional and not cascade["h3"].is_provisional
    view = selectors.cascade_for(cast.agency_admin, cast.pendidikan, year)
    assert view.agency_wide
    assert (view.orphan_count, texts(view.orphans)) == (2, ["Rapat koordinasi", "Survei sekolah"])
    assert (view.unsupported_count, texts(view.unsupported)) == (
        3,
        ["Mutu guru", "Rapat koordinasi", "Survei sekolah"],
    )
    assert view.no_skp_count == 2  # Dewi and Ani
    assert sorted(p.name for p in selectors.gap_list(cast.agency_admin, year, "no_skp")) == [
        "Ani Kusuma",
        "Dewi Lestari",
    ]


def test_the_tree_shows_targets_and_two_levels_with_supporting_counts(cast, year, cascade):
    view = selectors.cascade_for(cast.bkpsdm_admin, cast.pendidikan, year)
    (target,) = view.targets
    assert target.target == cascade["iku"]
    assert [n.rhk.text for n in target.nodes] == ["Partisipasi SD", "Mutu guru"]
    top, top2 = target.nodes
    assert (top.child_count, top2.child_count) == (1, 0)
    (s1,) = top.children
    assert s1.rhk == cascade["s1"] and s1.child_count == 1 and not s1.children  # level 3 on demand
    assert [i.text for i in s1.indicators] == ["Jumlah Terbinanya SD"]


def test_children_of_one_rhk_come_with_indicators_and_counts(cast, year, cascade):
    (child,) = selectors.rhk_children(cast.auditor, cascade["s1"])
    assert child.rhk == cascade["b1"] and child.child_count == 0
    assert [i.target_display for i in child.indicators] == ["4 dok"]


def test_a_superior_sees_their_own_rhk_as_roots_and_only_their_subtrees_gaps(cast, year, cascade):
    view = selectors.cascade_for(cast.supervisor.user, cast.pendidikan, year)
    assert not view.agency_wide and view.targets == []
    assert [n.rhk.text for n in view.own] == ["Terbinanya SD", "Survei sekolah"]
    assert [c.rhk for c in view.own[0].children] == [cascade["b1"]]
    assert texts(view.orphans) == ["Survei sekolah"]  # Hendra's orphan is not hers to see
    assert texts(view.unsupported) == ["Survei sekolah"]
    assert view.no_skp_count == 1  # Dewi
    with pytest.raises(Rhk.DoesNotExist):
        selectors.rhk_for_user(cast.supervisor.user, cascade["top"].pk)
    assert selectors.rhk_children(cast.employee.user, cascade["top"]) == []


def test_only_skp_in_force_count(cast, year, cascade):
    siti = cascade["siti"]
    services.skp_submit(skp=siti, actor=cast.supervisor.user)
    services.skp_approve(skp=siti, actor=cast.head.user)
    rev = services.skp_revise(skp=Skp.objects.get(pk=siti.pk), actor=cast.supervisor.user)
    view = selectors.cascade_for(cast.agency_admin, cast.pendidikan, year)
    # The draft revision's copies are not counted twice while the approved version is in force.
    assert (view.orphan_count, view.unsupported_count) == (2, 3)
    assert [n.rhk.text for n in view.targets[0].nodes[0].children] == ["Terbinanya SD"]
    services.skp_submit(skp=rev, actor=cast.supervisor.user)
    services.skp_approve(skp=rev, actor=cast.head.user)
    view = selectors.cascade_for(cast.agency_admin, cast.pendidikan, year)
    assert (view.orphan_count, view.unsupported_count) == (2, 3)
    (s1,) = view.targets[0].nodes[0].children
    assert s1.rhk.skp_id == rev.pk and s1.child_count == 1  # Budi now supports the new version


# ---------------------------------------------------------------- the status board


def set_status(skp, status):
    Skp.objects.filter(pk=skp.pk).update(status=status)


@pytest.fixture
def board_data(cast, year):
    skps = {
        who: services.skp_create(pegawai=getattr(cast, who), year=year, actor=cast.agency_admin)
        for who in ("head", "supervisor", "employee")
    }
    set_status(skps["head"], "approved")
    set_status(skps["supervisor"], "submitted")
    set_status(skps["employee"], "returned")
    # Dewi: a superseded SKP and nothing else counts as "no SKP"; Ani: none at all.
    old = services.skp_create(pegawai=cast.peer, year=year, actor=cast.agency_admin)
    set_status(old, "superseded")
    return skps


def board_counts(board):
    return {(r.name, s): n for r in board.rows for s, _label, n, _pct in r.cells if n}


def test_board_counts_each_employee_once_by_their_most_advanced_skp(cast, year, board_data):
    # Budi also holds a draft for the second half of the year: "returned" is still his place.
    Skp.objects.filter(pk=board_data["employee"].pk).update(end_date=datetime.date(2026, 6, 30))
    services.skp_create(pegawai=cast.employee, year=year, actor=cast.agency_admin,
                        start_date=datetime.date(2026, 7, 1))  # fmt: skip
    board = selectors.status_board(cast.agency_admin, cast.pendidikan, year,
                                   today=datetime.date(2026, 1, 15))  # fmt: skip
    assert [r.name for r in board.rows] == ["Dinas Pendidikan", "Bidang Pembinaan SD"]
    assert [r.depth for r in board.rows] == [0, 1]
    assert board_counts(board) == {
        ("Dinas Pendidikan", "approved"): 1,  # Hendra
        ("Dinas Pendidikan", "none"): 1,  # Ani
        ("Bidang Pembinaan SD", "submitted"): 1,  # Siti
        ("Bidang Pembinaan SD", "returned"): 1,  # Budi
        ("Bidang Pembinaan SD", "none"): 1,  # Dewi (superseded only)
    }
    assert board.totals.total == 5
    assert not board.window_over and board.late == []


def test_late_means_planning_window_over_and_not_approved(cast, year, board_data):
    board = selectors.status_board(cast.agency_admin, cast.pendidikan, year,
                                   today=datetime.date(2026, 2, 1))  # fmt: skip
    assert board.window_over and board.late_count == 4
    assert sorted(p.name for p in board.late) == [
        "Ani Kusuma", "Budi Santoso", "Dewi Lestari", "Siti Rahmawati",
    ]  # fmt: skip
    assert {p.name: p.skp_status for p in board.late}["Budi Santoso"] == "returned"
    short = selectors.status_board(cast.agency_admin, cast.pendidikan, year, late_limit=2,
                                   today=datetime.date(2026, 2, 1))  # fmt: skip
    assert len(short.late) == 2 and short.late_count == 4


def test_a_superior_sees_the_board_of_their_subtree_only(cast, year, board_data):
    board = selectors.status_board(cast.supervisor.user, cast.pendidikan, year)
    assert [r.name for r in board.rows] == ["Bidang Pembinaan SD"]
    assert board.totals.total == 3  # Siti, Budi, Dewi
    people = selectors.board_people(cast.supervisor.user, cast.pendidikan, year, "late")
    assert sorted(p.name for p in people) == ["Budi Santoso", "Dewi Lestari", "Siti Rahmawati"]


def test_board_filters_by_unit_subtree(cast, year, board_data):
    board = selectors.status_board(cast.bkpsdm_admin, cast.pendidikan, year, cast.bidang)
    assert board.totals.total == 3
    approved = selectors.board_people(cast.bkpsdm_admin, cast.pendidikan, year, "approved")
    assert [p.name for p in approved] == ["Hendra Wijaya"]


def test_planning_scope_defaults_and_choices(cast, year):
    kes = services.year_create(instansi=cast.kesehatan, year=2026, actor=cast.bkpsdm_admin)
    scope = selectors.planning_scope_for(cast.bkpsdm_admin)
    assert [i.name for i in scope.instansi_options] == ["Dinas Kesehatan", "Dinas Pendidikan"]
    assert scope.instansi == cast.kesehatan and scope.year == kes
    scope = selectors.planning_scope_for(cast.bkpsdm_admin, cast.pendidikan.pk, "junk")
    assert scope.year == year
    # A superior is offered their own agency only, whatever they ask for.
    scope = selectors.planning_scope_for(cast.supervisor.user, cast.kesehatan.pk, kes.pk)
    assert scope.instansi_options == [cast.pendidikan] and scope.year == year
