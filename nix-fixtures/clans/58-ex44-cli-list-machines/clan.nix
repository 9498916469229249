# Case 58 — clan-semantics §16 example 44 (§14): `inventory.machines.{jon,sara}` and top-level
# `machines.vanessa` -> list_machines gives ["jon","sara","vanessa"].
{
  meta.name = "test";
  inventory.machines.jon = { };
  inventory.machines.sara = { };
  machines.vanessa =
    { pkgs, ... }:
    {
      environment.systemPackages = [ pkgs.vim ];
    };
}
