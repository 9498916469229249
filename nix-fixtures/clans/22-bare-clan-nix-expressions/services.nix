{
  inventory.instances.vault = {
    module.input = "self";
    roles.server.tags.secrets = { };
    roles.client.tags.gateway = { };
  };
}
