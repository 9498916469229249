# normalised: `clan.imports = with config.flake.modules.clan; [ base wireguard hosts ];`
# -> the three published modules imported in the same order, at the same depth
# (m1: the later import's tags come first).
{
  imports = [
    ./base.nix
    ./wireguard.nix
    ./hosts.nix
  ];
}
