"""The SMS interface of cards: a backend is any class with ``send(messages)``; the default writes each
message to a log file, so a deployment without a gateway still has the record of what would have gone out.

Configure with ``QINGFENG["APPROVALS_SMS_BACKEND"] = "package.module.Class"``. A backend looks up phone
numbers in its own directory by staff number: the platform does not keep staff phone numbers.
"""

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from .parameters import SMS_BACKEND

log = logging.getLogger("qingfeng.approvals.sms")


@dataclass(frozen=True)
class SmsMessage:
    staff_no: str
    name: str
    text: str


class LogBackend:
    """Appends one JSON line per message to ``DATA_DIR/sms.log`` and logs it at INFO."""

    def path(self) -> Path:
        return Path(settings.DATA_DIR) / "sms.log"

    def send(self, messages: list[SmsMessage]) -> int:
        if not messages:
            return 0
        path = self.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        at = timezone.localtime().isoformat(timespec="seconds")
        with path.open("a", encoding="utf-8") as handle:
            for m in messages:
                handle.write(json.dumps({"at": at, **asdict(m)}, ensure_ascii=False) + "\n")
                log.info("SMS to %s (%s): %s", m.name, m.staff_no, m.text)
        return len(messages)


def backend():
    return import_string(SMS_BACKEND.value())()
