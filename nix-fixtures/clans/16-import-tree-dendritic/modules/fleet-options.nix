{ lib, ... }:
{
  options.fleet.hosts = lib.mkOption {
    type = lib.types.attrsOf (
      lib.types.submodule {
        options.role = lib.mkOption { type = lib.types.enum [ "server" "desktop" ]; };
        options.public = lib.mkOption {
          type = lib.types.bool;
          default = false;
        };
      }
    );
    default = { };
  };
}
