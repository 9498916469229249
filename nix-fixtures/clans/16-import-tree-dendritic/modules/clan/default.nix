{ inputs, ... }:
{
  imports = [ inputs.clan-core.flakeModules.default ];
  clan.meta.name = "dendritic";
}
