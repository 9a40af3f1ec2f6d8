"""yaml2json.py IN OUT, or yaml2json.py --list FILE (lines IN<TAB>OUT): YAML
files as JSON, read as bilan reads YAML (the
YAML 1.2 core schema: true/false only as booleans, no timestamps, which stay
strings), for a standard JSON Schema validator (tests/schema/ajv-check.mjs)."""
import json
import re
import sys

import yaml


class Core(yaml.SafeLoader):
    pass


# YAML 1.1 resolvers out: yes/no/on/off are text, dates are text
Core.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for first in "tTfF":
    Core.yaml_implicit_resolvers.setdefault(first, []).append(
        ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")))



def convert(src, dst):
    with open(src, encoding="utf-8") as f:
        data = yaml.load(f, Loader=Core)
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)


if sys.argv[1] == "--list":
    with open(sys.argv[2], encoding="utf-8") as f:
        for line in f:
            if line.strip():
                convert(*line.rstrip("\n").split("\t"))
else:
    convert(sys.argv[1], sys.argv[2])
