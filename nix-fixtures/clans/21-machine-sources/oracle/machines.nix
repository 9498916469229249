{
  machines.config-only =
    { lib, ... }:
    {
      boot.isContainer = true;
    };
  machines.both =
    { ... }:
    {
      services.openssh.enable = true;
    };
}
