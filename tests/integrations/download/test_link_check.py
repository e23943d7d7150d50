"""The receiver's link check (what `/scribe <link>` runs after acknowledging) ends on a host
that sends its response headers a byte at a time: the sender hears back, the link can be sent
again, and nothing is queued."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from core.settings import Settings
from tests.bot.conftest import SIGNING_SECRET, running_receiver
from tests.fakes.drip import Drip, dripping
from tests.fakes.slack_api import FakeSlack


@pytest.fixture
def drip() -> Iterator[Drip]:
    with dripping(every_s=0.1) as server:
        yield server


async def test_a_link_check_on_a_host_that_drips_its_headers_answers_the_sender(
    make_settings: Callable[..., Settings], redis_url: str, fake_slack: FakeSlack, drip: Drip
) -> None:
    settings = make_settings(
        redis_url=redis_url,
        slack_bot_token="xoxb-test",
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=f"{fake_slack.url}/api/",
        allow_private_urls=True,
        download_stall_s=1,
    )
    async with running_receiver(settings, fake_slack.url) as receiver:
        ack = await receiver.command(drip.url(headers=True))
        assert ack.status_code == 200
        await receiver.settle()
        (reply,) = fake_slack.responses
        assert "127.0.0.1 did not send a complete response within 1 s" in reply["text"]
        assert fake_slack.calls_to("chat.postMessage") == []  # no job, no progress message
        # The claim on the link was let go: sending it again checks it again.
        await receiver.command(drip.url(headers=True))
        await receiver.settle()
    assert len(fake_slack.responses) == 2
    assert drip.hits == 2
