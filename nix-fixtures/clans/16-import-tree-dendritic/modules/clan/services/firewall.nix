{
  clan.inventory.instances.fw = {
    module = {
      name = "firewall";
      input = "self";
    };
    roles.strict.tags.public = { };
    roles.relaxed.tags.olympians = { };
  };
}
