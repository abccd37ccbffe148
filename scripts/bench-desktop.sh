#!/usr/bin/env bash
# `make bench-desktop`: the real window (watchword-desktop, a vault of 500
# accounts, each with a brand or icon-pack icon) against a minimal Tauri window (bench/minimal-window) on the same
# machine, in one run:
#   - launch time: from just before spawn to the app's startup-trace line on
#     stderr (Watchword: first codes shown; minimal: first paint, the
#     frame after its text; its DOM ready is reported too), median;
#   - memory: PSS (/proc/<pid>/smaps_rollup) summed over the app and all its
#     descendants (WebKitWebProcess, WebKitNetworkProcess, ...), once the
#     window has settled, median;
#   - idle CPU: utime+stime of the whole process tree over an idle window,
#     as % of one core;
#   - settling burst: how long after ready the tree keeps using more than
#     10 % of a core (0.5 s windows, watched for max(SETTLE, 10) s per run).
# Runs inside scripts/desktop-session.sh (a virtual screen, a session bus and
# an unlocked throwaway keyring).
#
# Environment:
#   BENCH_DESKTOP_RUNS=5         launches of each app (launch time and memory)
#   BENCH_DESKTOP_IDLE_SECS=60   idle CPU window
#   BENCH_DESKTOP_SETTLE_SECS=5  wait after ready before memory and idle CPU
#   BENCH_DESKTOP_ACCOUNTS=500   accounts in the vault
#   BENCH_DESKTOP_NO_BUILD=1     use the release binaries already built
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${BENCH_DESKTOP_RUNS:-5}"
idle="${BENCH_DESKTOP_IDLE_SECS:-60}"
settle="${BENCH_DESKTOP_SETTLE_SECS:-5}"
accounts="${BENCH_DESKTOP_ACCOUNTS:-500}"
target="${CARGO_TARGET_DIR:-$PWD/target}"

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  echo "bench-desktop: needs a display and a session bus; run it as" >&2
  echo "  scripts/desktop-session.sh scripts/bench-desktop.sh   (or: make bench-desktop)" >&2
  exit 2
fi
command -v python3 >/dev/null || { echo "bench-desktop: needs python3" >&2; exit 2; }

if [ -z "${BENCH_DESKTOP_NO_BUILD:-}" ]; then
  (cd ui && npm run build --silent)
  cargo build --release -p watchword-desktop -p watchword-cli -p watchword-bench-minimal --locked
fi
desktop="$target/release/watchword-desktop"
minimal="$target/release/minimal-window"
cli="$target/release/watchword"
for bin in "$desktop" "$minimal" "$cli"; do
  [ -x "$bin" ] || { echo "bench-desktop: missing $bin (build first)" >&2; exit 2; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The apps' config and caches (window state, WebKit) stay in the throwaway folder.
export WATCHWORD_DIR="$work/vault"
export XDG_CONFIG_HOME="$work/config"
export XDG_CACHE_HOME="$work/cache"
mkdir -p "$WATCHWORD_DIR" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"

# A keyring vault of $accounts accounts: distinct issuers, names and secrets,
# every one with an icon: odd ones named after services (their built-in brand
# icon), even ones given a picture by an Aegis icon pack.
"$cli" vault init >/dev/null
python3 - "$work/pack.zip" <<'PY'
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as pack:
    pack.writestr("pack.json", json.dumps({"uuid": "6d1c8f0e-0b5e-4c1e-9a51-bench0000001", "name": "Bench", "version": 1,
        "icons": [{"name": "Service", "filename": "service.svg", "category": "Bench", "issuer": ["service"]}]}))
    pack.writestr("service.svg", '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" rx="5" fill="#3060c0"/><circle cx="12" cy="12" r="6" fill="#fff"/></svg>')
PY
"$cli" icons import-pack "$work/pack.zip" >/dev/null
start=$(date +%s%N)
python3 - "$accounts" <<'PY' | while IFS= read -r uri; do "$cli" add "$uri" >/dev/null; done
import base64, hashlib, sys
brands = ["GitHub", "GitLab", "Google", "Dropbox", "Proton", "Discord", "Slack", "Reddit", "Steam", "Bitbucket"]
for i in range(1, int(sys.argv[1]) + 1):
    secret = base64.b32encode(hashlib.sha1(b"bench-%d" % i).digest()).decode().rstrip("=")
    issuer = f"{brands[i % len(brands)]}%20{i:03d}" if i % 2 else f"Service{i:03d}"
    print(f"otpauth://totp/{issuer}:user{i}%40example.com?secret={secret}&issuer={issuer}")
PY
vault_ms=$((($(date +%s%N) - start) / 1000000))
count=$("$cli" list | grep -c . || true)
letters=$("$cli" list --json | grep -c '"icon": "letter"' || true)
[ "$letters" = 0 ] || { echo "bench-desktop: $letters accounts without an icon" >&2; exit 1; }
echo "bench-desktop: vault of $accounts accounts, every one with an icon (brands and an icon pack), made by $accounts \`watchword add\` calls in $vault_ms ms ($count lines in \`watchword list\`)" >&2

python3 - "$minimal" "$desktop" "$runs" "$idle" "$settle" "$accounts" <<'PY'
"""Launches both apps in turn and measures launch time, PSS and idle CPU."""
import os
import re
import select
import signal
import statistics
import subprocess
import sys
import threading
import time

MINIMAL, DESKTOP = sys.argv[1], sys.argv[2]
RUNS, IDLE, SETTLE, ACCOUNTS = (int(a) for a in sys.argv[3:7])
TICK = os.sysconf("SC_CLK_TCK")
READY_TIMEOUT = 60.0
# The minimal window's first painted frame is the mark that matches Watchword's
# first codes shown (both: the frame after the one that drew them). Its DOM
# ready, before anything is painted, is kept for the record.
DOM_READY = re.compile(rb"minimal-window: dom ready after (\d+) ms")
APPS = {
    "minimal": (MINIMAL, re.compile(rb"minimal-window: first paint after (\d+) ms")),
    "watchword": (DESKTOP, re.compile(rb"watchword-desktop: first codes shown after (\d+) ms")),
}


def log(msg):
    print(f"bench-desktop: {msg}", file=sys.stderr, flush=True)


def stat(pid):
    """pid, ppid, session, utime+stime (ticks), start time, state, name."""
    with open(f"/proc/{pid}/stat", "rb") as f:
        raw = f.read()
    close = raw.rindex(b")")
    fields = raw[close + 2 :].split()
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            name = os.path.basename(f.read().split(b"\0")[0].decode(errors="replace"))
    except OSError:
        name = ""
    name = name or raw[raw.index(b"(") + 1 : close].decode(errors="replace")
    return {
        "pid": pid,
        "state": fields[0].decode(),
        "ppid": int(fields[1]),
        "sid": int(fields[3]),
        "ticks": int(fields[11]) + int(fields[12]),
        "start": int(fields[19]),
        "name": name,
    }


def tree(root):
    """The root process and every descendant (by parent, or by session)."""
    procs = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                procs[int(entry)] = stat(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    children = {}
    for p in procs.values():
        children.setdefault(p["ppid"], []).append(p["pid"])
    found, stack = {}, [root]
    while stack:
        pid = stack.pop()
        if pid in procs and pid not in found:
            found[pid] = procs[pid]
            stack.extend(children.get(pid, []))
    # The app runs in its own session (setsid): this catches a re-parented descendant.
    for p in procs.values():
        if p["sid"] == root:
            found.setdefault(p["pid"], p)
    return found


def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class App:
    """One launch of one app, in its own session and process group."""

    def __init__(self, key):
        self.key = key
        binary, self.pattern = APPS[key]
        env = dict(os.environ, WATCHWORD_STARTUP_TRACE="1")
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(
            [binary],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,
        )
        self.stderr = b""
        self.drain = None

    def wait_ready(self):
        """Reads stderr until the trace line: (wall ms from spawn, ms the app reports)."""
        fd = self.proc.stderr.fileno()
        deadline = self.t0 + READY_TIMEOUT
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError(f"{self.key}: no startup trace after {READY_TIMEOUT:.0f} s")
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 65536)
            now = time.monotonic()
            if not chunk:
                raise RuntimeError(f"{self.key}: exited ({self.proc.wait()}) before its startup trace")
            self.stderr += chunk
            found = self.pattern.search(self.stderr)
            if found:
                # Keep the pipe drained so the app never blocks on stderr.
                self.drain = threading.Thread(target=self._drain, daemon=True)
                self.drain.start()
                return (now - self.t0) * 1000.0, int(found.group(1))

    def _drain(self):
        fd = self.proc.stderr.fileno()
        try:
            while os.read(fd, 65536):
                pass
        except OSError:
            pass

    def stop(self):
        """Ends the whole tree and waits until none of it is left."""
        pid = self.proc.pid
        members = tree(pid)
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(pid, sig)
            except ProcessLookupError:
                pass
            for p in members.values():
                try:
                    os.kill(p["pid"], sig)
                except ProcessLookupError:
                    pass
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                self.proc.poll()
                if not any(alive(p) for p in members.values()) and self.proc.returncode is not None:
                    break
                time.sleep(0.05)
            else:
                continue
            break
        self.proc.wait()
        if self.drain:
            self.drain.join(timeout=2)
        self.proc.stderr.close()
        time.sleep(0.5)  # let the session bus drop the app's names


def alive(p):
    try:
        now = stat(p["pid"])
    except (OSError, ValueError, IndexError):
        return False
    return now["start"] == p["start"] and now["state"] not in ("Z", "X")


def memory(app):
    """PSS in KiB of the app's tree, total and by process name."""
    by_name = {}
    for p in tree(app.proc.pid).values():
        by_name[p["name"]] = by_name.get(p["name"], 0) + pss_kib(p["pid"])
    return sum(by_name.values()), by_name


def idle_cpu(app, seconds):
    """CPU % of one core used by the tree over `seconds`, total and by name.

    Samples every 0.5 s; a process born during the window counts from zero,
    one that ends counts up to its last sample.
    """
    first, last, names = {}, {}, {}

    def sample(initial):
        for p in tree(app.proc.pid).values():
            key = (p["pid"], p["start"])
            names[key] = p["name"]
            first.setdefault(key, p["ticks"] if initial else 0)
            last[key] = p["ticks"]

    t_start = time.monotonic()
    sample(True)
    t_end = t_start + seconds
    while True:
        left = t_end - time.monotonic()
        if left <= 0:
            break
        time.sleep(min(0.5, left))
        sample(False)
    elapsed = time.monotonic() - t_start
    by_name = {}
    for key, ticks in last.items():
        by_name[names[key]] = by_name.get(names[key], 0) + ticks - first[key]
    pct = lambda ticks: ticks / TICK / elapsed * 100.0
    return pct(sum(by_name.values())), {n: pct(t) for n, t in by_name.items()}, elapsed


# The settling burst: after the ready line, how long the process tree keeps
# working (style, layout, paint of the list, WebKit's own start-up) before it
# is idle: the end of the last 0.5 s window using more than BURST_PCT % of one core.
BURST_PCT = 10.0


def settling(app, seconds):
    """(seconds after ready until the last busy window ended, peak % of a core)."""

    def ticks():
        return sum(p["ticks"] for p in tree(app.proc.pid).values())

    t0 = time.monotonic()
    last_t, last_ticks = t0, ticks()
    busy_until, peak = 0.0, 0.0
    while time.monotonic() - t0 < seconds:
        time.sleep(0.5)
        now, now_ticks = time.monotonic(), ticks()
        pct = (now_ticks - last_ticks) / TICK / (now - last_t) * 100.0
        peak = max(peak, pct)
        if pct > BURST_PCT:
            busy_until = now - t0
        last_t, last_ticks = now, now_ticks
    return busy_until, peak


running = []


def launch(key):
    app = App(key)
    running.append(app)
    try:
        wall, reported = app.wait_ready()
    except Exception:
        log(f"{key} stderr:\n" + app.stderr.decode(errors="replace")[-4000:])
        raise
    return app, wall, reported


def finish(app):
    app.stop()
    running.remove(app)


def on_signal(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


signal.signal(signal.SIGTERM, on_signal)
signal.signal(signal.SIGHUP, on_signal)

burst = {k: [] for k in APPS}
launch_ms = {k: [] for k in APPS}
dom_ready_ms = []
reported_ms = {k: [] for k in APPS}
pss = {k: [] for k in APPS}
idle_result, pss_detail, pss_after_idle = {}, {}, {}
try:
    for key in APPS:  # warm-up: session bus activations, page cache
        app, wall, _ = launch(key)
        log(f"warm-up {key}: {wall:.0f} ms (discarded)")
        finish(app)
    for run in range(RUNS):
        for key in (list(APPS) if run % 2 == 0 else list(APPS)[::-1]):
            app, wall, reported = launch(key)
            burst[key].append(settling(app, max(SETTLE, 10)))
            total, _ = memory(app)
            finish(app)
            launch_ms[key].append(wall)
            if key == "minimal" and (dom := DOM_READY.search(app.stderr)):
                dom_ready_ms.append(int(dom.group(1)))
            reported_ms[key].append(reported)
            pss[key].append(total)
            log(f"run {run + 1}/{RUNS} {key}: ready {wall:.0f} ms (app says {reported} ms), PSS {total / 1024:.1f} MiB, "
                f"busy until {burst[key][-1][0]:.1f} s after ready (peak {burst[key][-1][1]:.0f} %)")
    for key in APPS:
        app, _, _ = launch(key)
        time.sleep(SETTLE)
        pss_detail[key] = memory(app)[1]
        log(f"idle {key}: {IDLE} s ...")
        idle_result[key] = idle_cpu(app, IDLE)
        pss_after_idle[key] = memory(app)[0]
        finish(app)
        log(f"idle {key}: {idle_result[key][0]:.2f} % of one core")
finally:
    for app in list(running):
        app.stop()


def fmt_ratio(a, b):
    if a <= 0:
        return "—"
    return f"{b / a:.0f}×" if b / a >= 10 else f"{b / a:.2f}×"


med_launch = {k: statistics.median(v) for k, v in launch_ms.items()}
med_pss = {k: statistics.median(v) / 1024 for k, v in pss.items()}
cpu = {k: idle_result[k][0] for k in APPS}
launch_ratio = med_launch["watchword"] / med_launch["minimal"]
pss_ratio = med_pss["watchword"] / med_pss["minimal"]
ok = lambda good: "pass" if good else "**fail**"

print()
print(f"Watchword with {ACCOUNTS} accounts in a keyring vault against a minimal Tauri window, {RUNS} launches each (after one discarded warm-up), alternating:")
print()
print("| metric | minimal window | Watchword | ratio | target | result |")
print("| --- | --- | --- | --- | --- | --- |")
print(
    f"| launch to the first painted frame (Watchword: its first codes; minimal: its text), median of {RUNS} "
    f"| {med_launch['minimal']:.0f} ms | {med_launch['watchword']:.0f} ms | {launch_ratio:.2f}× | ≤ 1.3× | {ok(launch_ratio <= 1.3)} |"
)
med_burst = {k: statistics.median(b for b, _ in v) for k, v in burst.items()}
print(
    f"| settling burst: seconds after ready until the tree stays under {BURST_PCT:.0f} % of a core (0.5 s windows), median of {RUNS} "
    f"| {med_burst['minimal']:.1f} s | {med_burst['watchword']:.1f} s | — | Watchword < 2 s | {ok(med_burst['watchword'] < 2.0)} |"
)
print(
    f"| memory: PSS of the process tree, {SETTLE} s after ready, median of {RUNS} "
    f"| {med_pss['minimal']:.1f} MiB | {med_pss['watchword']:.1f} MiB | {pss_ratio:.2f}× | ≤ 1.3× | {ok(pss_ratio <= 1.3)} |"
)
print(
    f"| idle CPU over {IDLE} s, process tree, % of one core "
    f"| {cpu['minimal']:.2f} % | {cpu['watchword']:.2f} % | {fmt_ratio(cpu['minimal'], cpu['watchword'])} | Watchword < 1 % | {ok(cpu['watchword'] < 1.0)} |"
)
print()
print("Details:")
print()
if dom_ready_ms:
    dom = statistics.median(dom_ready_ms)
    print(f"- minimal window's DOM ready (parsed, nothing painted yet; the app's own clock): {', '.join(map(str, dom_ready_ms))} ms, "
          f"median {dom:.0f} ms; Watchword's first codes by its own clock against it: {statistics.median(reported_ms['watchword']) / dom:.2f}×")
for key in APPS:
    print(f"- {key}: launch ms {', '.join(f'{v:.0f}' for v in launch_ms[key])} "
          f"(in-process: {', '.join(str(v) for v in reported_ms[key])}); "
          f"PSS MiB {', '.join(f'{v / 1024:.1f}' for v in pss[key])}; "
          f"PSS after the idle window {pss_after_idle[key] / 1024:.1f} MiB; "
          f"busy after ready {', '.join(f'{b:.1f} s (peak {p:.0f} %)' for b, p in burst[key])}")
    by_cpu = idle_result[key][1]
    parts = []
    for name in sorted(pss_detail[key].keys() | by_cpu.keys(), key=lambda n: -pss_detail[key].get(n, 0)):
        parts.append(f"{name} {pss_detail[key].get(name, 0) / 1024:.1f} MiB, {by_cpu.get(name, 0.0):.2f} % CPU")
    print(f"  - by process: {'; '.join(parts)}")
PY
