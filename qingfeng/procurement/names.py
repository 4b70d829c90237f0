"""Supplier names as the debarment rule compares them.

On every import of ``awards`` and ``debarments`` (file, page, OCDS, Arrow) the name column is passed
through a derivation that keeps the name and adds its key: NFKC width folding, no spaces or separators,
traditional characters converted to simplified (OpenCC, ``people.names``). The rule strips company-name
suffixes (有限公司, 股份有限公司, 集团 …) in SQL, so the confidence can say which of the two matched.
"""

from qingfeng.people.names import company_key
from qingfeng.records.imports import Derivation, register_derivation


def name_key(name) -> str | None:
    return company_key(str(name)) or None if name is not None and str(name).strip() else None


def _derive(column: str, key_column: str):
    def derive(values: list):
        names = [None if v is None or not str(v).strip() else str(v).strip() for v in values]
        return {column: names, key_column: [name_key(v) for v in names]}, {}
    return derive


register_derivation("awards", Derivation(("supplier_name", "供应商名称", "中标供应商", "成交供应商"),
                                         ("supplier_name", "supplier_name_key"), _derive("supplier_name", "supplier_name_key")))
register_derivation("debarments", Derivation(("name", "企业名称", "供应商名称", "名称"),
                                             ("name", "name_key"), _derive("name", "name_key")))
