{
  _class = "clan.service";
  manifest.name = "A";
  manifest.description = "example service";
  roles.peer.description = "every peer";
  roles.peer.perInstance = { ... }: {
    nixosModule = { ... }: { environment.etc."a-peer".text = "hello"; };
  };
}
