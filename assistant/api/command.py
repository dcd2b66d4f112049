"""`policyqa serve`: the HTTP API and the web UI under uvicorn.

Only click is imported at module level: `policyqa --help` must stay fast.
"""

from __future__ import annotations

import click


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (0.0.0.0 for every interface).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--no-ui", is_flag=True, help="Serve the API only, without the web UI at /.")
def serve_command(host: str, port: int, no_ui: bool) -> None:
    """Serve the HTTP API (docs at /docs) and the web chat at /.

    The model and the index load once at start-up; /readyz answers 200 when they have.
    For several worker processes see docs/api.md. The server runs in a child process that
    this one watches (`assistant.api.supervisor`): SIGTERM always stops it.
    """
    import logging
    import os
    import sys

    from assistant.api.supervisor import CHILD_ENV, supervise

    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if os.environ.get(CHILD_ENV) != "1":
        local = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
        netloc = f"[{local}]" if ":" in local else local
        # -P: the current directory is not put first on the child's import path.
        command = [sys.executable, "-P", "-c", "from assistant.api.command import serve_command; "
                                               "serve_command()",
                   "--host", host, "--port", str(port), *(["--no-ui"] if no_ui else [])]
        sys.exit(supervise(command, f"http://{netloc}:{port}/healthz"))
    _serve(host, port, no_ui)


def _serve(host: str, port: int, no_ui: bool) -> None:
    import uvicorn

    from assistant.api.app import create_app
    from assistant.settings import Settings

    try:
        settings = Settings()
    except Exception as err:  # pydantic ValidationError: show which setting is wrong
        raise click.ClickException(f"invalid settings: {err}") from err
    from assistant.errors import BusyError

    app = create_app(settings, with_ui=not no_ui)
    try:
        # An embedded index belongs to this process: other processes' writers are refused.
        app.state.assistant.index.own()
    except BusyError as err:
        raise click.ClickException(f"{err}：一个嵌入式索引只能由一个服务使用") from err
    # The app logs every request with its timing; uvicorn's access log would repeat it.
    # X-Forwarded-For is read by the app, from POLICYQA_TRUSTED_PROXIES only: uvicorn's own
    # handling would trust it from 127.0.0.1, where anyone local could name any client.
    uvicorn.run(app, host=host, port=port, access_log=False, timeout_keep_alive=KEEP_ALIVE_S,
                proxy_headers=False)


# An idle keep-alive connection is closed by the client or the proxy, never by us first:
# uvicorn's 5 s default equals httpx's and is below nginx's 60 s upstream keep-alive, so a
# request sent on a connection just as the server drops it failed (a ReadError in 1 of 3,358
# requests of the 64-client load check; a 502 behind nginx).
KEEP_ALIVE_S = 75
