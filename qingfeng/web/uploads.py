"""An uploaded file saved where an importer can read it by path: a private folder under the data
directory's ``incoming/``, removed with everything in it when the import is over."""

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings


@contextmanager
def saved_upload(upload, default_name: str) -> Iterator[Path]:
    """The upload written to disk under its own name (importers read the format from the extension and
    record the name in the batch), ``default_name`` when it has none."""
    incoming = Path(settings.DATA_DIR) / "incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=incoming))
    path = folder / (Path(upload.name).name or default_name)
    try:
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)
