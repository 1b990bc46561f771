"""
Writes the generated artefacts of the rule pack.

    python -m seclog_sigma.generate <package dir> --target main|datadog --field-maps <file> [--check]

`main` (pySigma 1.5 venv): generated/field-maps.json, pipelines/, replay/pack.json, elastic/, splunk/. `datadog` (pySigma 0.11
venv): datadog/. --check writes nothing and exits 1 when a committed file differs from what the sources produce.
"""
import argparse
import json
import sys
from pathlib import Path
from typing import Dict


def render_main(package_dir: Path, field_maps_text: str) -> Dict[str, str]:
    from .elastic_rules import elastic_rules
    from .pipeline_files import pipeline_files
    from .replay_sql import replay_entries
    from .rule_pack import load_pack
    from .splunk_searches import splunk_searches

    maps = json.loads(field_maps_text)
    files = {"generated/field-maps.json": field_maps_text, **pipeline_files(maps)}
    files["generated/replay/pack.json"] = json.dumps({"rules": replay_entries(load_pack(package_dir / "rules"))}, indent=2) + "\n"
    # Each SIEM conversion gets freshly parsed rules: pySigma keeps a rule's conversion state on the rule.
    files["generated/elastic/seclog-detection-rules.ndjson"] = elastic_rules(load_pack(package_dir / "rules"), maps["ecs"])
    files["generated/splunk/savedsearches.conf"] = splunk_searches(
        load_pack(package_dir / "rules"), maps["cim"], maps["eventModels"]
    )
    return files


def render_datadog(package_dir: Path, field_maps_text: str) -> Dict[str, str]:
    from .datadog_rules import datadog_rules

    maps = json.loads(field_maps_text)
    return {"generated/datadog/seclog-detection-rules.json": datadog_rules(package_dir / "rules", maps["datadog"])}


def main(argv) -> int:
    parser = argparse.ArgumentParser(prog="seclog_sigma.generate")
    parser.add_argument("package_dir")
    parser.add_argument("--target", choices=["main", "datadog"], required=True)
    parser.add_argument("--field-maps", required=True)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv[1:])
    package_dir = Path(args.package_dir).resolve()
    maps_text = Path(args.field_maps).read_text(encoding="utf-8")
    render = render_main if args.target == "main" else render_datadog
    stale = 0
    for rel, content in render(package_dir, maps_text).items():
        path = package_dir / rel
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == content:
            continue
        stale += 1
        if args.check:
            print(f"stale: {rel}", file=sys.stderr)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            print(f"wrote {rel}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
