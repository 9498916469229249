{ config, lib, inputs, ... }:
{
  clan.inventory.instances = import ./instances.nix { inherit lib inputs; };
}
