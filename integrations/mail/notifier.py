"""Summaries by email: an HTML body with a plain-text alternative carrying the same content,
sent over SMTP (STARTTLS by default) to the allowed recipients only. One recipient refusing
the mail does not stop the others."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

import aiosmtplib
import structlog
from jinja2 import Environment, PackageLoader, select_autoescape

from core.domain import JobRequest, JobStatus, MeetingResult
from core.errors import Transient
from core.ports import Delivered, DeliveryLedger
from core.summaries import made_by, summary_sections
from core.timefmt import clock

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    host: str
    port: int
    sender: str
    username: str | None = None
    password: str | None = None
    starttls: bool = True
    timeout_s: float = 30.0


def allowed(address: str, domains: tuple[str, ...]) -> bool:
    """An empty domain list allows every address."""
    domain = address.rpartition("@")[2].lower()
    return "@" in address and (not domains or domain in domains)


def build_templates() -> Environment:
    return Environment(
        loader=PackageLoader("integrations.mail", "templates"),
        autoescape=select_autoescape(["html"], default_for_string=False),
        trim_blocks=False,
    )


class EmailNotifier:
    def __init__(
        self, config: SmtpConfig, *, allowed_domains: tuple[str, ...], templates: Environment
    ) -> None:
        self._config = config
        self._domains = allowed_domains
        self._templates = templates

    def wants(self, request: JobRequest) -> bool:
        return bool(request.emails)

    async def progress(
        self, request: JobRequest, status: JobStatus, ledger: DeliveryLedger
    ) -> None:
        return None  # nobody wants an email per stage

    def render(self, result: MeetingResult, *, thread_url: str | None = None) -> EmailMessage:
        summary = result.summary
        values = {
            "summary": summary,
            "sections": summary_sections(summary),
            "clock": clock,
            "thread_url": thread_url,
            "footer": f"Summary of {clock(result.duration_seconds)} of recording, "
            f"{made_by(summary)}, by Scribe.",
        }
        message = EmailMessage()
        message["Subject"] = f"Meeting summary: {summary.title}"
        message["From"] = self._config.sender
        message["Message-ID"] = make_msgid(domain=self._config.sender.rpartition("@")[2] or None)
        message.set_content(self._templates.get_template("summary.txt.j2").render(values))
        message.add_alternative(
            self._templates.get_template("summary.html.j2").render(values), subtype="html"
        )
        return message

    async def deliver(
        self,
        request: JobRequest,
        job_id: str,
        result: MeetingResult,
        ledger: DeliveryLedger,
        *,
        link: str | None = None,
    ) -> Delivered:
        message = self.render(result, thread_url=link)
        refused: list[str] = []
        for address in dict.fromkeys(a.strip().lower() for a in request.emails):
            key = f"email:{address}"
            if not allowed(address, self._domains):
                log.info("email.skipped", reason="domain not allowed")
                continue
            outcome = await ledger.delivered(job_id, key)
            if outcome is None:
                outcome = await self._send(message, address)
                await ledger.record(job_id, key, outcome)
            if outcome == "refused":
                refused.append(address)
        return Delivered(undelivered=tuple(refused))

    async def remark(
        self, request: JobRequest, job_id: str, text: str, ledger: DeliveryLedger
    ) -> None:
        return None  # remarks go where the request came from

    async def _send(self, message: EmailMessage, address: str) -> str:
        del message["To"]
        message["To"] = address
        config = self._config
        try:
            await aiosmtplib.send(
                message,
                hostname=config.host,
                port=config.port,
                username=config.username,
                password=config.password,
                start_tls=config.starttls if config.port != 465 else False,
                use_tls=config.port == 465,
                timeout=config.timeout_s,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            log.warning("email.refused", code=exc.recipients[0].code if exc.recipients else None)
            return "refused"
        except (
            aiosmtplib.SMTPConnectError,
            aiosmtplib.SMTPServerDisconnected,
            aiosmtplib.SMTPTimeoutError,
            OSError,
        ) as exc:
            where = f"{config.host}:{config.port}"
            raise Transient(
                f"the mail server {where} could not be reached ({type(exc).__name__}): "
                "check SCRIBE_SMTP_HOST and SCRIBE_SMTP_PORT"
            ) from exc
        log.info("email.sent")
        return "sent"

    async def failed(
        self, request: JobRequest, job_id: str, reason: str, ledger: DeliveryLedger
    ) -> None:
        return None  # failures are reported where the request came from (Slack, the CLI)
