"""The Gradio web UI (政策问答 / 政策检索 / 文档管理); `build_ui` imports gradio lazily."""

from ui.app import build_ui, mount_ui

__all__ = ["build_ui", "mount_ui"]
