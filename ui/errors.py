"""The UI's one translation of core errors: any of `CORE_ERRORS` becomes a gr.Error pop-up."""

from __future__ import annotations

import functools
import html
import inspect
import logging

import gradio as gr

from assistant.errors import (
    CORE_ERRORS,
    BusyError,
    InputError,
    LoadError,
    NotFoundError,
    UploadRefused,
    without_paths,
)
from assistant.validity import parse_as_of
from ui.admin import refusal, unreadable

log = logging.getLogger(__name__)

_TITLES = {
    InputError: "输入有误",
    LoadError: "文件无法读取",
    NotFoundError: "未找到",
    BusyError: "正在入库，请稍后再试",
}


def as_gr_error(exc: Exception) -> gr.Error:
    title = next((t for kind, t in _TITLES.items() if isinstance(exc, kind)), "出错了")
    # gr.Error renders HTML; messages may carry uploaded file names.
    return gr.Error(html.escape(user_message(exc)), title=title, print_exception=False)


def as_of_date(text: str | None):
    """The 截至日期 field as a date (None when empty), or a Chinese error saying the format."""
    try:
        return parse_as_of((text or "").strip() or None)
    except InputError as err:
        raise InputError(f"截至日期请写成 YYYY-MM-DD（例如 2024-01-01），而不是“{text}”") from err


def shows_errors(fn):
    """Wrap an event handler (function or generator) so errors reach the user once: a core
    error or a gr.Error it raises becomes one toast, and its outputs are left as they were
    (a raised gr.Error would also mark every output with a red 错误 badge that stays)."""
    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def generator(*args, **kwargs):
            try:
                yield from fn(*args, **kwargs)
            except (*CORE_ERRORS, gr.Error) as exc:
                _tell(exc)
                yield gr.skip()
        return generator

    @functools.wraps(fn)
    def handler(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (*CORE_ERRORS, gr.Error) as exc:
            _tell(exc)
            return gr.skip()
    return handler


def _tell(exc: Exception) -> None:
    log.info("ui: %s", exc)
    if isinstance(exc, gr.Error):  # the UI's own message, already in Chinese
        gr.Warning(exc.message, title=exc.title if exc.title not in ("", "Error") else "注意")
        return
    shown = as_gr_error(exc)
    gr.Warning(shown.message, title=shown.title)


def user_message(exc: Exception) -> str:
    """A core error as one Chinese line: its own message when it is Chinese (the UI's own
    checks say what is wrong), else what kind of failure it was."""
    if isinstance(exc, LoadError):  # which file and why, from the error's kind
        return f"{exc.source}：{unreadable(exc)}"
    if isinstance(exc, UploadRefused):
        return refusal(exc)
    text = without_paths(str(exc))
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return text
    title = next((t for kind, t in _TITLES.items() if isinstance(exc, kind)), "出错了")
    log.info("ui: shown as %s: %s", title, text)  # the English detail stays in the log
    return f"{title}，请稍后重试。" if title == "出错了" else f"{title}，请检查后重试。"


def notify(message: str) -> None:
    """A passing notice, titled in Chinese (gradio's default title is "Info")."""
    gr.Info(message, title="提示")


def warn(message: str) -> None:
    """A warning that leaves the page as it is, titled in Chinese (default "Warning")."""
    gr.Warning(message, title="注意")
