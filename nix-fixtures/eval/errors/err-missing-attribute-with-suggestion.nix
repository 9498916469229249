{ machines = { }; }.machine
