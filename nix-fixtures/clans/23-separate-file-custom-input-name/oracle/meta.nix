{
  meta = {
    name = "custom-input";
    description = "clan-core is called `clan` here";
  };
}
