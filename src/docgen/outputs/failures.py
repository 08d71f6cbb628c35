"""What an OSError while writing an output means for a clerk: the real cause, in Chinese, and what to do."""

from __future__ import annotations

import errno
from pathlib import Path

from docgen.errors import OutputError, WriteRefusedError

_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_WIN_DISK_FULL = {39, 112}  # ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
_WIN_IN_USE = {32, 33}  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
_WIN_WRITE_PROTECT = {19}  # ERROR_WRITE_PROTECT
_DENIED = {errno.EACCES, errno.EPERM}


def write_failure(exc: OSError, path: Path, *, creating: bool) -> OutputError:
    """The error to raise for `exc` met while writing `path`; `creating` is true while the
    temporary file is made, where a refusal concerns the whole folder rather than one file."""
    folder = path.parent
    winerror = getattr(exc, "winerror", None)
    if exc.errno in _DISK_FULL or winerror in _WIN_DISK_FULL:
        return WriteRefusedError(
            f"磁盘空间已满，无法写入 {folder}", hint="请清理磁盘空间或换一个输出文件夹后重试（加 --resume 可接着生成）"
        )
    if exc.errno == errno.EROFS or winerror in _WIN_WRITE_PROTECT:
        return WriteRefusedError(
            f"{folder} 所在的磁盘是只读的（如写保护的U盘、光盘），无法写入", hint="请换一个可以写入的输出文件夹"
        )
    if winerror in _WIN_IN_USE:
        return OutputError(f"无法写入 {path.name}：文件正在 Word/WPS 或其他程序中打开", hint="请关闭该文件后重试")
    if exc.errno in _DENIED and creating:
        return WriteRefusedError(
            f"没有在 {folder} 中写入文件的权限", hint="请换一个输出文件夹，或请管理员开放该文件夹的写入权限"
        )
    if exc.errno in _DENIED:
        return OutputError(f"无权替换 {path.name}（文件可能是只读的）", hint="请检查该文件的属性和权限")
    if exc.errno == errno.ENAMETOOLONG:
        return OutputError(f"文件名太长，无法写入：{path.name}", hint="请用 --name 换一个较短的文件名模式")
    if exc.errno in (errno.ENOTDIR, errno.EEXIST) and creating:
        return OutputError(f"无法创建文件夹 {folder}：已有同名的文件", hint="请把该文件改名或移走，或换一个输出文件夹")
    return OutputError(f"无法写入 {path.name}：{exc.strerror or exc}", hint="请检查输出文件夹和磁盘")
