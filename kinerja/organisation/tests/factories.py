"""Factories for bulk test data. Every NIP they make is valid."""

import datetime

import factory

from kinerja.accounts.models import User
from kinerja.organisation.models import Instansi, Jabatan, Pegawai, UnitKerja


def make_nip(n: int, *, kind: str = "PNS", sex: int = 1, birth: datetime.date | None = None) -> str:
    """A valid NIP numbered `n` (serial and birth day vary with n so they stay unique)."""
    birth = birth or datetime.date(1970 + n % 30, 1 + n % 12, 1 + n % 28)
    serial = 1 + n % 999
    tmt_year = birth.year + 22
    if kind == "PPPK":
        return f"{birth:%Y%m%d}{tmt_year}2{1 + n // 999 % 9}{sex}{serial:03d}"
    month = 1 + (n // 999) % 12
    return f"{birth:%Y%m%d}{tmt_year}{month:02d}{sex}{serial:03d}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("rahasia-123")


class InstansiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instansi

    code = factory.Sequence(lambda n: f"INS{n:03d}")
    name = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    kind = "dinas"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitKerja
        skip_postgeneration_save = True

    instansi = factory.SubFactory(InstansiFactory)
    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"Bidang {n}")

    @factory.post_generation
    def set_path(obj, create, extracted, **kwargs):
        parent_path = obj.parent.path if obj.parent_id else "/"
        obj.path = f"{parent_path}{obj.pk}/"
        obj.depth = obj.path.count("/") - 2
        if create:
            UnitKerja.objects.filter(pk=obj.pk).update(path=obj.path, depth=obj.depth)


class JabatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jabatan

    instansi = factory.SubFactory(InstansiFactory)
    code = factory.Sequence(lambda n: f"J{n:05d}")
    name = factory.Sequence(lambda n: f"Pelaksana {n}")
    kind = "JA"
    level = "pelaksana"


class PegawaiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pegawai
        skip_postgeneration_save = True

    nip = factory.Sequence(lambda n: make_nip(n))
    name = factory.Sequence(lambda n: f"Pegawai {n}")
    kind = "PNS"
    sex = "L"
    birth_date = factory.LazyAttribute(
        lambda o: datetime.date(int(o.nip[:4]), int(o.nip[4:6]), int(o.nip[6:8]))
    )
    tmt = factory.LazyAttribute(lambda o: datetime.date(int(o.nip[8:12]), 1, 1))
    golongan = 9
    instansi = factory.SubFactory(InstansiFactory)
    unit = None
    jabatan = None
    atasan = None

    @factory.post_generation
    def set_chain(obj, create, extracted, **kwargs):
        obj.chain = f"{obj.atasan.chain}{obj.atasan_id}/" if obj.atasan_id else "/"
        if create:
            Pegawai.objects.filter(pk=obj.pk).update(chain=obj.chain)
