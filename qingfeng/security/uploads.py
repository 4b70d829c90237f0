"""Uploaded files are checked by what they contain, not only by their name: a file whose first bytes do not
match its extension (an HTML page named .pdf, an executable named .jpg) is refused. Files are stored under
DATA_DIR/uploads — outside any web root, with no URL that serves them — and are only ever sent back by views
that check the user's scope, as attachments, with nosniff (Django's SecurityMiddleware) and the CSP."""

from django.core.exceptions import ValidationError

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls
ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # .docx .xlsx .ofd .zip are zip containers
MAGIC = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".ofd": ZIP,
    ".docx": ZIP,
    ".xlsx": ZIP,
    ".zip": ZIP,
    ".doc": (OLE,),
    ".xls": (OLE,),
    ".parquet": (b"PAR1",),
}
TEXT = {".txt", ".csv"}
SNIFF_BYTES = 8192


def _head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    return head if isinstance(head, bytes) else head.encode()


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:  # a character cut at the sniffing boundary
                return True
    return False


def check_content(upload, extension: str) -> None:
    """Raise ValidationError (Chinese) unless the file's bytes are what ``extension`` says."""
    extension = extension.lower()
    head = _head(upload)
    if extension in TEXT:
        if not _is_text(head):
            raise ValidationError(f"文件内容不是文本，与扩展名 {extension} 不符")
        return
    signatures = MAGIC.get(extension)
    if signatures is None:
        raise ValidationError(f"不接受 {extension or '（无扩展名）'} 类型的文件")
    if not head.startswith(signatures):
        raise ValidationError(f"文件内容与扩展名 {extension} 不符（可能是改了扩展名的其他文件）")


def check_size(upload, max_bytes: int) -> None:
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(f"文件超过 {max_bytes // (1024 * 1024)} MB 上限")
