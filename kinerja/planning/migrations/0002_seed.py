from django.db import migrations


def seed(apps, schema_editor):
    from kinerja.planning.seed_data import BERAKHLAK, EXPECTATIONS, INDICATORS

    Value = apps.get_model("planning", "BehaviourValue")
    Guide = apps.get_model("planning", "BehaviourGuide")
    Expectation = apps.get_model("planning", "ExpectationLibraryItem")
    Item = apps.get_model("planning", "IndicatorLibraryItem")
    for order, (code, name, guides) in enumerate(BERAKHLAK, start=1):
        value, _ = Value.objects.get_or_create(code=code, defaults={"name": name, "order": order})
        for n, text in enumerate(guides, start=1):
            Guide.objects.get_or_create(value=value, order=n, defaults={"text": text})
        for text in EXPECTATIONS.get(code, []):
            Expectation.objects.get_or_create(value=value, text=text)
    for category, aspek, text, unit, direction in INDICATORS:
        Item.objects.get_or_create(
            category=category, text=text,
            defaults={"aspek": aspek, "target_unit": unit, "direction": direction},
        )


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
