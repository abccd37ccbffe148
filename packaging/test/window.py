#!/usr/bin/env python3
"""The installed app's window, driven inside the clean Debian root of
`make test-package` (as the test user, under session.sh: Xvfb, a session bus,
an unlocked gnome-keyring). Standard library only: the root has Debian's
python3 and nothing from the build machine.

The app is started the ways a user starts it: from its desktop entry (`gio
launch`, as a menu does) and by `xdg-open` with an otpauth:// link (as a
browser does). WebKitWebDriver then attaches to the running window through
WebKit's inspector server (`--target`), which the app opens when started with
WEBKIT_INSPECTOR_SERVER and TAURI_WEBVIEW_AUTOMATION=true, so what is checked
is the window those launches opened, not one a driver started.

Checks, each failing with a sentence naming what is wrong:
1. the desktop entry opens one window showing the first-run screen, and the
   vault is created with its key in the keyring (time to the first screen is
   printed: the launch time in the README);
2. `xdg-open LINK` starts the app with that account in its preview;
3. a second `xdg-open` while it runs hands its link to the same window and
   exits: one process, the same one, whose preview shows the second account;
   confirming the preview adds the accounts;
4. launch time: the plain command (no WebDriver) started three times, from
   just before the start to the app's own "first codes shown" line on stderr
   (WATCHWORD_STARTUP_TRACE, as scripts/bench-desktop.sh measures), median.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

APP = "/usr/bin/watchword-desktop"
DESKTOP_FILE = "/usr/share/applications/Watchword.desktop"
VAULT = os.path.expanduser("~/.local/share/watchword/vault.wwv")
# The first-run screen. `welcome` is the welcome screen's; `empty-state` is the
# empty account list's, accepted until the welcome screen lands.
FIRST_RUN = '[data-testid="welcome"]'
PREVIEW = '[data-testid="preview-dialog"]'
CANDIDATES = PREVIEW + ' [data-testid="candidate"]'
FIRST_LINK = "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example"
SECOND_LINK = "otpauth://totp/Other:bob?secret=KRSXG5CTMVRXEZLU&issuer=Other"


def fail(message):
    print(f"window: FAILED: {message}", flush=True)
    sys.exit(1)


def say(message):
    print(f"window: {message}", flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_pids():
    """The processes running the installed app (only this user's are readable)."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.readlink(f"/proc/{entry}/exe") == APP:
                    pids.append(int(entry))
            except OSError:
                pass
    return sorted(pids)


def bus_names():
    out = subprocess.run(
        ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
         "/org/freedesktop/DBus", "org.freedesktop.DBus.ListNames"],
        capture_output=True, text=True, check=True, timeout=10).stdout
    return [line.split('"')[1] for line in out.splitlines() if '"' in line]


def poll(what, check, seconds=20.0):
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            fail(f"{what} (waited {seconds:.0f} s)")
        time.sleep(0.05)


class WebDriverError(Exception):
    pass


class Window:
    """A WebDriver session with the app's running window."""

    def __init__(self, inspector_port):
        self.port = free_port()
        self.driver = subprocess.Popen(
            ["WebKitWebDriver", f"--target=127.0.0.1:{inspector_port}", f"--port={self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        poll("WebKitWebDriver did not listen", self._listening, 10)
        capabilities = {"capabilities": {"alwaysMatch": {"webkitgtk:browserOptions": {}}}}
        # The inspector server opens with the window; until then the session fails.
        deadline = time.monotonic() + 30
        while True:
            try:
                self.session = self._request("POST", "/session", capabilities)["sessionId"]
                break
            except WebDriverError as error:
                if time.monotonic() > deadline:
                    fail(f"no WebDriver session with the app's window within 30 s: {error}")
                time.sleep(0.1)

    def _listening(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return True
        except OSError:
            return False

    def _request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
            headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.load(response)["value"]
        except urllib.error.HTTPError as error:
            raise WebDriverError(error.read().decode(errors="replace")) from None
        except (urllib.error.URLError, ConnectionError) as error:
            raise WebDriverError(str(error)) from None

    def script(self, source, *args):
        return self._request("POST", f"/session/{self.session}/execute/sync",
                             {"script": source, "args": list(args)})

    def click(self, css):
        found = self._request("POST", f"/session/{self.session}/element",
                              {"using": "css selector", "value": css})
        element = next(iter(found.values()))
        self._request("POST", f"/session/{self.session}/element/{element}/click", {})

    def title(self):
        return self._request("GET", f"/session/{self.session}/title")

    def texts(self, css):
        return self.script(
            "return Array.from(document.querySelectorAll(arguments[0]))"
            ".map(e => e.textContent.trim())", css)

    def wait_for(self, css, seconds=20.0):
        return poll(f"nothing in the window matches {css}; it shows: {self.testids()}",
                    lambda: self.texts(css), seconds)

    def testids(self):
        try:
            return self.script(
                "return Array.from(document.querySelectorAll('[data-testid]'))"
                ".map(e => e.dataset.testid).join(' ')")
        except WebDriverError as error:
            return f"(unreadable: {error})"

    def stop(self):
        self.driver.terminate()
        self.driver.wait(timeout=10)


def automation_env(inspector_port):
    """The user's environment plus WebKit's inspector server, for WebDriver."""
    return dict(os.environ, TAURI_WEBVIEW_AUTOMATION="true",
                WEBKIT_INSPECTOR_SERVER=f"127.0.0.1:{inspector_port}")


def end_app():
    for pid in app_pids():
        os.kill(pid, signal.SIGTERM)
    poll("the app did not end on SIGTERM", lambda: not app_pids(), 10)
    # Its single-instance name must leave the bus before the next start.
    poll("the app's name stayed on the session bus",
         lambda: not [n for n in bus_names() if "watchword" in n.lower()], 10)


def first_run():
    inspector = free_port()
    started = time.monotonic()
    subprocess.run(["gio", "launch", DESKTOP_FILE], env=automation_env(inspector),
                   check=True, timeout=30)
    window = Window(inspector)
    shown = window.wait_for(FIRST_RUN)
    elapsed = time.monotonic() - started
    say(f"the desktop entry opened the first-run screen in {elapsed:.2f} s "
        f"(launch to the element found, WebDriver attach included): {shown[0][:60]!r}")
    if window.title() != "Watchword":
        fail(f"the window's title is {window.title()!r}, not 'Watchword'")
    if len(app_pids()) != 1:
        fail(f"{len(app_pids())} watchword-desktop processes after one launch")
    # The tray library is loaded at run time (dlopen, 1.5 s after start): a
    # dependency no linker check sees, so look in the running app's memory map.
    pid = app_pids()[0]

    def tray_loaded():
        with open(f"/proc/{pid}/maps") as maps:
            return "libayatana-appindicator3.so.1" in maps.read()
    poll("the running app never loaded libayatana-appindicator3 (its tray)", tray_loaded, 10)
    poll(f"the first run created no vault at {VAULT} (is the keyring used?)",
         lambda: os.path.isfile(VAULT))
    window.stop()
    end_app()


def links():
    inspector = free_port()
    # As a browser hands a link over: xdg-open resolves x-scheme-handler/otpauth
    # through the desktop database the package's triggers updated.
    opener = subprocess.Popen(["xdg-open", FIRST_LINK], env=automation_env(inspector))
    window = Window(inspector)
    window.wait_for(PREVIEW)
    first = poll("the preview never showed the link's account",
                 lambda: [t for t in window.texts(CANDIDATES) if "alice" in t])
    say(f"xdg-open started the app with the link in its preview: {first[0]!r}")
    pids = app_pids()
    if len(pids) != 1:
        fail(f"{len(pids)} watchword-desktop processes after xdg-open")

    # The second link comes from a plain user environment, as a browser's does.
    second = subprocess.run(["xdg-open", SECOND_LINK], timeout=30,
                            capture_output=True, text=True)
    if second.returncode != 0:
        fail(f"the second xdg-open exited {second.returncode}: {second.stderr.strip()}")
    shown = poll("the running window's preview never showed the second link "
                 f"(it shows {window.texts(CANDIDATES)})",
                 lambda: [t for t in window.texts(CANDIDATES) if "bob" in t])
    if app_pids() != pids:
        fail(f"the second xdg-open left processes {app_pids()}, expected only {pids}")
    say(f"a second xdg-open handed its link to the same window (pid {pids[0]}): {shown[0]!r}")
    window.click('[data-testid="preview-confirm"]')
    added = window.wait_for('[data-testid="account"]')
    say(f"confirming the preview added it: {added[0]!r}")
    window.stop()
    end_app()
    opener.wait(timeout=10)


def launch_time():
    """Milliseconds from the start to the first codes drawn, as a user starts it."""
    env = dict(os.environ, WATCHWORD_STARTUP_TRACE="1")
    started = time.monotonic()
    app = subprocess.Popen([APP], env=env, stderr=subprocess.PIPE, text=True)
    for line in app.stderr:
        if "first codes shown" in line:
            elapsed = (time.monotonic() - started) * 1000
            break
    else:
        fail(f"watchword-desktop exited ({app.wait()}) before drawing its codes")
    end_app()
    app.wait(timeout=10)
    return elapsed


def launch_times():
    times = sorted(launch_time() for _ in range(3))
    say(f"launch to first codes: median {times[1]:.0f} ms "
        f"(runs {', '.join(f'{t:.0f}' for t in times)} ms)")


if __name__ == "__main__":
    if app_pids():
        fail(f"watchword-desktop is already running: {app_pids()}")
    first_run()
    links()
    launch_times()
    say("all window checks passed")
