"""The HTTP API: a thin FastAPI edge over `PolicyAssistant` (see docs/api.md).

`create_app` lives in `assistant.api.app`. This package file stays empty so that importing
`assistant.api.command` (the CLI does) does not import FastAPI.
"""
