# Not a test case. This file only marks nix-fixtures/eval as the sandbox root
# of `clan-inv eval` (the nearest ancestor holding flake.nix or clan.nix), so
# that cases in nix-fixtures/eval/<group>/ may read and import ../_data/.
{ }
