"""Notebook 1 as a person runs it: JupyterLab in a real (headless) browser, Run All Cells from the menu.

Unit tests cannot show that a widget renders and redraws, nor what the progress bars look like
when a cell trains many runs: that takes a Jupyter front end and a browser. This test starts
JupyterLab on 127.0.0.1 (free port, random token, a temporary root holding a copy of
`notebooks/01_autoencoder.ipynb`, figures saved into a temporary folder), drives Debian's
Chromium through Selenium, runs the whole notebook through the Run menu, waits until every cell
has run and the kernel is idle, and asserts: no error and no output on stderr; every progress
bar at its final state (full, green, at as many epochs as it counts); the explorer redrawn after
its z1 slider moves. Screenshots of the bars and of the explorer are saved under pytest's
temporary folder and their paths printed.

Run by `make browser` and `.ci/run` (marker `browser`; the default `pytest tests` run leaves it
out). A missing browser, driver or Selenium is a failure, never a skip: `.ci/run` installs
Chromium with apt. The server is stopped whatever happens.
"""

import contextlib
import os
import re
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
NOTEBOOK = REPO / "notebooks" / "01_autoencoder.ipynb"
APT_HINT = "install them with `apt-get install -y chromium chromium-driver` (.ci/run does)"

# Every output text drawn in the open notebook (what a timeout reports).
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
# Scrolls to the outputs of the first code cell holding a text (textContent: cells out of view may not be laid out).
OUTPUTS_OF = """
const cell = [...document.querySelectorAll('.jp-CodeCell')].find(c => c.textContent.includes(arguments[0]));
const outputs = cell && cell.querySelector('.jp-OutputArea');
if (outputs) outputs.scrollIntoView({block: 'start'});
return Boolean(outputs);
"""
# The open notebook's code cells, from JupyterLab's models (cells scrolled out of view may not be drawn); none
# while JupyterLab is still opening it.
CODE_CELLS = """
const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;
if (!widget || !widget.content || !widget.content.widgets) return [];
const cells = widget.content.widgets.filter(c => c.model.type === 'code');
return cells.map(c => ({count: c.model.executionCount, outputs: c.model.outputs.toJSON()}));
"""
# Each progress bar (a tqdm widget): how full it is, its style and the text beside it.
BARS = """
return [...document.querySelectorAll('.widget-hprogress')].map(e => {
    const bar = e.querySelector('.progress-bar');
    return {width: bar ? bar.style.width : null, classes: bar ? bar.className : '', text: e.parentElement.textContent};
});
"""


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
    """JupyterLab serving a copy of notebook 1 (figures saved into a temporary folder); yields (base URL, token)."""
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
        "FIGURES_DIR": str(tmp_path / "figures"),  # what the notebook saves stays out of the repository
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
    """Poll `condition(driver)` until it returns something truthy; fail at once when any cell's model holds an error
    (drawn or not: JupyterLab does not draw cells out of view), or after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        _no_cell_failed(driver, what)
        value = condition(driver)
        if value:
            return value
        if time.monotonic() > deadline:
            outputs = "\n---\n".join(text[-500:] for text in driver.execute_script(OUTPUT_TEXTS))
            pytest.fail(f"no {what} after {seconds} s; the notebook's outputs:\n{outputs}")
        time.sleep(0.25)


def _no_cell_failed(driver, what):
    """Fail with the first error output of the open notebook's cells, read from their models."""
    outputs = [output for cell in driver.execute_script(CODE_CELLS) for output in cell["outputs"]]
    errors = [output for output in outputs if output["output_type"] == "error"]
    if errors:
        error, trace = errors[0], "\n".join(errors[0].get("traceback", []))[-3000:]
        pytest.fail(f"a notebook cell failed while waiting for {what}: {error['ename']}: {error['evalue']}\n{trace}")


def _image_source(driver):
    return driver.execute_script(f"const img = document.querySelector('{EXPLORER_IMAGE}'); return img && img.src;")


def _screenshot(driver, path):
    time.sleep(0.3)  # let the scrolled page settle
    driver.save_screenshot(str(path))
    return path


def _all_run(driver):
    """True once every code cell has an execution count and the kernel is idle: Run All has finished."""
    cells = driver.execute_script(CODE_CELLS)
    return bool(cells) and all(cell["count"] is not None for cell in cells) and driver.execute_script(KERNEL_IDLE)


def _click_menu(driver, menu, item):
    """Open the menu bar's `menu` and click its `item`, as a person does."""
    from selenium.webdriver.common.by import By

    labels = driver.find_elements(By.CSS_SELECTOR, ".lm-MenuBar-itemLabel")
    next(label for label in labels if label.text == menu).click()
    entries = driver.find_elements(By.CSS_SELECTOR, ".lm-Menu-itemLabel")
    next(entry for entry in entries if entry.text == item).click()


def test_notebook_1_runs_whole_with_finished_bars_and_a_live_explorer(browser, lab, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    start = time.monotonic()
    base, token = lab
    browser.get(f"{base}/lab/tree/{NOTEBOOK.name}?token={token}")
    _wait(browser, "idle kernel for the opened notebook", 90, lambda d: d.execute_script(KERNEL_IDLE))
    _click_menu(browser, "Run", "Run All Cells")
    bar = (".widget-hprogress", "", "center")
    _wait(browser, "a progress bar", 120, lambda d: d.execute_script(SCROLL_TO, *bar))
    _wait(browser, "every cell run", 900, _all_run)
    run_seconds = time.monotonic() - start

    _no_cell_failed(browser, "the whole notebook")
    outputs = [output for cell in browser.execute_script(CODE_CELLS) for output in cell["outputs"]]
    stderr = ["".join(output["text"]) for output in outputs if output.get("name") == "stderr"]
    assert not stderr, f"output on stderr: {stderr[0][:500]!r}"
    bars = browser.execute_script(BARS)
    assert bars, "no progress bar was shown"
    for shown in bars:
        done = re.search(r"(\d+)/(\d+) epochs", shown["text"].replace("\u2007", " "))  # tqdm pads with figure spaces
        assert done and done.group(1) == done.group(2), f"a bar did not end where its run ended: {shown['text']!r}"
        assert shown["width"] == "100%" and "progress-bar-success" in shown["classes"], shown
    browser.execute_script(OUTPUTS_OF, "ablation_logs = {")  # the cell that trains 18 runs: 18 labelled bars
    bars_png = _screenshot(browser, tmp_path / "progress_bars.png")

    _wait(browser, "explorer image", 60, lambda d: (_image_source(d) or "").startswith("data:image/png"))
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
    print(f"\nnotebook 1 run whole in {run_seconds:.0f} s: {len(bars)} progress bars, all finished")
    print(f"z1 {value_before} -> {readout.text}; image changed; {time.monotonic() - start:.1f} s in the browser")
    print(f"screenshots: {bars_png}\n             {explorer_png}")
