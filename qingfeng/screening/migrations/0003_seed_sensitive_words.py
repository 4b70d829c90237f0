"""Seed the default sensitive-word list (FIN-012). Words already present are left as the steward set them."""

from django.db import migrations

# Words from treasury-monitoring practice (支付用途可疑: 礼品、烟酒、旅游、高档、会所…); local lists extend it.
DEFAULT_WORDS = [
    ("礼品", "礼品礼金"),
    ("烟酒", "烟酒"),
    ("高档", "高消费"),
    ("会所", "高消费场所"),
    ("旅游", "公款旅游"),
    ("购物卡", "礼品礼金"),
    ("红包", "礼品礼金"),
    ("茅台", "烟酒"),
    ("高尔夫", "高消费场所"),
    ("按摩", "高消费场所"),
    ("美容", "高消费场所"),
    ("珠宝", "奢侈品"),
]


def seed(apps, schema_editor):
    SensitiveWord = apps.get_model("screening", "SensitiveWord")
    for word, category in DEFAULT_WORDS:
        SensitiveWord.objects.get_or_create(word=word, defaults={"category": category, "active": True})


def unseed(apps, schema_editor):
    SensitiveWord = apps.get_model("screening", "SensitiveWord")
    SensitiveWord.objects.filter(word__in=[w for w, _ in DEFAULT_WORDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("screening", "0002_sensitive_words_rule_parameters")]

    operations = [migrations.RunPython(seed, unseed)]
