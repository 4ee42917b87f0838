#!/usr/bin/env python3
"""Fails when an import cycle between source files spans more than one capability folder.

The rule (docs/ARCHITECTURE.md, "Module map"): capabilities depend on each other in one
direction only. Inside a folder files may refer to each other freely; a cycle that leaves
the folder means two capabilities can no longer be understood (or moved) one at a time.

The graph: one node per file of app/src; an edge for every path that names another file,
however it is written — `use crate::…` (groups included), `crate::…` inline, `super::…`,
`self::…`, and a mod.rs naming its own child (`store::find(..)`). A name re-exported by a
mod.rs (`pub use status::ServiceStatus;`) leads to the file that defines it, so a folder's
types can be shared without tying every user to the whole folder. Top-level files
(`error.rs`, `state.rs` …) count as folders of their own.

Usage: scripts/check-import-cycles.py [SRC_DIR]   (default app/src); prints every cycle.
"""
import os
import re
import sys
from collections import defaultdict

SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "app", "src")


def module_of(path):
    parts = os.path.relpath(path, SRC)[:-3].split(os.sep)
    if parts[-1] in ("mod", "lib"):
        parts = parts[:-1]
    return tuple(parts)


def strip(text):
    """Source without comments and string contents (paths in docs are not dependencies)."""
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r'"(?:\\.|[^"\\])*"', '""', text)


def split_top(body):
    parts, depth, current = [], 0, ""
    for ch in body:
        depth += ch == "{"
        depth -= ch == "}"
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return parts + [current]


def expand(prefix, body):
    """`a::{b, c::{d, e}}` → [a::b, a::c::d, a::c::e]."""
    paths = []
    for part in split_top(body):
        part = part.strip()
        if not part:
            continue
        group = re.match(r"^([\w:]*?)::\{(.*)\}$", part, re.S)
        if group:
            paths += expand(prefix + [s for s in group.group(1).split("::") if s], group.group(2))
        elif part.startswith("{") and part.endswith("}"):
            paths += expand(prefix, part[1:-1])
        else:
            paths.append(prefix + [s.strip() for s in part.split(" as ")[0].split("::") if s.strip()])
    return paths


files = {}
for folder, _, names in os.walk(SRC):
    for name in names:
        if name.endswith(".rs"):
            path = os.path.join(folder, name)
            files[module_of(path)] = path
texts = {module: strip(open(path, encoding="utf-8").read()) for module, path in files.items()}
is_folder = {m: os.path.basename(p) in ("mod.rs", "lib.rs") for m, p in files.items()}

# Names a mod.rs re-exports from one of its children: (folder, name) -> child module.
reexports = {}
for module, text in texts.items():
    if not is_folder[module]:
        continue
    for found in re.finditer(r"\bpub\s+use\s+([^;]*);", text, re.S):
        for path in expand([], found.group(1)):
            if len(path) >= 2 and module + (path[0],) in files and path[-1] != "*":
                reexports[(module, path[-1])] = module + (path[0],)


def resolve(segments):
    """The file a path leads to: its longest module prefix, through a re-export if any."""
    for n in range(len(segments), 0, -1):
        module = tuple(segments[:n])
        if module in files:
            if n < len(segments) and (module, segments[n]) in reexports:
                return reexports[(module, segments[n])]
            return module
    return None


edges = defaultdict(set)
for module, text in texts.items():
    folder = module if is_folder[module] else module[:-1]
    paths = []
    for found in re.finditer(r"\buse\s+(crate|super|self)::([^;]*);", text, re.S):
        paths += [(found.group(1), path) for path in expand([], found.group(2))]
    # Inline paths, outside `use` items (their groups were expanded above: `use
    # crate::services::{ActionKind}` leads to services/status.rs, not services/mod.rs).
    inline = re.sub(r"\buse\s+(crate|super|self)::[^;]*;", "", text, flags=re.S)
    for found in re.finditer(r"(?<![\w:])(crate|super|self)::((?:\w+::)*\w+)", inline):
        paths.append((found.group(1), found.group(2).split("::")))
    if is_folder[module]:
        for found in re.finditer(r"(?<![\w:])(\w+)::", text):
            if module + (found.group(1),) in files:
                paths.append(("self", [found.group(1)]))
    for base, segments in paths:
        if base == "crate":
            full = list(segments)
        elif base == "self":
            full = list(folder) + list(segments)
        else:
            parent, rest = list(folder[:-1]), list(segments)
            while rest and rest[0] == "super":
                parent, rest = parent[:-1], rest[1:]
            full = parent + rest
        target = resolve(full)
        if target not in (None, (), module):
            edges[module].add(target)

# Strongly connected components (iterative Tarjan).
index, low, on_stack, stack, components, counter = {}, {}, set(), [], [], 0
for root in files:
    if root in index:
        continue
    work = [(root, iter(sorted(edges[root])))]
    index[root] = low[root] = counter
    counter += 1
    stack.append(root)
    on_stack.add(root)
    while work:
        node, children = work[-1]
        advanced = False
        for child in children:
            if child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges[child]))))
                advanced = True
                break
            if child in on_stack:
                low[node] = min(low[node], index[child])
        if advanced:
            continue
        work.pop()
        if work:
            low[work[-1][0]] = min(low[work[-1][0]], low[node])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            components.append(component)

crossing = 0
for component in sorted(components, key=len, reverse=True):
    if len(component) < 2:
        continue
    folders = sorted({member[0] for member in component})
    verdict = "SPANS FOLDERS" if len(folders) > 1 else "inside one folder"
    print(f"cycle of {len(component)} files ({verdict}: {', '.join(folders)})")
    for member in sorted(component):
        inside = sorted("::".join(t) for t in edges[member] if t in component)
        print(f"    {'::'.join(member)} -> {', '.join(inside)}")
    crossing += len(folders) > 1

if crossing:
    print(f"error: {crossing} import cycle(s) span more than one folder (see docs/ARCHITECTURE.md)")
    sys.exit(1)
print(f"import graph: {len(files)} files, {sum(map(len, edges.values()))} edges, no cycle spans two folders")
