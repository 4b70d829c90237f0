"""The publication registry: what the portal publishes by default.

An app registers a public dataset from its AppConfig.ready()::

    from qingfeng.disclosure.catalogue import Field, Publication, register
    register(Publication(slug="inspections", title=_("双随机抽查结果"), rows="qingfeng.inspections.publish.rows",
                         fields=(Field("draw_no", _("抽查编号")), ...), key="draw_no", date_field="published_on"))

Everything registered is public (第十三条: 公开为常态、不公开为例外). An item is withheld only by an exemption
recorded through ``disclosure.actions.exempt_item`` with an article of the regulation; the portal shows how
many items each dataset withholds and on which articles. Only the declared ``fields`` ever leave the
server, so a row builder may return more than it publishes; no field may hold personal data (the privacy
scan in tests/disclosure crawls every page and feed to hold this).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Field:
    name: str
    label: str


@dataclass(frozen=True)
class Publication:
    slug: str                      # URL part: /portal/open/<slug>/
    title: str
    rows: str | Callable           # () -> iterable of dicts; a dotted path keeps the registering app lazy
    fields: tuple[Field, ...]
    key: str                       # the field that names one item (what an exemption withholds)
    description: str = ""
    basis: str = ""                # why it is published (an article, a law)
    date_field: str = ""           # a date/datetime field that orders the Atom feed (newest first)
    title_field: str = ""          # the field an Atom entry is titled with (default: key)
    ocds_field: str = ""           # a field holding a link to the OCDS release of the row, when procurement has one
    owner: str = ""                # the app that registered it
    order: int = 100
    extra: dict = field(default_factory=dict, compare=False)

    def builder(self) -> Callable[[], Iterable[dict]]:
        return import_string(self.rows) if isinstance(self.rows, str) else self.rows


_REGISTRY: dict[str, Publication] = {}


def register(publication: Publication) -> Publication:
    """Idempotent (ready() may run twice in tests); a second, different publication under a slug is a bug."""
    current = _REGISTRY.get(publication.slug)
    if current is not None and current != publication:
        raise ValueError(f"公开数据集 {publication.slug!r} 已由 {current.owner or '其他模块'} 登记")
    if publication.key not in {f.name for f in publication.fields}:
        raise ValueError(f"公开数据集 {publication.slug!r} 的条目键 {publication.key!r} 不在公开字段中")
    _REGISTRY[publication.slug] = publication
    return publication


def unregister(slug: str) -> None:
    _REGISTRY.pop(slug, None)


def publications() -> list[Publication]:
    return sorted(_REGISTRY.values(), key=lambda p: (p.order, p.slug))


def get(slug: str) -> Publication | None:
    return _REGISTRY.get(slug)


def _plain(value):
    """A JSON- and CSV-friendly value: dates as ISO text, decimals as text (no float rounding)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def exempt_keys(slug: str) -> dict[str, str]:
    from .models import Exemption

    return dict(Exemption.objects.filter(dataset=slug, revoked_at__isnull=True).values_list("item_key", "article"))


def published_rows(publication: Publication) -> list[dict]:
    """The rows the public sees: declared fields only, exempt items left out."""
    withheld = exempt_keys(publication.slug)
    names = [f.name for f in publication.fields]
    out = []
    for row in publication.builder()():
        if str(row.get(publication.key)) in withheld:
            continue
        out.append({n: _plain(row.get(n)) for n in names})
    if publication.date_field:
        out.sort(key=lambda r: r.get(publication.date_field) or "", reverse=True)
    return out


def withheld_summary(slug: str) -> list[tuple[str, int]]:
    """(article, how many items) withheld from a dataset."""
    counts: dict[str, int] = {}
    for article in exempt_keys(slug).values():
        counts[article] = counts.get(article, 0) + 1
    return sorted(counts.items())
