#!/usr/bin/env python3
"""Generate a realistic benchmark clan and its normalised oracle equivalent.

    scripts/gen-clan.py N_MACHINES M_INSTANCES OUTDIR [--seed S]

OUTDIR receives a multi-file flake-parts clan, as a user would write it:

    flake.nix                 mkFlake + clan-core.flakeModules.default,
                              `clan = { imports = [ ./clan.nix ]; }`
    clan.nix                  meta, static inventory.tags, a few `machines.<m>` configs
    modules/machines/*.nix    flake-parts modules: `clan.inventory.machines.<m> = ...`
    modules/instances/*.nix   flake-parts modules: `clan.inventory.instances.<i> = ...`
                              (role tags in list and attrset form, explicit machines with
                              settings, tag settings, role settings)
    inventory.json            installedAt (and a few UI tags) for some machines
    machines/<m>/configuration.nix   a few machine directories (some machines exist only there)

and OUTDIR/oracle/ the same clan in the form the clan oracle reads (clan.nix importing the
same modules without the flake-parts `clan.` prefix, plus copies of inventory.json and
machines/). Every list option (a machine's tags, a static tag) is defined exactly once in
Nix, so the flake-parts definition order can not change the result: the oracle output of
OUTDIR/oracle is the ground truth for OUTDIR.

Deterministic for a given (N, M, seed); Python standard library only.
"""

import argparse
import json
import os
import random
import shutil
import sys

MACHINES_PER_FILE = 50
INSTANCES_PER_FILE = 10

PREFIXES = ["web", "db", "edge", "node", "build", "cache", "mon", "stor", "gw", "dev", "ci", "lab"]
SITES = ["fra", "ams", "nyc", "sfo", "sin", "syd"]
ROLE_TAGS = ["web", "db", "edge", "backup", "monitoring", "k8s", "gpu", "storage", "builder",
             "vpn", "public", "internal", "prod", "staging", "dev", "laptop", "server"]

# (module name, input, roles) — built-in clan services and a few of the clan's own
SERVICES = [
    ("sshd", None, ["server", "client"]),
    ("zerotier", None, ["controller", "moon", "peer"]),
    ("borgbackup", None, ["server", "client"]),
    ("wireguard", None, ["controller", "peer"]),
    ("monitoring", None, ["server", "client"]),
    ("users", None, ["default"]),
    ("syncthing", None, ["peer"]),
    ("mycelium", "clan-core", ["peer"]),
    ("garage", None, ["default"]),
    ("tor", None, ["server", "client"]),
    ("k3s", "self", ["server", "agent"]),
    ("nginx", "self", ["proxy", "backend"]),
    ("postgres", "self", ["primary", "replica", "client"]),
]


def nix_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("${", "\\${") + '"'


def nix_value(v, indent):
    pad = "  " * indent
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return nix_str(v)
    if isinstance(v, list):
        if not v:
            return "[ ]"
        if all(isinstance(x, (str, int, bool)) for x in v):
            return "[ " + " ".join(nix_value(x, 0) for x in v) + " ]"
        inner = "\n".join(pad + "  " + nix_value(x, indent + 1) for x in v)
        return "[\n" + inner + "\n" + pad + "]"
    if isinstance(v, dict):
        if not v:
            return "{ }"
        lines = ["{"]
        for k, x in v.items():
            lines.append(pad + "  " + nix_attr(k) + " = " + nix_value(x, indent + 1) + ";")
        lines.append(pad + "}")
        return "\n".join(lines)
    raise TypeError(v)


def nix_attr(k):
    ok = k and (k[0].isalpha() or k[0] == "_") and all(c.isalnum() or c in "_-'" for c in k)
    return k if ok else nix_str(k)


class Gen:
    def __init__(self, n, m, seed):
        self.n, self.m = n, m
        self.rng = random.Random(seed)
        self.name = "bench-%d-%d-s%d" % (n, m, seed)

    # ------------------------------------------------------------------ model
    def build(self):
        rng = self.rng
        names = []
        seen = set()
        i = 0
        while len(names) < self.n:
            i += 1
            name = "%s-%s-%04d" % (rng.choice(PREFIXES), rng.choice(SITES), i)
            if name not in seen:
                seen.add(name)
                names.append(name)
        self.names = names
        ntags = max(4, min(len(ROLE_TAGS) + self.n // 50, 120))
        self.tags = ROLE_TAGS + ["team-%02d" % k for k in range(ntags - len(ROLE_TAGS))]

        # where each machine is declared: nix module (most), machines/ dir only, clan.nix `machines.<m>` only
        self.machines = {}   # name -> dict (nix inventory definition) for nix-declared machines
        self.dir_only, self.config_only, self.dirs = [], [], []
        for idx, name in enumerate(names):
            r = rng.random()
            if self.n >= 10 and idx == self.n - 1:
                r = 0.0   # always at least one machine known only from machines/
            elif self.n >= 10 and idx == self.n - 2:
                r = 0.03  # and one known only from clan.nix `machines.<m>`
            if self.n >= 10 and r < 0.02:
                self.dir_only.append(name)
                self.dirs.append(name)
                continue
            if self.n >= 10 and r < 0.04:
                self.config_only.append(name)
                continue
            d = {}
            tags = rng.sample(self.tags[: min(len(self.tags), 12 + idx % 40)], rng.randint(0, 3))
            site = name.split("-")[1]
            if rng.random() < 0.7:
                tags.append(site)
            if tags:
                d["tags"] = tags
            if rng.random() < 0.1:
                d["machineClass"] = "darwin"
            if rng.random() < 0.6:
                d["deploy"] = {"targetHost": "root@%s.%s.example.net" % (name, site)}
                if rng.random() < 0.2:
                    d["deploy"]["buildHost"] = "root@build.%s.example.net" % site
            if rng.random() < 0.1:
                d["description"] = "%s in %s" % (name.split("-")[0], site)
            self.machines[name] = d
            if rng.random() < 0.03:
                self.dirs.append(name)
        if not self.dirs and self.machines:
            self.dirs.append(sorted(self.machines)[0])

        # inventory.json: installedAt for ~30 %, a UI tag for a few
        self.json_machines = {}
        base = 1_700_000_000
        for name in names:
            if rng.random() < 0.3:
                e = {"installedAt": base + rng.randint(0, 50_000_000)}
                if rng.random() < 0.1:
                    e["tags"] = ["ui-added"]
                self.json_machines[name] = e

        # static inventory.tags
        static_members = sorted(rng.sample(names, min(len(names), max(1, self.n // 20))))
        self.static_tags = {
            "oncall": static_members,
            "decommission": sorted(rng.sample(names, min(len(names), 2))) + ["ghost-host"],
        }

        used_tags = sorted({t for d in self.machines.values() for t in d.get("tags", [])}
                           | {"all", "nixos", "darwin", "oncall", "ui-added"})
        self.instances = {}
        for k in range(self.m):
            svc, inp, roles = SERVICES[k % len(SERVICES)]
            iname = svc if k < len(SERVICES) else "%s-%03d" % (svc, k)
            inst = {}
            if iname != svc or inp is not None:
                mod = {}
                if iname != svc:
                    mod["name"] = svc
                if inp is not None:
                    mod["input"] = inp
                inst["module"] = mod
            rdefs = {}
            for role in rng.sample(roles, rng.randint(1, len(roles))):
                rd = {}
                mode = rng.random()
                if mode < 0.7:
                    # role tags; ~5 % reference a tag nobody carries
                    tags = rng.sample(used_tags, rng.randint(1, 2))
                    if rng.random() < 0.05:
                        tags.append("unused-%d" % k)
                    if rng.random() < 0.4:
                        rd["tags_list"] = tags
                    else:
                        rd["tags"] = {}
                        for t in tags:
                            rd["tags"][t] = {"settings": {"weight": rng.randint(1, 9)}} if rng.random() < 0.2 else {}
                if mode > 0.4:
                    explicit = rng.sample(names, min(len(names), rng.randint(1, 4)))
                    if rng.random() < 0.05:
                        explicit.append("retired-%d" % k)   # unknown machine
                    rd["machines"] = {}
                    for mname in explicit:
                        if rng.random() < 0.5:
                            rd["machines"][mname] = {"settings": {"priority": rng.randint(1, 100),
                                                                  "label": "%s@%s" % (role, mname)}}
                        else:
                            rd["machines"][mname] = {}
                if rng.random() < 0.3:
                    rd["settings"] = {"enable": True, "port": rng.randint(1024, 65535),
                                      "extra": {"opts": ["-v"] if rng.random() < 0.5 else []}}
                rdefs[role] = rd
            inst["roles"] = rdefs
            self.instances[iname] = inst

    # ------------------------------------------------------------------ nix text
    def role_text(self, rd, indent):
        pad = "  " * indent
        out = []
        if "tags_list" in rd:
            out.append(pad + "tags = " + nix_value(rd["tags_list"], indent) + ";")
        if "tags" in rd:
            out.append(pad + "tags = " + nix_value(rd["tags"], indent) + ";")
        if "machines" in rd:
            out.append(pad + "machines = " + nix_value(rd["machines"], indent) + ";")
        if "settings" in rd:
            out.append(pad + "settings = " + nix_value(rd["settings"], indent) + ";")
        return "\n".join(out)

    def instance_text(self, iname, inst, prefix, indent):
        pad = "  " * indent
        lines = [pad + prefix + "instances." + nix_attr(iname) + " = {"]
        if "module" in inst:
            lines.append(pad + "  module = " + nix_value(inst["module"], indent + 1) + ";")
        if not inst["roles"]:
            lines.append(pad + "  roles = { };")
        for role, rd in inst["roles"].items():
            lines.append(pad + "  roles." + nix_attr(role) + " = {")
            body = self.role_text(rd, indent + 2)
            if body:
                lines.append(body)
            lines.append(pad + "  };")
        lines.append(pad + "};")
        return "\n".join(lines)

    def machine_files(self, prefix):
        items = sorted(self.machines.items())
        files = []
        for start in range(0, len(items), MACHINES_PER_FILE):
            chunk = dict(items[start:start + MACHINES_PER_FILE])
            body = "  " + prefix + "machines = " + nix_value(chunk, 1) + ";"
            files.append(("group-%03d.nix" % (start // MACHINES_PER_FILE),
                          "{\n" + body + "\n}\n"))
        return files

    def instance_files(self, prefix):
        items = list(self.instances.items())
        files = []
        for start in range(0, len(items), INSTANCES_PER_FILE):
            chunk = items[start:start + INSTANCES_PER_FILE]
            body = "\n".join(self.instance_text(n, i, prefix, 1) for n, i in chunk)
            header = "{ lib, ... }:\n" if (start // INSTANCES_PER_FILE) % 2 else ""
            files.append(("set-%03d.nix" % (start // INSTANCES_PER_FILE),
                          header + "{\n" + body + "\n}\n"))
        return files

    def clan_nix(self):
        lines = [
            "# clan-level module (imported by flake.nix through the flake-parts `clan` option)",
            "{",
            "  meta.name = %s;" % nix_str(self.name),
            "  meta.description = %s;" % nix_str("generated benchmark clan: %d machines, %d instances" % (self.n, self.m)),
            "",
            "  inventory.tags = " + nix_value(self.static_tags, 1) + ";",
        ]
        if self.config_only:
            lines.append("")
            lines.append("  # machines that exist only as NixOS configurations")
            for name in self.config_only:
                lines.append("  machines.%s =\n    { pkgs, ... }:\n    {\n      environment.systemPackages = [ pkgs.htop ];\n    };" % nix_attr(name))
        lines.append("}")
        return "\n".join(lines) + "\n"

    def flake_nix(self, mfiles, ifiles):
        imports = ["inputs.clan-core.flakeModules.default", "./modules/machines", "./modules/instances"]
        return """# Generated benchmark clan ({n} machines, {m} instances); see scripts/gen-clan.py.
{{
  inputs = {{
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    flake-parts.url = "github:hercules-ci/flake-parts";
    flake-parts.inputs.nixpkgs-lib.follows = "nixpkgs";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
    clan-core.inputs.nixpkgs.follows = "nixpkgs";
    clan-core.inputs.flake-parts.follows = "flake-parts";
  }};

  outputs =
    inputs@{{ flake-parts, ... }}:
    flake-parts.lib.mkFlake {{ inherit inputs; }} {{
      systems = [
        "x86_64-linux"
        "aarch64-linux"
        "aarch64-darwin"
      ];
      imports = [
{imports}
      ];

      clan = {{
        imports = [ ./clan.nix ];
      }};

      perSystem =
        {{ pkgs, ... }}:
        {{
          devShells.default = pkgs.mkShell {{ packages = [ pkgs.git ]; }};
        }};
    }};
}}
""".format(n=self.n, m=self.m, imports="\n".join("        " + i for i in imports))

    # ------------------------------------------------------------------ write
    def write(self, out):
        if os.path.exists(out):
            shutil.rmtree(out)
        os.makedirs(out)
        fp_m = self.machine_files("clan.inventory.")
        fp_i = self.instance_files("clan.inventory.")
        or_m = self.machine_files("inventory.")
        or_i = self.instance_files("inventory.")

        def w(rel, text):
            p = os.path.join(out, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as f:
                f.write(text)

        def index(files):
            return "{\n  imports = [\n" + "".join("    ./%s\n" % f for f, _ in files) + "  ];\n}\n"

        w("flake.nix", self.flake_nix(fp_m, fp_i))
        w("clan.nix", self.clan_nix())
        w("modules/machines/default.nix", index(fp_m))
        w("modules/instances/default.nix", index(fp_i))
        for f, t in fp_m:
            w("modules/machines/" + f, t)
        for f, t in fp_i:
            w("modules/instances/" + f, t)
        inv_json = json.dumps({"machines": self.json_machines}, indent=2, sort_keys=True) + "\n"
        w("inventory.json", inv_json)
        for name in self.dirs:
            w("machines/%s/configuration.nix" % name,
              "{ ... }:\n{\n  networking.domain = %s;\n}\n" % nix_str(name.split("-")[1] + ".example.net"))

        # normalised oracle form
        w("oracle/README.md", "Normalised equivalent of the generated flake for the clan oracle "
          "(same modules without the flake-parts `clan.` prefix).\n")
        w("oracle/clan.nix", "{\n  imports = [\n    ./clan-main.nix\n    ./modules/machines\n"
          "    ./modules/instances\n  ];\n}\n")
        w("oracle/clan-main.nix", self.clan_nix())
        w("oracle/modules/machines/default.nix", index(or_m))
        w("oracle/modules/instances/default.nix", index(or_i))
        for f, t in or_m:
            w("oracle/modules/machines/" + f, t)
        for f, t in or_i:
            w("oracle/modules/instances/" + f, t)
        w("oracle/inventory.json", inv_json)
        for name in self.dirs:
            src = os.path.join(out, "machines", name, "configuration.nix")
            w("oracle/machines/%s/configuration.nix" % name, open(src).read())


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("machines", type=int, metavar="N_MACHINES")
    ap.add_argument("instances", type=int, metavar="M_INSTANCES")
    ap.add_argument("outdir", metavar="OUTDIR")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    if a.machines < 1 or a.instances < 0:
        ap.error("need N_MACHINES >= 1 and M_INSTANCES >= 0")
    g = Gen(a.machines, a.instances, a.seed)
    g.build()
    g.write(a.outdir)
    print("wrote %s: %d machines (%d nix, %d dir-only, %d config-only), %d instances"
          % (a.outdir, a.machines, len(g.machines), len(g.dir_only), len(g.config_only), a.instances))


if __name__ == "__main__":
    main(sys.argv[1:])
