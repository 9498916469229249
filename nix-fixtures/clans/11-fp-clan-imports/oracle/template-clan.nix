{
  # Ensure this is unique among all clans you want to use.
  meta.name = "__CHANGE_ME__";
  meta.domain = "studio.internal";

  inventory.machines = {
    # Define machines here.
    studio = { };
    macbook = {
      machineClass = "darwin";
      tags = [ "portable" ];
    };
  };

  # Docs: See https://docs.clan.lol/reference/clanServices
  inventory.instances = {
    # Docs: https://docs.clan.lol/reference/clanServices/admin/
    admin = {
      roles.default.tags.all = { };
      roles.default.settings.allowedKeys = {
        # Insert the public key that you want to use for SSH access.
        "admin-machine-1" = "__YOUR_PUBLIC_KEY__";
      };
    };

    # Docs: https://docs.clan.lol/reference/clanServices/zerotier/
    zerotier = {
      # Replace with the name (string) of your machine that you will use as zerotier-controller
      roles.controller.machines."studio" = { };
      # Peers of the network
      roles.peer.tags.all = { };
    };
  };

  # Additional NixOS configuration can be added here.
  machines = {
    printer-server = { config, ... }: { services.printing.enable = true; };
  };
}
