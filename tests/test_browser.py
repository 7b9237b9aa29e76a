"""A real browser runs the forward explorer in JupyterLab.

The test starts JupyterLab on loopback (a free port, no token, every
Jupyter directory and HOME inside a temporary directory), drives Debian's
chromium headless through Playwright, runs the explorers notebook, moves
the W2[1,1] slider one step with the keyboard, and waits until the panel
shows the y and L that ``nnlib`` computes for the new value. A
screenshot lands in ``artifacts/`` whatever the outcome. Everything the
test starts is stopped, also on failure.

Chromium comes from the system (``apt-get install chromium``; ``.ci/run``
does it), never from ``playwright install``. Without it the test skips,
saying so, except under CI (``CI`` set), where it fails; the same for
Playwright itself.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from nnlib import widgets

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "explorers.ipynb"
ARTIFACTS = ROOT / "artifacts"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
# JupyterLab settings: no news toast, no update check covering the page
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}


def _chromium():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        reason = ("Debian's chromium is not installed (apt-get install "
                  "chromium; .ci/run installs it)")
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _isolated_env(tmp):
    """Environment with HOME and every Jupyter directory under tmp."""
    env = dict(os.environ)
    for key, sub in (("HOME", "home"), ("JUPYTER_CONFIG_DIR", "config"),
                     ("JUPYTER_DATA_DIR", "data"),
                     ("JUPYTER_RUNTIME_DIR", "runtime"),
                     ("IPYTHONDIR", "ipython"), ("MPLCONFIGDIR", "mpl"),
                     ("JUPYTERLAB_SETTINGS_DIR", "lab-settings"),
                     ("JUPYTERLAB_WORKSPACES_DIR", "lab-workspaces")):
        (tmp / sub).mkdir(parents=True, exist_ok=True)
        env[key] = str(tmp / sub)
    env.pop("MPLBACKEND", None)  # the kernel's inline backend, as in lab
    for name, content in LAB_SETTINGS.items():
        plugin, file = name.rsplit("/", 1)
        folder = tmp / "lab-settings" / plugin
        folder.mkdir(parents=True, exist_ok=True)
        (folder / file).write_text(json.dumps(content))
    return env


@contextlib.contextmanager
def _jupyterlab(tmp):
    """A JupyterLab server serving tmp/root; yields its base URL."""
    proc, url, log = _start_server(tmp)
    try:
        yield url
    finally:
        # kernels run in sessions of their own: shut them down through
        # the server before stopping it
        with contextlib.suppress(OSError, ValueError):
            _shutdown_kernels(url)
        _stop(proc)
        log.close()


def _start_server(tmp, attempts=3):
    """Start jupyter lab on a free port; retry if another process took it.

    Returns the process, its URL and its open log file.
    """
    for attempt in range(attempts):
        port = _free_port()
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser",
               "--ip=127.0.0.1", f"--port={port}", "--port-retries=0",
               "--IdentityProvider.token=", "--ServerApp.password=",
               f"--ServerApp.root_dir={tmp / 'root'}",
               "--ServerApp.disable_check_xsrf=True"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        log = open(tmp / "jupyterlab.log", "wb")
        # a process group of its own: one signal reaches all of it
        proc = subprocess.Popen(cmd, env=_isolated_env(tmp), stdout=log,
                                stderr=subprocess.STDOUT,
                                start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_for_status(url, proc, tmp)
        except _ServerExited:
            log.close()
            if attempt == attempts - 1:
                raise
            continue
        except BaseException:
            _stop(proc)
            log.close()
            raise
        return proc, url, log


class _ServerExited(RuntimeError):
    """jupyter lab stopped before answering (its port taken, say)."""


def _shutdown_kernels(url):
    with urllib.request.urlopen(url + "/api/kernels", timeout=5) as r:
        kernels = json.load(r)
    for kernel in kernels:
        request = urllib.request.Request(
            f"{url}/api/kernels/{kernel['id']}", method="DELETE")
        with urllib.request.urlopen(request, timeout=10):
            pass


def _wait_for_status(url, proc, tmp, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise _ServerExited(
                "jupyter lab exited early:\n"
                + (tmp / "jupyterlab.log").read_text(errors="replace")
            )
        try:
            with urllib.request.urlopen(url + "/api/status", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"jupyter lab did not answer at {url} in {timeout}s")


def _stop(proc):
    """SIGTERM the server's process group, SIGKILL what is left."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


def _expected(**changes):
    """y and L as the panel shows them, computed by nnlib."""
    view = widgets.forward_view({**widgets.article_values(), **changes})
    return widgets.forward_rows(view)


def _shown(page, name):
    return page.locator(
        f".nnlib-forward-explorer .nnlib-v-{name}").first.inner_text()


def test_forward_explorer_answers_a_slider_in_jupyterlab(tmp_path):
    """Does the forward explorer show nnlib's y and L after a slider move?"""
    chromium = _chromium()
    try:
        from playwright import sync_api
    except ImportError:
        reason = "playwright is not installed (pip install -e '.[test]')"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    (tmp_path / "root").mkdir()
    shutil.copy(NOTEBOOK, tmp_path / "root" / NOTEBOOK.name)
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "browser-forward-explorer.png"

    # the slider W2[1,1] starts at the article's 0.3; one step is 0.05
    spec = {s.name: s for s in widgets.NETWORK_SPECS}["W2_11"]
    moved = widgets.snap(spec, spec.value + float(spec.step))
    before = dict(_expected())
    after = dict(_expected(W2_11=moved))
    assert before["y"] != after["y"], "the step must change y"

    with _jupyterlab(tmp_path) as url, sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium,
                                     args=CHROMIUM_FLAGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            _start_kernel(url, NOTEBOOK.name)  # so Lab asks no question
            page.goto(f"{url}/lab/tree/{NOTEBOOK.name}")
            page.locator(".jp-Notebook").first.wait_for(timeout=30_000)
            _wait_for_idle_kernel(page)
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.locator("li[data-command='runmenu:run-all']").click()

            panel = page.locator(".nnlib-forward-explorer").first
            _wait_visible(page, panel)
            panel.scroll_into_view_if_needed()
            _wait_text(page, "y", before["y"])
            assert _shown(page, "L") == before["L"]

            slider = panel.locator(".widget-slider").filter(
                has_text=spec.label)
            slider.locator(".noUi-handle").first.focus()
            page.keyboard.press("ArrowRight")

            _wait_text(page, "y", after["y"])
            _wait_text(page, "L", after["L"])
            readout = slider.locator(".widget-readout").first
            assert readout.inner_text().strip() == f"{moved:.2f}"
        finally:
            page.screenshot(path=str(shot), full_page=False)
            browser.close()


def _start_kernel(url, path):
    """A session with a python3 kernel for the notebook, via the REST API.

    Lab then opens the notebook on that running kernel instead of asking
    which kernel to start.
    """
    body = json.dumps({"path": path, "name": path, "type": "notebook",
                       "kernel": {"name": "python3"}}).encode()
    request = urllib.request.Request(
        url + "/api/sessions", data=body, method="POST",
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30):
        pass


def _accept_dialog(page):
    """Accept a dialog if Lab shows one (e.g. "Select Kernel")."""
    accept = page.locator(".jp-Dialog .jp-mod-accept")
    if accept.count():
        accept.first.click()


def _wait_for_idle_kernel(page, timeout=30.0):
    """Wait until the notebook's kernel is named and idle."""
    idle = page.locator(".jp-KernelStatus-success, "
                        "[data-status='idle'].jp-Notebook-ExecutionIndicator")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _accept_dialog(page)
        if idle.count() and _kernel_named(page):
            return
        time.sleep(0.2)
    raise AssertionError(f"the notebook's kernel did not start in "
                         f"{timeout:.0f} s")


def _wait_visible(page, locator, timeout=40.0):
    """Wait for ``locator``, accepting any dialog that gets in the way."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _accept_dialog(page)
        if locator.count() and locator.is_visible():
            return
        time.sleep(0.2)
    raise AssertionError(f"the forward explorer did not appear in "
                         f"{timeout:.0f} s")


def _kernel_named(page):
    """True once the toolbar names a kernel (not "No Kernel")."""
    name = page.locator(".jp-KernelName").first
    return name.count() and "No Kernel" not in name.inner_text()


def _wait_text(page, name, expected, timeout=20.0):
    """Wait until the panel's value cell ``name`` reads ``expected``."""
    deadline = time.monotonic() + timeout
    shown = None
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            shown = _shown(page, name)
            if shown == expected:
                return
        time.sleep(0.1)
    raise AssertionError(
        f"the panel shows {name} = {shown!r}; nnlib computes {expected!r}"
    )
