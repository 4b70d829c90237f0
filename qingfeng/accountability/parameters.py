"""Policy numbers of accountability records that are not a rule's parameter (those live in
qingfeng/rules/accountability/*/rule.yaml and are read through the screening catalogue)."""

from qingfeng.alerts.parameters import Parameter

SIGNED_COPY_MAX_BYTES = Parameter(
    "ACCOUNTABILITY_SIGNED_COPY_MAX_BYTES", 10 * 1024 * 1024, "byte",
    "责任书、承诺书签字扫描件单个文件上限（扫描件一般 1–3 MB），防止以上传耗尽存储。",
)
SIGNED_COPY_EXTENSIONS = Parameter(
    "ACCOUNTABILITY_SIGNED_COPY_EXTENSIONS", (".pdf", ".ofd", ".jpg", ".jpeg", ".png"), "file extension",
    "签字件只接受版式文件（PDF、OFD）和扫描图片，按文件内容而非扩展名核验（security.uploads）。",
)
SIGN_DUE_MONTH_DAY = Parameter(
    "ACCOUNTABILITY_SIGN_DUE_MONTH_DAY", "03-31", "month-day",
    "新建年度安排时责任书、承诺书签订期限的默认值：各地一般在年初党风廉政建设工作会议上层层签订，一季度内完成。",
)
