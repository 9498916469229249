{ lib, flake-parts-lib, ... }: {
  imports = [ (flake-parts-lib.mkTransposedPerSystemModule {
    name = "extra"; option = lib.mkOption { default = { }; }; file = ./opts.nix; }) ];
  options.flake.hosts = lib.mkOption { default = { }; };
  config.flake.hosts.a = { };
}
