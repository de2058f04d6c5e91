"""The notebooks' live parts where users meet them: JupyterLab in a real (headless) browser.

Unit tests cannot show that a widget renders and redraws, nor that a progress bar appears:
that takes a Jupyter front end and a browser. This test starts JupyterLab on 127.0.0.1 (free
port, random token, a temporary root holding a copy of `explorer_check.ipynb`), drives
Debian's Chromium through Selenium, runs the notebook (a tiny font autoencoder trained for
a few seconds with its progress bar, then notebook 1's latent explorer), moves the z1 slider
with the keyboard and asserts that the decoded figure is redrawn. Screenshots of the bar and
of the explorer are saved under pytest's temporary folder and their paths printed.

Run by `make browser` and `.ci/run` (marker `browser`; the default `pytest tests` run leaves it
out). A missing browser, driver or Selenium is a failure, never a skip: `.ci/run` installs
Chromium with apt. The server is stopped whatever happens.
"""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = Path(__file__).with_name("explorer_check.ipynb")
APT_HINT = "install them with `apt-get install -y chromium chromium-driver` (.ci/run does)"

# Every output text of the open notebook; a traceback among them ends the waiting at once.
OUTPUT_TEXTS = "return [...document.querySelectorAll('.jp-OutputArea-output')].map(e => e.innerText);"
KERNEL_IDLE = """
const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;
const kernel = widget && widget.sessionContext && widget.sessionContext.session
    && widget.sessionContext.session.kernel;
return Boolean(kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle');
"""
# Scrolls the first element matching a CSS selector whose text matches a regular expression into
# view, in one call: outputs are re-rendered as a progress bar advances, so a handle kept between
# calls can go stale.
SCROLL_TO = """
const [selector, pattern, block] = arguments;
const element = [...document.querySelectorAll(selector)].find(e => new RegExp(pattern).test(e.innerText));
if (element) element.scrollIntoView({block: block});
return Boolean(element);
"""
EXPLORER_IMAGE = ".widget-interact .widget-output img"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kernels_of(pid):
    """Pids of the kernels the server `pid` started (its child processes running ipykernel)."""
    kernels = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                if b"ipykernel" in (stat.parent / "cmdline").read_bytes():
                    kernels.append(int(stat.parent.name))
    return kernels


def _stop(server):
    """Stop JupyterLab (it shuts its kernels down on SIGTERM); kill what is left after 20 s."""
    kernels = _kernels_of(server.pid)
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    for pid in kernels:
        with contextlib.suppress(ProcessLookupError, FileNotFoundError):
            if b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes():
                os.kill(pid, signal.SIGKILL)


@pytest.fixture
def lab(tmp_path):
    """JupyterLab serving a copy of the check notebook; yields (base URL, token)."""
    root = tmp_path / "root"
    root.mkdir()
    shutil.copy(NOTEBOOK, root)
    port, token = _free_port(), secrets.token_hex(16)
    settings = tmp_path / "config" / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false", "checkForUpdates": false}')
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        # Settings (no news toast), workspaces and runtime files go to the temporary folder, not ~/.jupyter.
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "IPYTHONDIR": str(tmp_path / "ipython"),
    }
    env.pop("NOTEBOOK_UNATTENDED", None)  # a person "watches": progress bar and live explorer on
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--allow-root",  # CI runs as root
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: run cells, read the kernel state
    ]
    log = tmp_path / "jupyterlab.log"
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as log_file:
        server = subprocess.Popen(command, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited with {server.returncode}:\n{log.read_text()[-3000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer within 60 s:\n{log.read_text()[-3000:]}")
            request = urllib.request.Request(f"{base}/api/status", headers={"Authorization": f"token {token}"})
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(request, timeout=2):
                    break
            time.sleep(0.3)
        yield base, token
    finally:
        _stop(server)


@pytest.fixture
def browser():
    """Debian's Chromium, headless, driven through Selenium by Debian's chromedriver."""
    missing = [name for name in ("chromium", "chromedriver") if not shutil.which(name)]
    if missing:
        pytest.fail(f"the browser test needs {' and '.join(missing)}: {APT_HINT}")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("the browser test needs Selenium: .venv/bin/pip install -r requirements.txt")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1100"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver, what, seconds, condition):
    """Poll `condition(driver)` until it returns something truthy; fail on a traceback or after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        outputs = driver.execute_script(OUTPUT_TEXTS)
        errors = [text for text in outputs if "Traceback" in text]
        if errors:
            pytest.fail(f"a notebook cell failed while waiting for {what}:\n{errors[0][-3000:]}")
        value = condition(driver)
        if value:
            return value
        if time.monotonic() > deadline:
            outputs = "\n---\n".join(text[-500:] for text in outputs)
            pytest.fail(f"no {what} after {seconds} s; the notebook's outputs:\n{outputs}")
        time.sleep(0.25)


def _image_source(driver):
    return driver.execute_script(f"const img = document.querySelector('{EXPLORER_IMAGE}'); return img && img.src;")


def _screenshot(driver, path):
    time.sleep(0.3)  # let the scrolled page settle
    driver.save_screenshot(str(path))
    return path


def test_progress_bar_shows_and_the_explorer_redraws_when_a_slider_moves(browser, lab, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    start = time.monotonic()
    base, token = lab
    browser.get(f"{base}/lab/tree/{NOTEBOOK.name}?token={token}")
    _wait(browser, "idle kernel for the opened notebook", 90, lambda d: d.execute_script(KERNEL_IDLE))
    browser.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells');")

    bar = (".jp-OutputArea-output", r"\d+/\d+.*/epoch.*loss", "center")
    _wait(browser, "progress bar (epoch and loss)", 120, lambda d: d.execute_script(SCROLL_TO, *bar))
    progress_png = _screenshot(browser, tmp_path / "progress_bar.png")

    _wait(browser, "explorer image", 120, lambda d: (_image_source(d) or "").startswith("data:image/png"))
    before = _image_source(browser)
    handle = browser.find_element(By.CSS_SELECTOR, ".widget-interact .widget-slider .noUi-handle")
    readout = browser.find_element(By.CSS_SELECTOR, ".widget-interact .widget-slider .widget-readout")
    value_before = readout.text
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", handle)
    handle.send_keys(*[Keys.ARROW_RIGHT] * 10)
    _wait(browser, "slider move", 10, lambda d: readout.text != value_before)
    _wait(browser, "redrawn explorer image", 60, lambda d: _image_source(d) not in (None, before))
    _wait(browser, "explorer at rest", 60, lambda d: d.execute_script(KERNEL_IDLE))
    after = _image_source(browser)
    browser.execute_script(SCROLL_TO, ".widget-interact", "", "start")
    explorer_png = _screenshot(browser, tmp_path / "explorer.png")

    assert after.startswith("data:image/png") and after != before
    print(f"\nz1 {value_before} -> {readout.text}; image changed; {time.monotonic() - start:.1f} s in the browser")
    print(f"screenshots: {progress_png}\n             {explorer_png}")
