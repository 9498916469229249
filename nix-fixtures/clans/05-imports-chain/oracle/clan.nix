{ ... }:
{
  meta.name = "chained";
  meta.domain = "chained.lan";
  imports = [ ./inventory ];
}
