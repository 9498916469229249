{
  fleet.hosts.zeus = {
    role = "server";
    public = true;
  };
}
