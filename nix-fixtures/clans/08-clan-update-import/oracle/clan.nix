# normalised: `{ self; meta; specialArgs } // import ./clan.nix { ... }` evaluated by hand
# (the right-hand `meta` wins; `self`/`specialArgs` dropped)
{
  meta.name = "merged";

  machines = {
    kiosk = { ... }: { services.cage.enable = true; };
  };

  inventory.machines = {
    kiosk.tags = [ "display" ];
    signage-1.tags = [ "display" ];
  };

  inventory.instances = {
    user-kiosk = {
      module.name = "users";
      roles.default.tags.display.settings.user = "kiosk";
    };
    user-root = {
      module.name = "users";
      roles.default.tags.all.settings.user = "root";
    };
  };
}
