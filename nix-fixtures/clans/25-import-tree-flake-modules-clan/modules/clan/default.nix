{ inputs, config, ... }:
{
  imports = [
    inputs.flake-parts.flakeModules.modules
    inputs.clan-core.flakeModules.default
  ];
  systems = [ "x86_64-linux" "aarch64-linux" ];
  clan.meta.name = "dendritic-modules";
  clan.imports = builtins.attrValues config.flake.modules.clan;
}
