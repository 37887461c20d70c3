"""The demo regency's evaluations in 2026 (`manage.py seed_demo_evaluation`, after
`seed_demo_cycle`): the periodic evaluations of every period that has started (and the annual
one where the year's last period has started) opened as the daily job would have, their
suggestions computed, and the last period that has ended rated by the raters — self-assessments,
360° input, organisation predikat, ratings with BerAKHLAK feedback, departures with reasons,
curve warnings seen, acknowledgements and two objections, one decided.

The named Kepala Bidang's team has been rated every month so far, two of its evaluations of the
last period are still waiting for her; the named pegawai has a year of final results, the last
one not yet acknowledged, and the running period open.

Everything goes through the evaluation services, each under a simulated clock (`clock_at`), so
transitions, audit rows and notifications carry the dates the story happened on. Deterministic:
one `random.Random` decides everything. Runs in the caller's transaction."""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Q

from kinerja.core.models import AuditLog, Notification
from kinerja.organisation.models import Pegawai, UnitKerja
from kinerja.planning.demo import (
    YEAR,
    add_workdays,
    agency_codes,
    at,
    clock_at,
    demo_users,
    last_workday,
    named_people,
    wipe_audit_and_notifications,
)
from kinerja.planning.models import BehaviourValue, PerformanceYear, Period

from . import services
from .choices import ObjectionDecision, OrgPredikat, Rating, Relation, Status
from .models import (
    BehaviourFeedback,
    Evaluation,
    EvaluationTransition,
    Objection,
    PeerRequest,
    SelfAssessment,
    UnitPredikat,
)
from .recompute import recompute

ATAS, SESUAI, BAWAH = Rating.DI_ATAS.value, Rating.SESUAI.value, Rating.DI_BAWAH.value

# ---------------------------------------------------------------- words

SELF_COMMENTS = (
    "Target bulan ini sebagian besar tercapai. Beberapa pekerjaan sempat tertunda karena data "
    "dari sekolah baru masuk di akhir bulan, tetapi sudah saya selesaikan.",
    "Saya berusaha menyelesaikan semua pekerjaan tepat waktu. Kendala utama adalah jaringan "
    "internet di kantor yang sering terputus saat mengunggah laporan.",
    "Bulan ini cukup padat karena ada kegiatan tambahan dari pimpinan. Pekerjaan rutin tetap "
    "berjalan, laporan harian saya isi lengkap dengan bukti dukung.",
    "Menurut saya hasil kerja bulan ini sudah sesuai rencana aksi. Saya ingin mengikuti "
    "pelatihan agar bisa bekerja lebih cepat dengan aplikasi yang baru.",
    "Ada satu indikator yang belum mencapai target karena kegiatan mundur ke bulan berikutnya. "
    "Sisanya tercapai dan sudah diverifikasi atasan.",
    "Saya banyak membantu rekan di bidang lain menyiapkan bahan rapat, sehingga waktu untuk "
    "target sendiri berkurang. Bulan depan akan saya kejar.",
)
SELF_INDICATOR = {
    ATAS: ("Melebihi target karena saya menambah jadwal kunjungan.",
           "Tercapai lebih cepat dari rencana aksi."),
    SESUAI: ("Sesuai target, bukti dukung lengkap.", "Tercapai sesuai rencana aksi.",
             "Tercapai, meski sempat menunggu data dari unit lain."),
    BAWAH: ("Belum tercapai karena kegiatan diundur ke bulan depan.",
            "Kurang sedikit; data dari lapangan terlambat masuk."),
}  # fmt: skip
SELF_VALUE = (
    "Saya selalu menanggapi permintaan layanan pada hari yang sama.",
    "Laporan harian saya isi setiap hari dengan bukti.",
    "Saya ikut pelatihan daring dan menerapkan hasilnya.",
    "Hubungan dengan rekan kerja baik, saling membantu.",
    "Saya menjaga kerahasiaan data pegawai dan sekolah.",
    "Saya cepat belajar aplikasi baru yang dipakai dinas.",
    "Saya sering bekerja sama dengan bidang lain.",
)

# The rater's feedback per BerAKHLAK value, by how the person did on it.
VALUE_FEEDBACK: dict[str, dict[str, tuple[str, ...]]] = {
    "berorientasi_pelayanan": {
        ATAS: ("Sangat responsif; sekolah dan warga yang datang selalu dilayani dengan ramah dan cepat.",
               "Menjadi rujukan rekan-rekan dalam melayani pertanyaan masyarakat."),
        SESUAI: ("Melayani dengan baik dan sopan; permintaan data ditindaklanjuti tepat waktu.",
                 "Pelayanan kepada sekolah berjalan baik, keluhan ditanggapi dengan cepat."),
        BAWAH: ("Beberapa permintaan layanan terlambat ditanggapi; mohon dipantau lebih rutin.",),
    },
    "akuntabel": {
        ATAS: ("Laporan harian selalu lengkap dengan bukti dan dapat dipertanggungjawabkan.",),
        SESUAI: ("Laporan kerja rapi dan disertai bukti dukung yang cukup.",
                 "Menggunakan waktu dan fasilitas kantor secara bertanggung jawab."),
        BAWAH: ("Beberapa laporan harian diisi terlambat dan buktinya belum lengkap.",),
    },
    "kompeten": {
        ATAS: ("Menguasai pekerjaan dengan sangat baik dan aktif berbagi ilmu kepada rekan.",),
        SESUAI: ("Menguasai tugas pokoknya; perlu terus mengembangkan kemampuan analisis data.",
                 "Kompeten di bidangnya, hasil kerja jarang perlu diperbaiki."),
        BAWAH: ("Masih perlu pendampingan dalam mengolah data; disarankan ikut pelatihan.",),
    },
    "harmonis": {
        ATAS: ("Menjaga suasana kerja yang hangat dan menjadi penengah saat ada perbedaan pendapat.",),
        SESUAI: ("Menghargai rekan kerja dan suka menolong.", "Hubungan kerja dengan rekan terjalin baik."),
        BAWAH: ("Perlu lebih terbuka menerima masukan dari rekan kerja.",),
    },
    "loyal": {
        ATAS: ("Menjaga nama baik instansi dan menjalankan arahan pimpinan dengan sepenuh hati.",),
        SESUAI: ("Menjalankan arahan pimpinan dan menjaga kerahasiaan data dengan baik.",
                 "Taat aturan dan menjaga rahasia jabatan."),
        BAWAH: ("Beberapa kali tidak mengikuti apel tanpa keterangan.",),
    },
    "adaptif": {
        ATAS: ("Cepat menyesuaikan diri dengan aplikasi baru dan membantu rekan yang kesulitan.",),
        SESUAI: ("Mampu menyesuaikan diri dengan perubahan aturan dan aplikasi.",
                 "Terbuka terhadap cara kerja baru."),
        BAWAH: ("Masih kesulitan mengikuti perubahan aplikasi; perlu lebih proaktif belajar.",),
    },
    "kolaboratif": {
        ATAS: ("Aktif membangun kerja sama lintas bidang; koordinasi dengan sekolah berjalan sangat baik.",),
        SESUAI: ("Bekerja sama dengan baik dalam tim dan mau berbagi data.",
                 "Terbuka bekerja sama dengan bidang lain."),
        BAWAH: ("Perlu lebih aktif berkoordinasi dengan tim agar pekerjaan tidak tumpang tindih.",),
    },
}  # fmt: skip
PEER_COMMENTS = (
    "Selalu siap membantu kalau ada pekerjaan mendesak.",
    "Komunikasinya baik dan mudah diajak berdiskusi.",
    "Kadang terlambat membalas pesan di grup kerja.",
    "Rapi dalam mengarsipkan dokumen.",
    "Sabar melayani tamu dan operator sekolah.",
    "Bisa lebih sering berbagi informasi kepada tim.",
    "Disiplin waktu dan menepati janji.",
)
FEEDBACK = {
    "sangat_baik": ("Kinerja sangat baik bulan ini. Pertahankan, dan bagikan cara kerja Anda kepada tim.",
                    "Hasil kerja melampaui target dengan kualitas yang baik. Terima kasih atas kerja kerasnya."),
    "baik": ("Kinerja baik dan sesuai target. Tingkatkan kelengkapan bukti dukung pada laporan harian.",
             "Pekerjaan berjalan sesuai rencana. Bulan depan mohon perhatikan ketepatan waktu laporan.",
             "Hasil kerja baik. Terus jaga koordinasi dengan sekolah dan rekan di bidang lain."),
    "butuh_perbaikan": ("Beberapa target belum tercapai. Mari kita susun rencana perbaikan bersama "
                        "dan pantau setiap minggu.",
                        "Capaian masih di bawah target; mohon laporkan kendala lebih awal agar bisa "
                        "dibantu."),
}  # fmt: skip
CAUSES = (
    "data dari sekolah terlambat masuk",
    "jadwal kegiatan mundur karena libur nasional dan cuti bersama",
    "aplikasi dari pusat sempat tidak dapat diakses beberapa hari",
    "sebagian pekerjaan baru diverifikasi awal bulan berikutnya",
    "anggaran kegiatan baru cair pada pertengahan bulan",
)
REASON_UP = (
    "Capaian {ind} ({cap}%) sedikit di bawah target karena {cause}; hal itu di luar kendali "
    "yang bersangkutan dan pekerjaan lainnya tuntas dengan baik. Hasil kerja saya nilai sesuai "
    "ekspektasi.",
    "Kekurangan pada {ind} ({cap}%) disebabkan {cause}. Kualitas dan ketepatan waktu pekerjaan "
    "lainnya baik, sehingga saya nilai sesuai ekspektasi.",
)
REASON_DOWN = (
    "Capaian angka memang melampaui target, tetapi target bulanannya disusun terlalu rendah dan "
    "beberapa keluaran masih perlu diperbaiki. Saya nilai sesuai ekspektasi.",
)
REASON_DOWN_BAWAH = (
    "Walau angka capaian memenuhi target, laporan pada {ind} banyak yang harus dikembalikan untuk "
    "diperbaiki dan beberapa tenggat terlewat. Saya nilai di bawah ekspektasi.",
)
REASON_INNOVATION = (
    "Target tercapai, dan di luar target yang bersangkutan memprakarsai {inovasi} yang kini "
    "dipakai seluruh bidang. Hasil kerja saya nilai di atas ekspektasi.",
    "Selain seluruh target tercapai tepat waktu, yang bersangkutan menyusun {inovasi} atas "
    "inisiatif sendiri. Hasil kerja saya nilai di atas ekspektasi.",
)
INNOVATIONS = (
    "format rekap verifikasi Dapodik yang lebih ringkas",
    "jadwal kunjungan bersama agar sekolah tidak didatangi berulang kali",
    "daftar periksa laporan harian untuk rekan satu bidang",
    "grup layanan daring bagi operator sekolah",
)
REASON_EMPTY = "Capaian belum dapat dihitung dari sistem; penilaian berdasarkan laporan dan pengamatan langsung."
OBJECTION_REASONS = (
    "Saya keberatan dengan rating hasil kerja Di Bawah Ekspektasi. Kekurangan capaian terjadi "
    "karena {cause}, dan sudah saya laporkan kepada atasan sejak awal bulan. Seluruh laporan "
    "harian saya lengkap dengan bukti."
)
DECISION_CHANGED = (
    "Setelah memeriksa laporan harian, bukti dukung dan penjelasan pejabat penilai, kekurangan "
    "capaian memang disebabkan {cause}. Rating hasil kerja diubah menjadi Sesuai Ekspektasi."
)


# ---------------------------------------------------------------- what was done


@dataclass
class EvaluationDemo:
    today: datetime.date
    counts: Counter[str] = field(default_factory=Counter)


def _utama_caps(ev: Evaluation) -> list[tuple[str, Decimal]]:
    return [
        (str(r.get("indicator") or ""), Decimal(r["capaian"]))
        for r in ev.indicator_snapshot or []
        if r.get("utama") and r.get("capaian") is not None
    ]


def _short(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


class _Seeder:
    def __init__(self, rng: random.Random, today: datetime.date) -> None:
        self.rng, self.today = rng, today
        self.out = EvaluationDemo(today)
        self.values = list(BehaviourValue.objects.order_by("order", "id"))
        users = demo_users()
        self.bkpsdm = users["admin.bkpsdm"]
        # One object per person and login throughout, so each user's resolved access is cached.
        self.people = {
            p.pk: p
            for p in Pegawai.objects.filter(instansi__code__in=agency_codes())
            .select_related("user", "jabatan", "unit")
            .order_by("pk")
        }
        self.named = {k: self.people[p.pk] for k, p in named_people().items()}
        self.subs: dict[int, list[Pegawai]] = defaultdict(list)
        for p in self.people.values():
            if p.atasan_id and p.is_active:
                self.subs[p.atasan_id].append(p)

    def user(self, pegawai_id: int | None) -> Any:
        p = self.people.get(pegawai_id or 0)
        return p.user if p is not None else None

    # ------------------------------------------------------------ opening and suggestions

    def open_all(self, years: list[PerformanceYear]) -> None:
        """What the daily job would have opened: each period on its first working day, the
        annual evaluation when the year's last period started."""
        for year in years:
            periods = list(year.periods.order_by("number"))
            for period in periods:
                if period.start_date > self.today or period.is_closed:
                    continue
                with clock_at(at(add_workdays(period.start_date, 0), 6)):
                    self.out.counts["opened"] += services.evaluations_open(
                        year=year, actor=self.bkpsdm, period=period
                    )
            if periods and periods[-1].start_date <= self.today:
                with clock_at(at(add_workdays(periods[-1].start_date, 0), 6)):
                    self.out.counts["opened"] += services.evaluations_open(
                        year=year, actor=self.bkpsdm, period=None
                    )

    # ------------------------------------------------------------ the employee's and peers' input

    def self_assess(self, ev: Evaluation, moment: datetime.datetime) -> None:
        me = self.user(ev.pegawai_id)
        if me is None:
            return
        rng = self.rng
        indicators = {}
        for row in ev.indicator_snapshot or []:
            cap = row.get("capaian")
            level = SESUAI
            if cap is not None:
                c = Decimal(cap)
                level = ATAS if c >= 110 else SESUAI if c >= 95 else BAWAH
            if row.get("indicator_id"):
                indicators[int(row["indicator_id"])] = {
                    "rating": level,
                    "comment": rng.choice(SELF_INDICATOR[level]) if rng.random() < 0.7 else "",
                }
        values = {
            v.pk: {
                "rating": ATAS if rng.random() < 0.3 else SESUAI,
                "comment": SELF_VALUE[n] if rng.random() < 0.4 else "",
            }
            for n, v in enumerate(self.values)
        }
        with clock_at(moment):
            services.self_assessment_save(evaluation=ev, actor=me, comment=rng.choice(SELF_COMMENTS),
                                          indicators=indicators, values=values)  # fmt: skip
        self.out.counts["self"] += 1

    def respondents(self, ev: Evaluation, n: int) -> list[tuple[Pegawai, str]]:
        """Colleagues who can answer: the evaluatee's own staff first (bawahan), then people
        rated by the same rater (rekan kerja)."""
        subs = [p for p in self.subs.get(ev.pegawai_id, []) if p.user_id]
        peers = [p for p in self.subs.get(ev.rater_id or 0, [])
                 if p.user_id and p.pk != ev.pegawai_id]  # fmt: skip
        chosen: list[tuple[Pegawai, str]] = [(p, Relation.SUBORDINATE.value) for p in subs[:n]]
        for p in self.rng.sample(peers, min(len(peers), n - len(chosen))):
            chosen.append((p, Relation.PEER.value))
        return chosen

    def three_sixty(self, ev: Evaluation, asked: int, answered: int,
                    moment: datetime.datetime) -> None:  # fmt: skip
        rater = self.user(ev.rater_id)
        who = self.respondents(ev, asked)
        if rater is None or len(who) < min(asked, 3):
            return
        with clock_at(moment):
            services.peer_nominate(evaluation=ev, respondents=who, actor=rater)
        self.out.counts["peer_asked"] += len(who)
        rng = self.rng
        requests = list(ev.peer_requests.select_related("respondent").order_by("pk"))
        for n, req in enumerate(requests[:answered]):
            answers = {
                v.pk: {
                    "rating": ATAS if rng.random() < 0.25 else SESUAI,
                    "comment": rng.choice(PEER_COMMENTS) if rng.random() < 0.2 else "",
                }
                for v in self.values
            }
            respondent = self.people[req.respondent_id].user
            with clock_at(moment + datetime.timedelta(hours=3 + 5 * n)):
                services.peer_answer(request=req, actor=respondent, answers=answers)
            self.out.counts["peer_answered"] += 1
        self.out.counts["peer_shown" if answered >= 3 else "peer_hidden"] += 1

    # ------------------------------------------------------------ the rater

    def decide(self, ev: Evaluation, force_bawah: bool = False) -> tuple[str, str, str]:
        """(hasil kerja, perilaku, departure reason) the way a rater would judge: the
        suggestion mostly, departing with a reason when the numbers tell only half the story."""
        rng = self.rng
        caps = _utama_caps(ev)
        low_ind, low = min(caps, key=lambda c: c[1]) if caps else ("", Decimal(0))
        s = ev.suggested_rating
        reason = ""
        if force_bawah:
            hasil = BAWAH
            if s and s != BAWAH:
                reason = rng.choice(REASON_DOWN_BAWAH).format(
                    ind=_short(low_ind or "indikator utama")
                )
        elif not s:
            hasil, reason = SESUAI, REASON_EMPTY
        elif s == BAWAH and low >= 40:
            hasil = SESUAI
            reason = rng.choice(REASON_UP).format(ind=_short(low_ind), cap=f"{low:.0f}",
                                                  cause=rng.choice(CAUSES))  # fmt: skip
        elif s == SESUAI and rng.random() < 0.2:
            hasil, reason = (
                ATAS,
                rng.choice(REASON_INNOVATION).format(inovasi=rng.choice(INNOVATIONS)),
            )
        elif s == ATAS and rng.random() < 0.15:
            hasil, reason = SESUAI, rng.choice(REASON_DOWN)
        else:
            hasil = s
        if hasil == ATAS:
            perilaku = ATAS if rng.random() < 0.6 else SESUAI
        elif hasil == SESUAI:
            perilaku = ATAS if rng.random() < 0.15 else SESUAI
        else:
            perilaku = SESUAI
        return hasil, perilaku, reason

    def behaviour_text(self, perilaku: str) -> dict[int, str]:
        rng = self.rng
        out = {}
        for v in self.values:
            level = perilaku if rng.random() < 0.7 else SESUAI
            options = VALUE_FEEDBACK.get(v.code, {}).get(level) or VALUE_FEEDBACK.get(
                v.code, {}
            ).get(SESUAI, ("",))
            out[v.pk] = rng.choice(options)
        return out

    def rate(self, ev: Evaluation, moment: datetime.datetime, *, finalise: bool = True,
             force_bawah: bool = False) -> Evaluation:  # fmt: skip
        rater = self.user(ev.rater_id)
        hasil, perilaku, reason = self.decide(ev, force_bawah)
        predikat = {(ATAS, ATAS): "sangat_baik", (BAWAH, SESUAI): "butuh_perbaikan"}.get(
            (hasil, perilaku), "baik"
        )
        with clock_at(moment):
            services.evaluation_rate(
                evaluation=ev, actor=rater, hasil_kerja=hasil, perilaku=perilaku,
                departure_reason=reason, feedback=self.rng.choice(FEEDBACK[predikat]),
                behaviour_feedback=self.behaviour_text(perilaku),
            )  # fmt: skip
            if not finalise:
                return ev
            warned = bool(services.curve_check(ev))
            ev = services.evaluation_finalise(evaluation=ev, actor=rater, acknowledge_curve=warned)
        self.out.counts["final"] += 1
        self.out.counts["curve_acknowledged"] += warned
        self.out.counts["departures"] += ev.departs_from_suggestion
        return ev

    def draft(self, ev: Evaluation, moment: datetime.datetime) -> None:
        """A rater halfway: the rating hasil kerja chosen, the behaviour not yet."""
        hasil, _perilaku, reason = self.decide(ev)
        with clock_at(moment):
            services.evaluation_rate(evaluation=ev, actor=self.user(ev.rater_id),
                                     hasil_kerja=hasil, departure_reason=reason)  # fmt: skip
        self.out.counts["drafts"] += 1

    def acknowledge(self, ev: Evaluation, moment: datetime.datetime) -> None:
        me = self.user(ev.pegawai_id)
        if me is None or ev.status != Status.FINAL:
            return
        with clock_at(moment):
            services.evaluation_acknowledge(evaluation=ev, actor=me)
        self.out.counts["acknowledged"] += 1

    def unit_predikat(self, unit: UnitKerja, period: Period, predikat: str,
                      moment: datetime.datetime) -> bool:  # fmt: skip
        """The leader one level up sets it (the agency admin where nobody is above)."""
        head_above = next(
            (p for p in self.people.values() if unit.parent_id and p.unit_id == unit.parent_id
             and p.jabatan is not None and p.jabatan.is_head and p.is_active and p.user_id),
            None,
        )  # fmt: skip
        if head_above is None:
            return False
        with clock_at(moment):
            services.unit_predikat_set(unit=unit, period=period, predikat=predikat,
                                       actor=head_above.user)  # fmt: skip
        self.out.counts["unit_predikat"] += 1
        return True


# ---------------------------------------------------------------- the story


def _moment(
    day: datetime.date, rng: random.Random, start: int = 8, end: int = 15
) -> datetime.datetime:
    return at(day, rng.randint(start, end), rng.choice((0, 10, 20, 30, 40, 50)))


def _evaluations(q: Q) -> list[Evaluation]:
    return list(
        Evaluation.objects.filter(q)
        .select_related("period", "skp__year", "pegawai", "unit")
        .order_by("rater_id", "pegawai__name", "pk")
    )


def load_evaluation(*, rng: random.Random, today: datetime.date) -> EvaluationDemo:
    """Open, suggest and rate the demo regency's 2026 evaluations up to `today`."""
    seed = _Seeder(rng, today)
    counts = seed.out.counts
    years = list(
        PerformanceYear.objects.filter(instansi__code__in=agency_codes(), year=YEAR).order_by("pk")
    )
    seed.open_all(years)
    with clock_at(at(today, 5)):
        recompute(instansi_ids=[y.instansi_id for y in years], year=YEAR, actor=seed.bkpsdm)

    # The last period that has ended in each year is the one being rated now.
    ended = list(
        Period.objects.filter(year__in=years, end_date__lt=today).order_by("year_id", "number")
    )
    last: dict[int, Period] = {}
    for p in ended:
        last[p.year_id] = p
    atasan, pegawai = seed.named["atasan"], seed.named["pegawai"]

    # The Kepala Bidang has rated her team every month; the current round is the last one.
    team_year = next((y for y in years if y.instansi_id == atasan.instansi_id), None)
    team_rounds = [p for p in ended if team_year is not None and p.year_id == team_year.pk]
    for period in team_rounds[:-1]:
        evs = _evaluations(Q(period=period, rater=atasan))
        bawah = _pick_bawah(evs, pegawai)
        day = add_workdays(period.end_date, 2)
        for ev in evs:
            if ev.pegawai_id == pegawai.pk or rng.random() < 0.3:
                seed.self_assess(ev, _moment(add_workdays(period.end_date, 1), rng))
            ev = seed.rate(ev, _moment(day, rng), force_bawah=ev.pk == bawah)
            if ev.pegawai_id == pegawai.pk or rng.random() < 0.7:
                seed.acknowledge(ev, _moment(add_workdays(day, rng.randint(1, 4)), rng))

    # Everyone's last ended period: organisation predikat for some units, then the ratings.
    for period in list(last.values()):
        _rate_round(seed, period, atasan, pegawai)

    # One objection decided (the team's previous round), one waiting for the Kepala Dinas.
    _objections(seed, team_rounds)

    # The running period: a colleague asks the named pegawai for 360° input.
    running = Period.objects.filter(
        year=team_year, start_date__lte=today, end_date__gte=today
    ).first()
    if running is not None:
        evs = [
            e for e in _evaluations(Q(period=running, rater=atasan)) if e.pegawai_id != pegawai.pk
        ]
        if evs and pegawai.user_id:
            with clock_at(_moment(last_workday(today), rng, 9, 11)):
                services.peer_nominate(evaluation=evs[0], actor=atasan.user,
                                       respondents=[(pegawai, Relation.PEER.value)])  # fmt: skip
            counts["peer_asked"] += 1
    counts["evaluations"] = Evaluation.objects.filter(skp__year__in=years).count()
    counts["open"] = Evaluation.objects.filter(skp__year__in=years, status=Status.OPEN).count()
    for key, n in Counter(
        Evaluation.objects.filter(skp__year__in=years)
        .exclude(status=Status.OPEN)
        .values_list("predikat", flat=True)
    ).items():
        counts[f"predikat_{key}"] = n
    return seed.out


def _pick_bawah(evs: list[Evaluation], pegawai: Pegawai) -> int | None:
    """In a team of four or more the rater finds one whose work fell short of expectations:
    the one with the lowest capaian (never the named pegawai)."""
    others = [e for e in evs if e.pegawai_id != pegawai.pk and _utama_caps(e)]
    if len(evs) < 4 or not others:
        return None
    return min(others, key=lambda e: (min(c for _i, c in _utama_caps(e)), e.pk)).pk


UNIT_PREDIKAT = (OrgPredikat.BAIK, OrgPredikat.BAIK, OrgPredikat.ISTIMEWA, OrgPredikat.BAIK,
                 OrgPredikat.BUTUH_PERBAIKAN)  # fmt: skip


def _rate_round(seed: _Seeder, period: Period, atasan: Pegawai, pegawai: Pegawai) -> None:
    rng, today = seed.rng, seed.today
    evs = _evaluations(Q(period=period, rater__isnull=False))
    if not evs:
        return
    start = add_workdays(period.end_date, 1)
    # Organisation predikat for units with a team of four or more, set before the ratings.
    by_unit: dict[int, list[Evaluation]] = defaultdict(list)
    for ev in evs:
        if ev.unit_id:
            by_unit[ev.unit_id].append(ev)
    units = {u.pk: u for u in UnitKerja.objects.filter(pk__in=list(by_unit))}
    candidates = sorted(pk for pk, group in by_unit.items() if len(group) >= 4)
    chosen = rng.sample(candidates, min(len(candidates), 6))
    if atasan.unit_id in by_unit and atasan.unit_id not in chosen:
        chosen.insert(0, atasan.unit_id)
    for n, pk in enumerate(sorted(chosen, key=lambda pk: (pk != atasan.unit_id, pk))):
        predikat = (
            OrgPredikat.BAIK if pk == atasan.unit_id else UNIT_PREDIKAT[n % len(UNIT_PREDIKAT)]
        )
        seed.unit_predikat(units[pk], period, predikat.value, _moment(start, rng, 8, 10))

    by_rater: dict[int, list[Evaluation]] = defaultdict(list)
    for ev in evs:
        by_rater[ev.rater_id or 0].append(ev)
    latest = last_workday(today - datetime.timedelta(days=1))
    for rater_id, team in sorted(by_rater.items()):
        named_team = rater_id == atasan.pk
        # The Kepala Bidang rates late (last week); the others in the first two weeks.
        day = latest if named_team else add_workdays(start, rng.randint(2, 9))
        day = min(day, latest)
        bawah = _pick_bawah(team, pegawai)
        waiting: list[Evaluation] = []
        if named_team:
            waiting = [e for e in team if e.pegawai_id != pegawai.pk and e.pk != bawah][-2:]
        for ev in team:
            mine = ev.pegawai_id == pegawai.pk
            if mine or rng.random() < 0.4:
                seed.self_assess(ev, _moment(min(start, day), rng))
            if mine:
                seed.three_sixty(ev, 4, 3, _moment(min(start, day), rng, 8, 9))
            elif waiting and ev.pk == waiting[0].pk:
                seed.three_sixty(ev, 3, 3, _moment(min(start, day), rng, 8, 9))
            elif waiting and ev.pk == waiting[-1].pk:
                seed.three_sixty(ev, 3, 2, _moment(min(start, day), rng, 8, 9))
            elif rng.random() < 0.08:
                asked = rng.choice((3, 4))
                seed.three_sixty(ev, asked, rng.choice((1, 2, 3, asked)), _moment(start, rng, 8, 9))
        for ev in team:
            if any(ev.pk == w.pk for w in waiting):
                if ev.pk == waiting[-1].pk:
                    seed.draft(ev, _moment(day, rng))
                continue
            ev.refresh_from_db()
            ev = seed.rate(ev, _moment(day, rng), force_bawah=ev.pk == bawah)
            if ev.pegawai_id != pegawai.pk and rng.random() < 0.5:
                seed.acknowledge(ev, _moment(min(add_workdays(day, rng.randint(1, 3)), today), rng))


def _objections(seed: _Seeder, team_rounds: list[Period]) -> None:
    """Objections on the named team's Butuh Perbaikan: the previous round's decided by the
    Kepala Dinas (the rater's superior), changing it; the last round's waiting for him."""
    rng = seed.rng
    atasan = seed.named["atasan"]
    for n, period in enumerate(team_rounds[-2:][::-1]):
        ev = (
            Evaluation.objects.filter(period=period, rater=atasan, predikat="butuh_perbaikan",
                                      status__in=(Status.FINAL, Status.ACKNOWLEDGED),
                                      rater_superior__isnull=False)
            .select_related("pegawai", "rater_superior", "period", "skp__year")
            .order_by("pk").first()
        )  # fmt: skip
        me = seed.user(ev.pegawai_id) if ev else None
        if ev is None or me is None or ev.finalised_at is None:
            continue
        filed = min(ev.finalised_at + datetime.timedelta(days=2, hours=3), at(seed.today, 7))
        cause = rng.choice(CAUSES)
        with clock_at(filed):
            objection = services.objection_file(evaluation=ev, actor=me,
                                                reasons=OBJECTION_REASONS.format(cause=cause))  # fmt: skip
        seed.out.counts["objections"] += 1
        if n == 1:  # the earlier round: decided
            with clock_at(filed + datetime.timedelta(days=4)):
                services.objection_decide(
                    objection=objection, actor=seed.user(ev.rater_superior_id),
                    decision=ObjectionDecision.CHANGED.value,
                    decision_text=DECISION_CHANGED.format(cause=cause),
                    hasil_kerja=SESUAI, perilaku=SESUAI,
                )  # fmt: skip
            seed.out.counts["objections_decided"] += 1


# ---------------------------------------------------------------- reset


def demo_evaluations() -> Any:
    return Evaluation.objects.filter(instansi__code__in=agency_codes(), skp__year__year=YEAR)


def wipe_evaluation_data() -> None:
    """Delete the demo agencies' evaluations and everything hanging from them, with their audit
    rows and notifications, and the organisation predikat of their periods."""
    evs = demo_evaluations()
    Objection.objects.filter(evaluation__in=evs).delete()
    PeerRequest.objects.filter(evaluation__in=evs).delete()
    SelfAssessment.objects.filter(evaluation__in=evs).delete()
    BehaviourFeedback.objects.filter(evaluation__in=evs).delete()
    EvaluationTransition.objects.filter(evaluation__in=evs).delete()
    evs.delete()
    UnitPredikat.objects.filter(
        period__year__instansi__code__in=agency_codes(), period__year__year=YEAR
    ).delete()
    wipe_audit_and_notifications("evaluation.", "/penilaian/")
    # Opening, recomputing and organisation predikat are audited on other objects.
    table = connection.ops.quote_name(AuditLog._meta.db_table)
    column = connection.ops.quote_name("action")
    with connection.cursor() as cursor:
        for action in ("evaluation.opened", "evaluation.recomputed", "unit_predikat.set"):
            cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [action])
    # The services' notifications carry no link: known by their words.
    Notification.objects.filter(
        Q(message__startswith="Penilaian kinerja Anda") | Q(message__startswith="Keberatan")
        | Q(message__startswith="Anda diminta memberi masukan 360")
    ).delete()  # fmt: skip
