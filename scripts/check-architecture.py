#!/usr/bin/env python3
"""Checks two rules of docs/ARCHITECTURE.md that the compiler does not:

1. No cycles between a crate's source files. Edges are the `use crate::…`,
   `use super::…` and inline `crate::…` paths a file names, resolved to the
   file that defines that module. A parent's `mod child;` and its re-exports
   of a child's items (`pub use child::Item;`) are not edges: they only say
   where an item lives, and Rust needs them.
2. Tauri commands stay thin: no function under `#[tauri::command]` in
   src-tauri/src/commands/ is longer than ten lines (signature to closing
   brace).

`--graph` prints each crate's file graph in Graphviz form instead.
Exits 1 and names what is wrong when a rule is broken.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CRATES = {
    "watchword-desktop": ROOT / "src-tauri/src",
    "watchword-core": ROOT / "src-tauri/crates/watchword-core/src",
    "watchword-pin": ROOT / "src-tauri/crates/watchword-pin/src",
    "watchword-sandbox": ROOT / "src-tauri/crates/watchword-sandbox/src",
    "watchword-cli": ROOT / "src-tauri/crates/watchword-cli/src",
}
MAX_COMMAND_LINES = 10


def module_files(src: Path) -> dict[tuple[str, ...], Path]:
    """Module path (("vault", "open")) → file, for every .rs file under src."""
    modules = {}
    for path in sorted(src.rglob("*.rs")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] in ("mod", "lib", "main"):
            parts = parts[:-1]
        if path.name == "main.rs" and (src / "lib.rs").exists():
            continue  # a binary beside a library is its own root
        modules[tuple(parts)] = path
    return modules


def strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return "\n".join(line.split("//", 1)[0] for line in text.splitlines())


def use_paths(text: str) -> list[tuple[str, bool]]:
    """Every path a file names, with whether it is a re-export (`pub use`)."""
    paths = []
    for match in re.finditer(r"(pub(?:\([^)]*\))?\s+)?use\s+([^;]+);", text):
        reexport = match.group(1) is not None
        for path in expand(match.group(2).replace("\n", " ").replace(" ", "")):
            paths.append((path, reexport))
    # Inline paths (`crate::tray::refresh(…)`) outside use declarations.
    body = re.sub(r"use\s+[^;]+;", "", text)
    for match in re.finditer(r"\b((?:crate|super)(?:::[A-Za-z_][A-Za-z0-9_]*)+)", body):
        paths.append((match.group(1), False))
    return paths


def expand(tree: str) -> list[str]:
    """`a::{b, c::{d, e}}` → ["a::b", "a::c::d", "a::c::e"]."""
    brace = tree.find("{")
    if brace < 0:
        return [tree.split("as")[0] if "::" in tree else tree]
    prefix, inner = tree[:brace], tree[brace + 1 : tree.rfind("}")]
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(inner):
        depth += ch == "{"
        depth -= ch == "}"
        if ch == "," and depth == 0:
            parts.append(inner[start:i])
            start = i + 1
    parts.append(inner[start:])
    out = []
    for part in filter(None, parts):
        out.extend(expand(prefix + part))
    return out


def resolve(path: str, here: tuple[str, ...], modules) -> tuple[str, ...] | None:
    """The deepest module `path` names, seen from module `here`."""
    segments = path.split("::")
    if segments[0] == "crate":
        base: list[str] = []
        segments = segments[1:]
    elif segments[0] == "super":
        # In `a/b.rs` (module a::b) super is a; in `a/mod.rs` (module a) super is a's parent.
        base = list(here[:-1])
        segments = segments[1:]
        while segments and segments[0] == "super":
            base = base[:-1]
            segments = segments[1:]
    else:
        return None
    best = tuple(base) if tuple(base) in modules else None
    current = list(base)
    for segment in segments:
        current.append(segment)
        if tuple(current) in modules:
            best = tuple(current)
        else:
            break
    return best


def graph(src: Path) -> dict[tuple[str, ...], set[tuple[str, ...]]]:
    modules = module_files(src)
    edges: dict[tuple[str, ...], set[tuple[str, ...]]] = {m: set() for m in modules}
    for module, path in modules.items():
        text = strip_comments(path.read_text())
        for used, reexport in use_paths(text):
            target = resolve(used, module, modules)
            if target is None or target == module:
                continue
            # A parent re-exporting its descendants' items says where they live, no more.
            if reexport and target[: len(module)] == module:
                continue
            edges[module].add(target)
    return edges


def cycles(edges) -> list[list[tuple[str, ...]]]:
    """Strongly connected components of more than one file (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def long_commands(commands_dir: Path) -> list[str]:
    problems = []
    for path in sorted(commands_dir.glob("*.rs")):
        lines = path.read_text().splitlines()
        for i, line in enumerate(lines):
            if not line.strip().startswith("#[tauri::command"):
                continue
            start = next(j for j in range(i, len(lines)) if re.search(r"\bfn\s", lines[j]))
            end = next(j for j in range(start, len(lines)) if lines[j] == "}")
            length = end - start + 1
            if length > MAX_COMMAND_LINES:
                name = re.search(r"fn\s+(\w+)", lines[start]).group(1)
                problems.append(f"{path.relative_to(ROOT)}:{start + 1}: command {name} is {length} lines (at most {MAX_COMMAND_LINES})")
    return problems


def name(module: tuple[str, ...]) -> str:
    return "::".join(module) or "crate"


def main() -> int:
    if "--graph" in sys.argv:
        for crate, src in CRATES.items():
            print(f'digraph "{crate}" {{')
            for module, targets in sorted(graph(src).items()):
                for target in sorted(targets):
                    print(f'  "{name(module)}" -> "{name(target)}";')
            print("}")
        return 0
    problems = []
    for crate, src in CRATES.items():
        for component in cycles(graph(src)):
            problems.append(f"{crate}: files depend on each other in a cycle: {', '.join(map(name, component))}")
    problems += long_commands(CRATES["watchword-desktop"] / "commands")
    for problem in problems:
        print(f"check-architecture: {problem}", file=sys.stderr)
    if not problems:
        files = sum(len(module_files(src)) for src in CRATES.values())
        print(f"check-architecture: {files} files in {len(CRATES)} crates, no cycle; every command at most {MAX_COMMAND_LINES} lines")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
