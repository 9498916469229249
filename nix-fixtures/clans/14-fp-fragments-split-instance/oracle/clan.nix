# normalised: all `clan.*` fragments of the flake-parts modules reach `flake.clan`
# as ONE definition through the `clan` alias (mkAliasDefinitions = mkMerge of the
# alias's definitions, which are in REVERSE breadth-first order of the flake-parts
# modules); the clan evaluation reverses them once more. So they are listed here in
# reverse breadth-first order, one level below the clan roots.
{
  imports = [
    ./fragments/wireguard-extra-peer.nix
    ./fragments/wireguard-role-settings.nix
    ./fragments/wireguard-peer-tag-settings.nix
    ./fragments/wireguard-peers.nix
    ./fragments/wireguard-controller.nix
    ./fragments/wireguard-module.nix
    ./fragments/machines-gamma.nix
    ./fragments/machines-beta.nix
    ./fragments/machines-alpha.nix
    ./fragments/meta.nix
  ];
}
