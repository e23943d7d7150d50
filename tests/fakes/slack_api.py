"""A loopback imitation of the Slack Web API methods Scribe calls."""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, Literal
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse

TEAM_ID, BOT_USER_ID, BOT_ID, APP_ID = "T0001", "UBOT", "BBOT", "A0001"
TEXT_LIMIT = 40_000  # Slack's documented limit on a message's text
# Form fields slack_sdk serialises with json.dumps (JSON-bodied methods arrive parsed already).
_JSON_FIELDS = frozenset({"blocks", "attachments", "files", "metadata", "unfurls", "view"})

Params = dict[str, Any]
Handler = Callable[[Params, Request], Awaitable[Params]]
Failure = Literal["500", "drop"]


def _err(error: str) -> Params:
    return {"ok": False, "error": error}


class FakeSlack:
    """Imitates Slack's Web API at ``/api/<method>`` plus upload and response_url endpoints.

    Quirks reproduced: slack_sdk sends some methods as JSON bodies, others as
    query-string params (even on POST), some via GET; JSON-valued form fields
    are strings; errors are HTTP 200 with ``ok: false``; rate limits are 429
    with ``Retry-After`` (slack_sdk's retry handler only reads its first digit);
    posting to a user ID lands in a ``D...`` DM channel whose ID must be used
    for later ``chat.update``; ``files_upload_v2`` is getUploadURLExternal, a raw
    POST of the bytes to the returned URL, then completeUploadExternal;
    ``text`` over 40,000 characters is refused with ``msg_too_long``; message
    ``metadata`` comes back from conversations.history and .replies only with
    ``include_all_metadata``. Not imitated: history's ``oldest``/``latest`` and
    paging (every message comes back on one page).
    """

    def __init__(self, *, text_limit: int = TEXT_LIMIT) -> None:
        self.text_limit = text_limit
        self.url = ""  # set while served (tests.fakes.server.serving)
        self.calls: list[Params] = []
        self.uploaded_files: dict[str, Params] = {}
        self.responses: list[Params] = []
        self.joined: list[str] = []  # channels Scribe joined with conversations.join
        self._private: dict[str, bool] = {}  # private channel -> whether Scribe was invited
        self._users: dict[str, Params] = {}
        self._messages: dict[tuple[str, str], Params] = {}
        self._pending_uploads: dict[str, Params] = {}
        self._scripted: dict[str, deque[tuple[str, str | int, int]]] = {}
        self._lost_replies: dict[str, deque[Failure]] = {}
        # Re-entrant: helpers that mint ts values lock again while a handler holds it.
        self._lock = threading.RLock()
        self._seq = 0
        self.app = FastAPI()
        self.app.api_route("/api/{method}", methods=["GET", "POST"])(self._api)
        self.app.post("/upload/{file_id}")(self._upload)
        self.app.post("/response_url/{response_id}")(self._response_url)

    # -- test-facing helpers -------------------------------------------------

    def add_user(self, user_id: str, email: str, name: str) -> None:
        """Register a workspace member visible to users.info / users.lookupByEmail."""
        self._users[user_id] = {
            "id": user_id, "team_id": TEAM_ID, "name": name, "real_name": name, "deleted": False,
            "is_bot": False, "tz": "UTC", "tz_offset": 0,
            "profile": {"email": email, "real_name": name, "display_name": name},
        }  # fmt: skip

    def add_private_channel(self, channel: str, *, invited: bool) -> None:
        """A private channel: it cannot be joined, and to a bot that was not invited it does
        not exist (channel_not_found), as in Slack."""
        self._private[channel] = invited

    def rate_limit_next(self, method: str, *, retry_after: int = 1, times: int = 1) -> None:
        """Answer the next ``times`` calls to ``method`` with HTTP 429."""
        with self._lock:
            queue = self._scripted.setdefault(method, deque())
            queue.extend([("ratelimited", retry_after, 429)] * times)

    def fail_next(self, method: str, error: str, *, status: int = 200) -> None:
        """Answer the next call to ``method`` with ``{"ok": false, "error": error}`` (with
        HTTP ``status``: Slack says most refusals with 200), doing nothing."""
        with self._lock:
            self._scripted.setdefault(method, deque()).append(("error", error, status))

    def act_then_fail(self, method: str, how: Failure = "500", *, times: int = 1) -> None:
        """Carry out the next ``times`` calls to ``method``, then lose the reply: answer HTTP
        500 (``"500"``), or close the connection without answering (``"drop"``), as when
        Slack acted and its reply never made it back."""
        with self._lock:
            self._lost_replies.setdefault(method, deque()).extend([how] * times)

    def methods(self) -> list[str]:
        return [c["method"] for c in list(self.calls)]

    def calls_to(self, method: str) -> list[Params]:
        return [c for c in list(self.calls) if c["method"] == method]

    def messages_in(self, channel: str) -> list[Params]:
        """The messages in a channel as they stand now (edits applied), oldest first."""
        with self._lock:
            found = [m for (c, _), m in self._messages.items() if c == channel]
        return sorted(found, key=lambda m: float(m["ts"]))

    def thread(self, channel: str, ts: str) -> list[Params]:
        """The thread rooted at ``ts``, parent first, as conversations.replies returns it."""
        with self._lock:
            parent = self._messages.get((channel, ts))
            if parent is None:
                return []
            # Dict order is posting order, and ts values are minted increasing.
            replies = [
                m
                for (c, t), m in self._messages.items()
                if c == channel and t != ts and m.get("thread_ts") == ts
            ]
        head = dict(parent)
        if replies:
            head.update(thread_ts=ts, reply_count=len(replies), latest_reply=replies[-1]["ts"])
        return [head, *replies]

    # -- plumbing ------------------------------------------------------------

    def _next(self) -> int:
        with self._lock:
            self._seq += 1
            return self._seq

    def _new_ts(self) -> str:
        n = self._next()
        return f"{1700000000 + n // 10000}.{(n % 10000) * 100:06d}"

    async def _api(self, method: str, request: Request) -> Response:
        params: Params = dict(request.query_params)
        raw = await request.body()
        ctype = request.headers.get("content-type", "")
        if raw and ctype.startswith("application/json"):
            params.update(json.loads(raw))
        elif raw and ctype.startswith("application/x-www-form-urlencoded"):
            params.update(parse_qsl(raw.decode(), keep_blank_values=True))
        for key in _JSON_FIELDS & params.keys():
            if isinstance(params[key], str):
                params[key] = json.loads(params[key])
        headers = {k.lower(): v for k, v in request.headers.items()}
        call: Params = {"method": method, "params": params, "headers": headers, "response": None}
        self.calls.append(call)

        with self._lock:
            script = self._scripted.get(method)
            scripted = script.popleft() if script else None
        if scripted is not None and scripted[0] == "ratelimited":
            return JSONResponse(_err("ratelimited"), 429, headers={"Retry-After": str(scripted[1])})
        if scripted is not None:
            return JSONResponse(_err(str(scripted[1])), scripted[2])
        if not headers.get("authorization", "").startswith("Bearer ") and "token" not in params:
            return JSONResponse(_err("not_authed"))
        # Web API method "a.bC" is served by coroutine "_api_a_bC" below.
        handler: Handler | None = getattr(self, "_api_" + method.replace(".", "_"), None)
        call["response"] = await handler(params, request) if handler else _err("unknown_method")
        with self._lock:
            lost = self._lost_replies.get(method)
            failure = lost.popleft() if lost else None
        if failure == "drop":
            _drop_connection(request)
        if failure is not None:
            call["lost_reply"] = failure
            return PlainTextResponse("Internal Server Error", 500)
        return JSONResponse(call["response"])

    def _too_long(self, params: Params) -> bool:
        return len(str(params.get("text") or "")) > self.text_limit

    def add_human_message(self, channel: str, text: str, *, user: str, thread_ts: str) -> str:
        """A message a person wrote in Slack (it arrives as an event, not through the API)."""
        ts = self._new_ts()
        with self._lock:
            self._messages[(channel, ts)] = {
                "type": "message",
                "text": text,
                "user": user,
                "ts": ts,
                "thread_ts": thread_ts,
            }
        return ts

    def _store(self, channel: str, params: Params, **extra: Any) -> Params:
        ts = self._new_ts()
        message: Params = {
            "type": "message", "text": params.get("text", ""), "user": BOT_USER_ID,
            "bot_id": BOT_ID, "app_id": APP_ID, "team": TEAM_ID, "ts": ts, **extra,
        }  # fmt: skip
        for key in ("blocks", "attachments", "metadata", "thread_ts"):
            if params.get(key) is not None:
                message[key] = params[key]
        with self._lock:
            self._messages[(channel, ts)] = message
        return message

    # -- Web API methods: _api_ + method name with dots as underscores ------

    async def _api_auth_test(self, params: Params, request: Request) -> Params:
        return {
            "ok": True, "url": "https://scribe-test.slack.com/", "team": "Scribe Test",
            "user": "scribe", "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }  # fmt: skip

    async def _api_conversations_join(self, params: Params, request: Request) -> Params:
        channel = params.get("channel", "")
        if channel in self._private:
            return _err("method_not_supported_for_channel_type")
        if not channel.startswith("C"):
            return _err("channel_not_found")
        already = channel in self.joined
        self.joined.append(channel)
        result: Params = {"ok": True, "channel": {"id": channel, "is_member": True}}
        return result | ({"warning": "already_in_channel"} if already else {})

    async def _api_chat_postMessage(self, params: Params, request: Request) -> Params:
        channel = params.get("channel")
        if not channel or self._private.get(channel) is False:
            return _err("channel_not_found")
        if not any(params.get(k) for k in ("text", "blocks", "attachments")):
            return _err("no_text")
        if self._too_long(params):
            return _err("msg_too_long")
        if channel[0] in "UW":  # a user ID opens (or reuses) the bot's DM with them
            channel = "D" + channel[1:]
        message = self._store(channel, params)
        return {"ok": True, "channel": channel, "ts": message["ts"], "message": message}

    async def _api_chat_update(self, params: Params, request: Request) -> Params:
        channel, ts = params.get("channel", ""), params.get("ts", "")
        if self._too_long(params):
            return _err("msg_too_long")
        with self._lock:
            message = self._messages.get((channel, ts))
            if message is None:
                return _err("message_not_found")
            for key in ("text", "blocks", "attachments", "metadata"):
                if key in params:
                    message[key] = params[key]
            message["edited"] = {"user": BOT_USER_ID, "ts": self._new_ts()}
        return {
            "ok": True, "channel": channel, "ts": ts, "text": message.get("text", ""),
            "message": dict(message),
        }  # fmt: skip

    async def _api_chat_postEphemeral(self, params: Params, request: Request) -> Params:
        if not params.get("channel") or not params.get("user"):
            return _err("invalid_arguments")
        return {"ok": True, "message_ts": self._new_ts()}

    async def _api_chat_delete(self, params: Params, request: Request) -> Params:
        channel, ts = params.get("channel", ""), params.get("ts", "")
        with self._lock:
            if self._messages.pop((channel, ts), None) is None:
                return _err("message_not_found")
        return {"ok": True, "channel": channel, "ts": ts}

    async def _api_users_lookupByEmail(self, params: Params, request: Request) -> Params:
        email = str(params.get("email", "")).lower()
        for user in self._users.values():
            if user["profile"]["email"].lower() == email:
                return {"ok": True, "user": user}
        return _err("users_not_found")

    async def _api_conversations_open(self, params: Params, request: Request) -> Params:
        user = str(params.get("users", ""))
        if user not in self._users:
            return _err("user_not_found")
        return {"ok": True, "channel": {"id": "D" + user}}

    async def _api_users_info(self, params: Params, request: Request) -> Params:
        user = self._users.get(str(params.get("user")))
        return {"ok": True, "user": user} if user else _err("user_not_found")

    async def _api_conversations_replies(self, params: Params, request: Request) -> Params:
        messages = self.thread(str(params.get("channel")), str(params.get("ts")))
        if not messages:
            return _err("thread_not_found")
        messages = _with_metadata(messages, params)
        return {
            "ok": True, "messages": messages, "has_more": False,
            "response_metadata": {"next_cursor": ""},
        }  # fmt: skip

    async def _api_conversations_history(self, params: Params, request: Request) -> Params:
        """The channel's messages, newest first, without thread replies (as Slack gives
        them), up to ``limit``."""
        channel = str(params.get("channel"))
        if self._private.get(channel) is False:
            return _err("channel_not_found")
        top = [m for m in self.messages_in(channel) if m.get("thread_ts") in (None, m["ts"])]
        limit = int(params.get("limit") or 100)
        messages = _with_metadata([dict(m) for m in reversed(top)][:limit], params)
        return {
            "ok": True, "messages": messages, "has_more": len(top) > limit,
            "response_metadata": {"next_cursor": ""},
        }  # fmt: skip

    async def _api_files_getUploadURLExternal(self, params: Params, request: Request) -> Params:
        if not params.get("filename") or not params.get("length"):
            return _err("invalid_arguments")
        file_id = f"F{self._next():010d}"
        with self._lock:
            self._pending_uploads[file_id] = {"filename": params["filename"]}
        # The client uploads to whatever URL we hand out, so point it back at this fake.
        base = str(request.base_url).rstrip("/")
        return {"ok": True, "upload_url": f"{base}/upload/{file_id}", "file_id": file_id}

    async def _upload(self, file_id: str, request: Request) -> Response:
        data = await request.body()
        with self._lock:
            pending = self._pending_uploads.get(file_id)
            if pending is None:
                return PlainTextResponse("Not Found", 404)
            pending["bytes"] = data
        # slack_sdk only treats the upload as text when served as text/plain.
        return PlainTextResponse(f"OK - {len(data)}")

    def _file_object(self, file_id: str, record: Params) -> Params:
        name = record["filename"]
        return {
            "id": file_id, "created": 1700000000, "timestamp": 1700000000, "name": name,
            "title": record["title"], "mimetype": "text/plain", "filetype": "text",
            "user": BOT_USER_ID, "size": len(record["bytes"]), "is_external": False,
            "url_private": f"https://files.slack.com/files-pri/{TEAM_ID}-{file_id}/{name}",
            "permalink": f"https://scribe-test.slack.com/files/{BOT_USER_ID}/{file_id}/{name}",
        }  # fmt: skip

    async def _api_files_completeUploadExternal(self, params: Params, request: Request) -> Params:
        items = params.get("files")
        if not isinstance(items, list) or not items:
            return _err("invalid_arguments")
        with self._lock:
            if any("bytes" not in self._pending_uploads.get(str(i.get("id")), {}) for i in items):
                return _err("file_not_found")
            pending = [(str(i["id"]), self._pending_uploads.pop(str(i["id"])), i) for i in items]
        channel = params.get("channel_id") or (params.get("channels") or "").split(",")[0] or None
        thread_ts, comment = params.get("thread_ts"), params.get("initial_comment")
        files = []
        for file_id, record, item in pending:
            title = item.get("title") or record["filename"]
            record.update(
                title=title, channel_id=channel, thread_ts=thread_ts, initial_comment=comment
            )
            self.uploaded_files[file_id] = record
            files.append(self._file_object(file_id, record))
        if channel:  # Slack shares the files as a message from the bot, threaded if asked
            share = {"text": comment or "", "thread_ts": thread_ts}
            self._store(channel, share, files=files, upload=True)
        return {"ok": True, "files": files}

    async def _api_files_info(self, params: Params, request: Request) -> Params:
        file_id = str(params.get("file"))
        if (record := self.uploaded_files.get(file_id)) is None:
            return _err("file_not_found")
        return {"ok": True, "file": self._file_object(file_id, record)}

    async def _response_url(self, response_id: str, request: Request) -> Response:
        body = await request.json()
        with self._lock:
            self.responses.append(body)
        return JSONResponse({"ok": True})


def _with_metadata(messages: list[Params], params: Params) -> list[Params]:
    """Slack leaves message metadata out unless it is asked for."""
    if str(params.get("include_all_metadata", "")).lower() in ("1", "true"):
        return messages
    return [{k: v for k, v in m.items() if k != "metadata"} for m in messages]


def _drop_connection(request: Request) -> None:
    """Close the client's connection without an answer. uvicorn's ``receive`` is a method of
    the request's cycle, which holds the connection's transport."""
    transport = getattr(getattr(request.receive, "__self__", None), "transport", None)
    if transport is None:
        raise RuntimeError("the fake cannot reach this server's connection to drop it")
    transport.close()
