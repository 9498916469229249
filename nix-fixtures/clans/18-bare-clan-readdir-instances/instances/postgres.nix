{
  module.input = "self";
  roles.primary.machines.fra-a = { };
  roles.replica.tags.replica = { };
}
