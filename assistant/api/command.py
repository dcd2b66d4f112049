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
    For several worker processes see docs/api.md.
    """
    import logging

    import uvicorn

    from assistant.api.app import create_app
    from assistant.settings import Settings

    try:
        settings = Settings()
    except Exception as err:  # pydantic ValidationError: show which setting is wrong
        raise click.ClickException(f"invalid settings: {err}") from err
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app(settings, with_ui=not no_ui)
    # The app logs every request with its timing; uvicorn's access log would repeat it.
    uvicorn.run(app, host=host, port=port, access_log=False, timeout_keep_alive=KEEP_ALIVE_S)


# An idle keep-alive connection is closed by the client or the proxy, never by us first:
# uvicorn's 5 s default equals httpx's and is below nginx's 60 s upstream keep-alive, so a
# request sent on a connection just as the server drops it failed (a ReadError in 1 of 3,358
# requests of the 64-client load check; a 502 behind nginx).
KEEP_ALIVE_S = 75
