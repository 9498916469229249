{
  ns1.tags = [ "server" "dns" ];
  ns2.tags = [ "server" "dns" ];
  mail.tags = [ "server" ];
  laptop = { };
}
