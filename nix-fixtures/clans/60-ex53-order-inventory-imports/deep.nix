{
  inventory = {
    imports = [
      { machines.jon.tags = [ "deep" ]; }
      { imports = [ { machines.jon.tags = [ "deeper" ]; } ]; }
    ];
  };
}
