"""Per-browser-session folders for uploads and outputs: fixed names inside, never a path from the request."""

from __future__ import annotations

import json
import re
import secrets
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from werkzeug.datastructures import FileStorage

from docgen.errors import DocgenError

MB = 1024 * 1024
# What each upload slot takes: allowed suffixes and the size limit.
SLOTS = {
    "register": ((".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".et"), 50 * MB),
    "template": ((".docx",), 20 * MB),
    "rules": ((".toml",), 1 * MB),
}
_SID = re.compile(r"[0-9a-f]{32}")


class UploadError(DocgenError):
    """An upload is missing, too large or of a kind docgen does not read."""


@dataclass
class Upload:
    """A stored upload: where it is in the session folder and the name the clerk gave it (shown, never used)."""

    path: Path
    shown: str


class Workspace:
    """The server's scratch root; one folder per browser session, removed when the server stops."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root else Path(tempfile.mkdtemp(prefix="docgen-web-"))
        self._lock = threading.Lock()

    def new_session(self) -> str:
        return secrets.token_hex(16)

    def folder(self, sid: str) -> Path:
        if not _SID.fullmatch(sid):
            raise DocgenError("会话无效，请刷新页面")
        path = self.root / sid
        path.mkdir(parents=True, exist_ok=True)
        return path

    def save(self, sid: str, slot: str, upload: FileStorage | None) -> Upload:
        """Store `upload` in `slot` (replacing the previous one), checking its suffix and size."""
        suffixes, limit = SLOTS[slot]
        if upload is None or not upload.filename:
            raise UploadError("请先选择文件")
        shown = Path(upload.filename.replace("\\", "/")).name
        suffix = Path(shown).suffix.lower()
        if suffix not in suffixes:
            raise UploadError(f"「{shown}」不是可用的文件类型", hint="可用的类型：" + "、".join(suffixes))
        folder = self.folder(sid) / "uploads"
        folder.mkdir(exist_ok=True)
        for old in folder.glob(f"{slot}.*"):
            old.unlink()
        target = folder / f"{slot}{suffix}"
        size = 0
        with target.open("wb") as out:
            while chunk := upload.stream.read(1024 * 1024):
                size += len(chunk)
                if size > limit:
                    out.close()
                    target.unlink()
                    raise UploadError(
                        f"「{shown}」超过 {limit // MB} MB，太大了", hint="请只上传需要的工作表或拆分台账"
                    )
                out.write(chunk)
        self.write_state(sid, {f"{slot}_name": shown})
        return Upload(target, shown)

    def upload(self, sid: str, slot: str) -> Upload | None:
        found = sorted((self.folder(sid) / "uploads").glob(f"{slot}.*"))
        if not found:
            return None
        return Upload(found[0], str(self.state(sid).get(f"{slot}_name", found[0].name)))

    def as_shown(self, sid: str, text: str) -> str:
        """`text` with the stored upload names (register.xlsx) replaced by the names the clerk gave the files."""
        for slot in SLOTS:
            upload = self.upload(sid, slot)
            if upload is not None:
                text = text.replace(upload.path.name, upload.shown)
        return text

    def output_folder(self, sid: str, name: str) -> Path:
        """A fresh folder for one job's outputs."""
        path = self.folder(sid) / "outputs" / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

    def state(self, sid: str) -> dict:
        path = self.folder(sid) / "state.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def write_state(self, sid: str, changes: dict) -> dict:
        with self._lock:
            state = {**self.state(sid), **changes}
            (self.folder(sid) / "state.json").write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
            return state

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
