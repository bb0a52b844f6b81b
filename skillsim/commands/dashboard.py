"""`skillsim dashboard [--port P] [--host H] [--scale F]`: serve the interactive scenario page.

Starts the Solara server (`python -m solara run skillsim.dashboard.app --production`) on
http://H:P/ and runs until stopped (Ctrl-C or SIGTERM, which also stops the server).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from skillsim import frontend
from skillsim.errors import UserError
from skillsim.runs import check_run_options

APP_MODULE = "skillsim.dashboard.app"


def assets_dir() -> Path | None:
    """The directory Solara should serve its front-end files from: an explicit
    SOLARA_ASSETS_PROXY_CACHE_DIR, else Solara's own cache if it holds the page's bundle,
    else the offline copy from `python -m skillsim.frontend` (run by ./setup.sh; in
    SKILLSIM_SOLARA_ASSETS, default ~/.cache/skillsim/solara-cdn); None if none has it
    (Solara will then try cdn.jsdelivr.net)."""
    explicit = os.environ.get("SOLARA_ASSETS_PROXY_CACHE_DIR")
    if explicit:
        return Path(explicit)
    bundle = frontend.bundle_path()
    own = Path(sys.prefix) / "share" / "solara" / "cdn"
    for candidate in (own, frontend.assets_folder()):
        if (candidate / bundle).is_file():
            return candidate
    return None


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("dashboard", help="serve the interactive scenario page (Solara) on a local port")
    p.add_argument("--port", type=int, default=8765, help="TCP port to serve on (default 8765)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--scenarios", default=None,
                   help="directory of scenario TOML files to choose from (default: the repository's scenarios/)")
    p.add_argument("--results", default=None,
                   help="directory searched for stored results.parquet files (default: the repository's results/)")
    p.add_argument("--scale", type=float, default=None,
                   help="share of persons simulated in the page's runs (default 0.01: 1 in 100; the page states it)")
    p.set_defaults(func=handle)


def check_port(host: str, port: int) -> None:
    if not (1 <= port <= 65535):
        raise UserError(f"--port {port} is not allowed; allowed: an integer in [1, 65535]")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise UserError(f"--port {port} on {host} cannot be used ({exc.strerror}); choose another --port") from None


def command(host: str, port: int) -> list[str]:
    return [sys.executable, "-m", "solara", "run", APP_MODULE, "--host", host, "--port", str(port),
            "--production", "--no-open", "--no-check-version", "--log-level", "warning"]


def handle(args) -> int:
    check_port(args.host, args.port)
    env = dict(os.environ)
    if args.scale is not None:
        check_run_options(0, args.scale)
        env["SKILLSIM_DASHBOARD_SCALE"] = repr(float(args.scale))
    for option, var in ((args.scenarios, "SKILLSIM_SCENARIOS_DIR"), (args.results, "SKILLSIM_RESULTS_DIR")):
        if option is not None:
            path = Path(option)
            if not path.is_dir():
                raise UserError(f"{option}: directory not found (given to --{var.split('_')[1].lower()})")
            env[var] = str(path.resolve())
    assets = assets_dir()
    if assets is None:
        sys.stderr.write(f"skillsim dashboard: Solara's front-end files are not in {frontend.assets_folder()}; the page "
                         "will fetch them from cdn.jsdelivr.net and stays blank without internet access. Install them "
                         f"with `{sys.executable} -m skillsim.frontend` (from the npm registry; ./setup.sh does this).\n")
    else:
        env["SOLARA_ASSETS_PROXY_CACHE_DIR"] = str(assets)
    env.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    env.setdefault("MPLBACKEND", "Agg")
    print(f"skillsim dashboard: serving on http://{args.host}:{args.port}/ (Ctrl-C stops it)", flush=True)
    server = subprocess.Popen(command(args.host, args.port), env=env)

    def stop(signum, frame):  # SIGTERM: leave the wait below and stop the server too
        raise _Stopped()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        return_code = server.wait()
    except (KeyboardInterrupt, _Stopped):
        shutdown(server)
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        if server.poll() is None:
            shutdown(server)
    if return_code != 0:
        sys.stderr.write(f"skillsim dashboard: the Solara server stopped with exit code {return_code}\n")
        return 1
    return 0


class _Stopped(Exception):
    """SIGTERM arrived."""


def shutdown(server: subprocess.Popen, grace_s: float = 5.0) -> None:
    """Ask the server to stop like Ctrl-C does; kill it if it has not stopped in grace_s."""
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
