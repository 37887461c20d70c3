from django.db import migrations

# The feedback phrase library a superior picks from: appreciation and constructive, editable
# afterwards in the admin.
PHRASES = [
    ("appreciation", "Terima kasih, hasil kerja Anda rapi dan tepat waktu."),
    ("appreciation", "Laporan Anda lengkap dengan bukti dukung yang jelas. Pertahankan."),
    ("appreciation", "Capaian Anda bulan ini melampaui rencana. Kerja bagus."),
    ("appreciation", "Inisiatif Anda sangat membantu pelayanan unit kita."),
    ("appreciation", "Kerja sama Anda dengan rekan satu tim patut dicontoh."),
    ("constructive", "Lampirkan bukti dukung yang menunjukkan hasil, bukan hanya kegiatan."),
    ("constructive", "Uraian kegiatan perlu lebih spesifik: apa yang dihasilkan dan untuk siapa."),
    ("constructive", "Realisasi masih di bawah rencana; mari kita bahas langkah percepatannya."),
    ("constructive", "Laporkan kegiatan setiap hari agar kemajuan dapat dipantau tepat waktu."),
    ("constructive", "Periksa kembali kuantitas dan satuan agar sesuai dengan indikator SKP."),
]


def seed(apps, schema_editor):
    Phrase = apps.get_model("activity", "FeedbackPhrase")
    for tone, text in PHRASES:
        Phrase.objects.get_or_create(text=text, defaults={"tone": tone})


def unseed(apps, schema_editor):
    Phrase = apps.get_model("activity", "FeedbackPhrase")
    Phrase.objects.filter(text__in=[t for _tone, t in PHRASES]).delete()


class Migration(migrations.Migration):
    dependencies = [("activity", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
