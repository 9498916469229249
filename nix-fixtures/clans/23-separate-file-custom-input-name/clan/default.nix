{ inputs, self }:
inputs.clan.lib.clan {
  inherit self;
  specialArgs = { inherit inputs; };
  imports = [
    ./meta.nix
    ./machines.nix
    ./services.nix
  ];
}
