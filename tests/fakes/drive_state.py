"""What the fake Drive (drive_api.py) is made of: its files, the service-account key the
test generates, the JWT grant's checks, and the JSON shapes Google answers with."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from fastapi import Response
from fastapi.responses import JSONResponse

Json = dict[str, Any]
FOLDER = "application/vnd.google-apps.folder"
GOOGLE_DOC = "application/vnd.google-apps.document"
SCOPE = "https://www.googleapis.com/auth/drive.readonly"
JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
# The audience Google's token endpoint wants, wherever the key's `token_uri` sends the grant.
GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token"
SERVICE_ACCOUNT = "scribe@scribe-test.iam.gserviceaccount.com"
WEEK_S = 7 * 24 * 3600


@dataclass
class DriveCall:
    method: str
    path: str
    query: dict[str, str]
    body: Json | None = None
    status: int = 0


@dataclass
class DriveFile:
    id: str
    name: str
    mime_type: str
    parents: list[str]
    content: bytes = b""
    owners: list[Json] = field(default_factory=list)
    trashed: bool = False
    shared: bool = True  # with the service account
    version: int = 1
    modified: str = ""

    def resource(self) -> Json:
        body: Json = {
            "kind": "drive#file",
            "id": self.id,
            "name": self.name,
            "mimeType": self.mime_type,
            "parents": list(self.parents),
            "trashed": self.trashed,
            "owners": self.owners,
            "version": str(self.version),
            "modifiedTime": self.modified,
        }
        if not self.mime_type.startswith("application/vnd.google-apps."):
            # Only files with binary content have a size, an md5 and a head revision.
            body["size"] = str(len(self.content))
            body["md5Checksum"] = hashlib.md5(self.content).hexdigest()  # noqa: S324
            body["headRevisionId"] = f"rev-{body['md5Checksum'][:12]}"
        return body


def write_service_account_key(folder: Path, token_uri: str) -> tuple[Path, RSAPublicKey]:
    """A service-account key file as the Cloud console writes it, with a fresh RSA key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    info = {
        "type": "service_account",
        "project_id": "scribe-test",
        "private_key_id": secrets.token_hex(20),
        "private_key": pem,
        "client_email": SERVICE_ACCOUNT,
        "client_id": "1234567890",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": token_uri,
    }
    path = folder / "service-account.json"
    path.write_text(json.dumps(info))
    return path, key.public_key()


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def error(status: int, message: str, reason: str) -> JSONResponse:
    body = {"error": {"code": status, "message": message, "errors": [
        {"message": message, "domain": "global", "reason": reason}]}}  # fmt: skip
    return JSONResponse(body, status_code=status)


def check_assertion(assertion: str, keys: dict[str, RSAPublicKey]) -> str | None:
    """Why Google's token endpoint would refuse this JWT grant; None when it would not."""
    try:
        head, claims_part, signature = assertion.split(".")
        header, claims = json.loads(_b64(head)), json.loads(_b64(claims_part))
    except ValueError:
        return "Invalid JWT."
    key = keys.get(str(claims.get("iss")))
    if header.get("alg") != "RS256" or key is None:
        return "Invalid JWT Signature."
    try:
        key.verify(
            _b64(signature),
            f"{head}.{claims_part}".encode(),
            padding.PKCS1v15(),
            hashes.SHA256(),
        )
    except Exception:  # noqa: BLE001 - cryptography's InvalidSignature and friends
        return "Invalid JWT Signature."
    now = time.time()
    if claims.get("aud") != GOOGLE_TOKEN_AUDIENCE:
        return "Invalid JWT: audience is not Google's token endpoint."
    if SCOPE not in str(claims.get("scope", "")).split():
        return "Invalid JWT: no Drive scope."
    if not claims.get("iat", 0) - 300 <= now <= claims.get("exp", 0):
        return "Invalid JWT: Token must be a short-lived token."
    return None


def scripted_error(status: int) -> JSONResponse:
    if status >= 500:
        return error(status, "Backend Error", "backendError")
    if status == 403:
        return error(status, "User Rate Limit Exceeded", "userRateLimitExceeded")
    return error(status, "Request failed", "failed")


def ranged(content: bytes, header: str | None) -> Response:
    if not header or not header.startswith("bytes="):
        return Response(content, media_type="application/octet-stream")
    first, _, last = header.removeprefix("bytes=").partition("-")
    start, end = int(first), min(int(last or len(content) - 1), len(content) - 1)
    if start >= len(content):
        return Response(status_code=416, headers={"content-range": f"bytes */{len(content)}"})
    return Response(
        content[start : end + 1],
        status_code=206,
        media_type="application/octet-stream",
        headers={"content-range": f"bytes {start}-{end}/{len(content)}"},
    )
