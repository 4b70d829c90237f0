"""The default services (Open311) — the city's first-level categories plus utilities and urgent safety."""

from django.db import migrations

SERVICES = [
    # code, name, name_en, group (= router category), tier, keywords, description
    ("CX", "城乡建设", "Urban and rural construction", "城乡建设", "general", "物业,小区,施工,道路,拆迁,违建,噪音",
     "住房、物业、市政设施、施工、拆迁、城管等"),
    ("HB", "环境保护", "Environmental protection", "环境保护", "general", "污染,排放,噪声,异味,垃圾,污水", "大气、水、噪声、固废污染"),
    ("JT", "交通运输", "Transport", "交通运输", "general", "公交,出租车,道路,停车,地铁,驾驶", "公交、出租车、道路交通、停车"),
    ("JY", "教育文体", "Education, culture and sports", "教育文体", "general", "学校,入学,教师,培训,收费,体育", "学校、招生、培训机构、文化体育"),
    ("LD", "劳动和社会保障", "Labour and social security", "劳动和社会保障", "general", "工资,社保,养老,失业,劳动合同,欠薪",
     "就业、工资、社保、养老、劳动纠纷"),
    ("SM", "商贸旅游", "Commerce and tourism", "商贸旅游", "general", "商家,消费,旅游,价格,市场,经营", "市场经营、消费维权、旅游"),
    ("WS", "卫生计生", "Health", "卫生计生", "general", "医院,医生,药品,疫苗,医保,生育", "医疗卫生、计生、医保"),
    ("SD", "水电气热", "Water, power, gas and heating", "城乡建设", "utilities", "停水,停电,燃气,供暖,漏水", "停水停电停气、供暖故障"),
    ("JJ", "紧急安全隐患", "Urgent safety hazard", "城乡建设", "urgent", "危险,坍塌,火灾,泄漏,安全隐患", "危及生命财产安全的紧急情况"),
    ("QT", "其他", "Other", "", "general", "", "其他诉求"),
]


def add(apps, schema_editor):
    Service = apps.get_model("tickets", "Service")
    for code, name, name_en, group, tier, keywords, description in SERVICES:
        Service.objects.update_or_create(code=code, defaults={
            "name": name, "name_en": name_en, "group": group, "tier": tier, "keywords": keywords, "description": description})


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
