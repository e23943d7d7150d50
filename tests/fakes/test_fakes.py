"""The fakes must satisfy the real SDKs, or every test built on them proves nothing."""

from __future__ import annotations

import json
import math

import openai
import pytest
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletionMessageParam
from openai.types.shared_params import ResponseFormatJSONSchema
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from tests.fakes.openai_api import EMBEDDING_DIM, FakeOpenAI, embed
from tests.fakes.slack_api import FakeSlack

SUMMARY_SCHEMA: ResponseFormatJSONSchema = {
    "type": "json_schema",
    "json_schema": {
        "name": "summary",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {"summary": {"type": "string"}},
            "required": ["summary"],
            "additionalProperties": False,
        },
    },
}


# The fake_openai and fake_slack fixtures come from tests/conftest.py.


HI: list[ChatCompletionMessageParam] = [{"role": "user", "content": "hi"}]


def _openai(url: str, max_retries: int = 0) -> AsyncOpenAI:
    return AsyncOpenAI(base_url=f"{url}/v1", api_key="test", max_retries=max_retries)


async def test_chat_completion_returns_scripted_json(fake_openai: FakeOpenAI) -> None:
    fake = fake_openai
    url = fake_openai.url
    fake.queue_reply(json.dumps({"summary": "We shipped."}))
    async with _openai(url) as client:
        completion = await client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": "Summarise the meeting"}],
            response_format=SUMMARY_SCHEMA,
        )
    assert json.loads(completion.choices[0].message.content or "") == {"summary": "We shipped."}
    (body,) = fake.chat_requests()
    assert body["response_format"] == SUMMARY_SCHEMA
    assert fake.requests[0]["headers"]["authorization"] == "Bearer test"


async def test_chat_falls_back_to_responder(fake_openai: FakeOpenAI) -> None:
    fake = fake_openai
    url = fake_openai.url
    async with _openai(url, max_retries=2) as client:
        with pytest.raises(openai.InternalServerError, match="no reply was scripted"):
            await client.chat.completions.create(model="m", messages=HI)
        assert len(fake.chat_requests()) == 1  # x-should-retry: false suppressed the retries
        fake.responder = lambda body: body["messages"][-1]["content"].upper()
        completion = await client.chat.completions.create(model="m", messages=HI)
    assert completion.choices[0].message.content == "HI"


async def test_rate_limit_surfaces_without_retries(fake_openai: FakeOpenAI) -> None:
    fake = fake_openai
    url = fake_openai.url
    fake.queue_error(429, retry_after=0.01)
    async with _openai(url, max_retries=0) as client:
        with pytest.raises(openai.RateLimitError) as excinfo:
            await client.chat.completions.create(model="m", messages=HI)
    assert excinfo.value.response.headers["retry-after"] == "0.01"
    assert excinfo.value.code == "rate_limit_exceeded"


async def test_rate_limit_is_retried(fake_openai: FakeOpenAI) -> None:
    fake = fake_openai
    url = fake_openai.url
    fake.queue_error(429, retry_after=0.01)
    fake.queue_reply("second time lucky")
    async with _openai(url, max_retries=1) as client:
        completion = await client.chat.completions.create(model="m", messages=HI)
    assert completion.choices[0].message.content == "second time lucky"
    assert [r["headers"]["x-stainless-retry-count"] for r in fake.requests] == ["0", "1"]


async def test_embeddings_for_two_inputs(fake_openai: FakeOpenAI) -> None:
    fake = fake_openai
    url = fake_openai.url
    texts = ["Budget review for Q3", "Q3 budget review notes"]
    async with _openai(url) as client:
        result = await client.embeddings.create(model="text-embedding-3-small", input=texts)
    assert fake.requests[0]["json"]["encoding_format"] == "base64"  # the SDK's silent default
    vectors = [d.embedding for d in result.data]
    assert [len(v) for v in vectors] == [EMBEDDING_DIM, EMBEDDING_DIM]
    for vec, text in zip(vectors, texts, strict=True):
        assert vec == pytest.approx(embed(text), abs=1e-6)  # float32 round trip
        assert math.isclose(math.fsum(v * v for v in vec), 1.0, rel_tol=1e-5)


async def test_slack_post_update_and_upload(fake_slack: FakeSlack) -> None:
    fake = fake_slack
    url = fake_slack.url
    client = AsyncWebClient(token="xoxb-test", base_url=f"{url}/api/")
    blocks = [{"type": "divider"}]
    posted = await client.chat_postMessage(channel="C123", text="Summarising…", blocks=blocks)
    ts = posted["ts"]
    updated = await client.chat_update(channel="C123", ts=ts, text="Done")
    assert (updated["channel"], updated["ts"], updated["text"]) == ("C123", ts, "Done")

    upload = await client.files_upload_v2(
        content="# Minutes\n",
        filename="minutes.md",
        channel="C123",
        thread_ts=ts,
        initial_comment="Full notes",
    )
    file_id = upload["file"]["id"]
    assert fake.uploaded_files[file_id] == {
        "bytes": b"# Minutes\n",
        "filename": "minutes.md",
        "title": "minutes.md",
        "channel_id": "C123",
        "thread_ts": ts,
        "initial_comment": "Full notes",
    }
    assert fake.methods() == [
        "chat.postMessage",
        "chat.update",
        "files.getUploadURLExternal",
        "files.completeUploadExternal",
    ]
    assert fake.calls_to("chat.postMessage")[0]["headers"]["authorization"] == "Bearer xoxb-test"
    assert fake.calls_to("chat.postMessage")[0]["params"]["blocks"] == [{"type": "divider"}]
    replies = await client.conversations_replies(channel="C123", ts=ts)
    assert [m["text"] for m in replies["messages"]] == ["Done", "Full notes"]


async def test_slack_rate_limit_retried_by_handler(fake_slack: FakeSlack) -> None:
    fake = fake_slack
    url = fake_slack.url
    # Retry-After 0 keeps the handler's sleep (value + random()) under a second.
    fake.rate_limit_next("chat.postMessage", retry_after=0)
    client = AsyncWebClient(token="xoxb-test", base_url=f"{url}/api/")
    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=1))
    response = await client.chat_postMessage(channel="C123", text="hello")
    assert response["ok"] is True
    assert fake.methods() == ["chat.postMessage", "chat.postMessage"]


async def test_slack_errors(fake_slack: FakeSlack) -> None:
    fake = fake_slack
    url = fake_slack.url
    fake.add_user("U42", "ada@example.com", "Ada")
    client = AsyncWebClient(token="xoxb-test", base_url=f"{url}/api/")
    found = await client.users_lookupByEmail(email="ada@example.com")
    assert found["user"]["id"] == "U42"
    with pytest.raises(SlackApiError) as excinfo:
        await client.users_lookupByEmail(email="nobody@example.com")
    assert excinfo.value.response["error"] == "users_not_found"
    fake.rate_limit_next("chat.postMessage")
    with pytest.raises(SlackApiError) as excinfo:
        await client.chat_postMessage(channel="C1", text="x")
    assert excinfo.value.response.status_code == 429
    fake.fail_next("chat.postMessage", "channel_not_found")
    with pytest.raises(SlackApiError, match="channel_not_found"):
        await client.chat_postMessage(channel="C1", text="x")
    with pytest.raises(SlackApiError, match="unknown_method"):
        await client.api_call("bogus.method")


async def test_response_url_receiver(fake_slack: FakeSlack) -> None:
    fake = fake_slack
    url = fake_slack.url
    webhook = AsyncWebhookClient(f"{url}/response_url/cmd1")
    response = await webhook.send(text="Working on it", response_type="ephemeral")
    assert response.status_code == 200
    assert fake.responses == [{"text": "Working on it", "response_type": "ephemeral"}]
