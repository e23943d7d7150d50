"""Drive's file resources in Scribe's terms: which files are meetings, and which revision.

A change names a file whatever happened to it (renamed, shared, trashed, edited), so what is
kept is decided here: not trashed, in the watched folder, and a recording (audio, video), a
transcript file (.vtt, .srt, .txt) or a Google Meet transcript (a Google Doc Meet names
"... - Transcript"). Folders, other Google Docs, images and the like are left alone.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FOLDER = "application/vnd.google-apps.folder"
GOOGLE_DOC = "application/vnd.google-apps.document"
GOOGLE_APPS = "application/vnd.google-apps."
TRANSCRIPT_SUFFIXES = frozenset({".vtt", ".srt", ".txt"})
# The fields Scribe reads, for files.get and inside changes.list.
FILE_FIELDS = (
    "id,name,mimeType,parents,trashed,size,md5Checksum,headRevisionId,version,modifiedTime,"
    "driveId,owners(emailAddress,displayName),lastModifyingUser(emailAddress,displayName)"
)

Kind = Literal["media", "transcript", "meet_transcript"]


class Person(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    email: str | None = Field(None, alias="emailAddress")
    name: str = Field("", alias="displayName")


class DriveFile(BaseModel):
    """A `drive#file` resource, as much of it as Scribe uses."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    id: str
    name: str = ""
    mime_type: str = Field("", alias="mimeType")
    parents: tuple[str, ...] = ()
    trashed: bool = False
    size: int | None = None
    md5: str | None = Field(None, alias="md5Checksum")
    head_revision: str | None = Field(None, alias="headRevisionId")
    version: str | None = None
    modified: str | None = Field(None, alias="modifiedTime")
    drive_id: str | None = Field(None, alias="driveId")
    owners: tuple[Person, ...] = ()
    last_modifier: Person | None = Field(None, alias="lastModifyingUser")

    @property
    def kind(self) -> Kind | None:
        """What the file is to Scribe; None for anything that is not a meeting."""
        mime = self.mime_type.lower()
        if mime == GOOGLE_DOC:
            return "meet_transcript" if is_meet_transcript_name(self.name) else None
        if mime.startswith(GOOGLE_APPS):
            return None  # folders, Sheets, Slides, shortcuts
        if self.suffix in TRANSCRIPT_SUFFIXES and not mime.startswith(("audio/", "video/")):
            return "transcript"  # Drive types .vtt and .srt uploads variously
        if mime.startswith(("audio/", "video/")):
            return "media"
        return None

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix.lower()

    @property
    def revision(self) -> str:
        """What tells this content apart from the file's other versions: the same bytes
        uploaded again keep their md5; a Google Doc has no md5 or head revision, and its
        modification time moves when it is edited."""
        if self.md5:
            return f"md5-{self.md5}"
        if self.head_revision:
            return f"rev-{self.head_revision}"
        return f"mod-{self.modified or self.version or '0'}"

    @property
    def title(self) -> str:
        stem = PurePosixPath(self.name).stem if self.kind != "meet_transcript" else self.name
        return stem.removesuffix(" - Transcript").strip() or "Google Drive file"

    @property
    def owner(self) -> Person | None:
        """Who put the file there: its owner; in a shared drive (no owners), the last person
        who changed it."""
        for person in (*self.owners, self.last_modifier):
            if person is not None and person.email:
                return person
        return None


def is_meet_transcript_name(name: str) -> bool:
    """Meet names its transcripts "<meeting> (<date and time>) - Transcript"."""
    return name.rstrip().lower().endswith("transcript")


def wanted(file: DriveFile, folder_id: str) -> bool:
    """A file the watched folder's change should become a job for."""
    return not file.trashed and folder_id in file.parents and file.kind is not None
