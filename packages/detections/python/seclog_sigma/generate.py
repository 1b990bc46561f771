"""
Writes the generated artefacts of the rule pack (python -m seclog_sigma.generate <package dir> [--check]).

--check writes nothing and exits 1 when a committed file differs from what the sources produce now.
"""
import json
import sys
from pathlib import Path
from typing import Dict

from .replay_sql import replay_entries
from .rule_pack import load_pack


def render(package_dir: Path) -> Dict[str, str]:
    """Relative path → content of every generated file."""
    pack = load_pack(package_dir / "rules")
    files: Dict[str, str] = {}
    files["generated/replay/pack.json"] = json.dumps({"rules": replay_entries(pack)}, indent=2) + "\n"
    return files


def main(argv) -> int:
    package_dir = Path(argv[1]).resolve()
    check = "--check" in argv
    stale = 0
    for rel, content in render(package_dir).items():
        path = package_dir / rel
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == content:
            continue
        stale += 1
        if check:
            print(f"stale: {rel}", file=sys.stderr)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            print(f"wrote {rel}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
