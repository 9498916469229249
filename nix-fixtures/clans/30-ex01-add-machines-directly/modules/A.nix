{
  _class = "clan.service";
  manifest.name = "A";
  roles.peer = { };
}
