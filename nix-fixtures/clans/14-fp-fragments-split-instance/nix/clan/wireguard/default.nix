{
  imports = [
    ./module.nix
    ./controller.nix
    ./peers.nix
    ./peer-tag-settings.nix
    ./role-settings.nix
    ./extra-peer.nix
  ];
}
